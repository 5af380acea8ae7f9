/** In-memory state of the emulated FullStory: keys, orgs, their endpoints and catalogs, their v2 data, and the config. */
import { OrgCatalog } from './catalog';
import type { EmulatorConfig } from './config';
import { V2State } from './v2/orgData';
import type { ApiKeyRecord, StoredEndpoint } from './types';

export interface StoreSeed {
	defaultOrgId: string;
	/** Seeded keys plus keys given at start-up; a reset returns to exactly these. */
	keys: ApiKeyRecord[];
	config: EmulatorConfig;
}

export class EmulatorStore {
	config: EmulatorConfig;

	private keys = new Map<string, ApiKeyRecord>();

	private revoked = new Set<string>();

	/** Per org, in insertion order (the order List Endpoints pages through). */
	private endpoints = new Map<string, StoredEndpoint[]>();

	private catalogs = new Map<string, OrgCatalog>();

	/** Users, events, annotations and batch jobs per org (state/v2/). */
	v2 = new V2State();

	constructor(private readonly seed: StoreSeed) {
		this.config = { ...seed.config };
		this.reset();
	}

	get defaultOrgId(): string {
		return this.seed.defaultOrgId;
	}

	reset(): void {
		this.config = { ...this.seed.config };
		this.keys = new Map(this.seed.keys.map((record) => [record.key, { ...record }]));
		this.revoked = new Set();
		this.endpoints = new Map();
		this.catalogs = new Map();
		this.v2 = new V2State(this.v2.eventSeq);
	}

	/** A usable key: known and not revoked. */
	findKey(key: string): ApiKeyRecord | undefined {
		return this.revoked.has(key) ? undefined : this.keys.get(key);
	}

	addKey(record: ApiKeyRecord): void {
		this.revoked.delete(record.key);
		this.keys.set(record.key, { ...record });
	}

	revokeKey(key: string): boolean {
		if (!this.keys.has(key)) return false;
		this.revoked.add(key);
		return true;
	}

	/** Every org that has a key, a catalog or endpoints, the default org first (v2 data needs a key, so its org is here). */
	orgIds(): string[] {
		const ids = new Set<string>([this.defaultOrgId]);
		for (const record of this.keys.values()) ids.add(record.orgId);
		for (const id of this.catalogs.keys()) ids.add(id);
		for (const id of this.endpoints.keys()) ids.add(id);
		return [...ids];
	}

	hasOrg(orgId: string): boolean {
		return this.orgIds().includes(orgId);
	}

	keysOf(orgId: string): ApiKeyRecord[] {
		return [...this.keys.values()].filter((record) => record.orgId === orgId && !this.revoked.has(record.key));
	}

	catalog(orgId: string): OrgCatalog {
		let catalog = this.catalogs.get(orgId);
		if (catalog === undefined) {
			catalog = new OrgCatalog(orgId);
			this.catalogs.set(orgId, catalog);
		}
		return catalog;
	}

	/** Swaps in an org's whole catalog (a control update is applied to a copy first). */
	replaceCatalog(catalog: OrgCatalog): void {
		this.catalogs.set(catalog.orgId, catalog);
	}

	endpointsOf(orgId: string): readonly StoredEndpoint[] {
		return this.endpoints.get(orgId) ?? [];
	}

	allEndpoints(): StoredEndpoint[] {
		return [...this.endpoints.values()].flat();
	}

	findEndpoint(orgId: string, id: string): StoredEndpoint | undefined {
		return this.endpointsOf(orgId).find((endpoint) => endpoint.id === id);
	}

	findEndpointByUrl(orgId: string, url: string): StoredEndpoint | undefined {
		return this.endpointsOf(orgId).find((endpoint) => endpoint.url === url);
	}

	insertEndpoint(endpoint: StoredEndpoint): void {
		const list = this.endpoints.get(endpoint.orgId) ?? [];
		list.push(endpoint);
		this.endpoints.set(endpoint.orgId, list);
	}

	/** Keeps the endpoint's place in the list even when its id changes (a URL change re-keys it). */
	replaceEndpoint(previousId: string, endpoint: StoredEndpoint): void {
		const list = this.endpoints.get(endpoint.orgId) ?? [];
		const index = list.findIndex((candidate) => candidate.id === previousId);
		if (index === -1) list.push(endpoint);
		else list[index] = endpoint;
		this.endpoints.set(endpoint.orgId, list);
	}

	deleteEndpoint(orgId: string, id: string): boolean {
		const list = this.endpoints.get(orgId) ?? [];
		const index = list.findIndex((endpoint) => endpoint.id === id);
		if (index === -1) return false;
		list.splice(index, 1);
		return true;
	}
}
