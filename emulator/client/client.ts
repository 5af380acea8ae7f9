/**
 * A typed client for the emulator's control API (and nothing else), over the global `fetch`.
 * Used by the tests, the e2e harness and the delivery CLI; every response is checked by a guard.
 */
import {
	isApiKeyRecord,
	isCatalogSummary,
	isDeliveryLogEntry,
	isDeliveryResult,
	isDeliveryStatusReport,
	isEmulatorConfig,
	isEmulatorInfo,
	isFault,
	isRequestLogEntry,
	isStoredEndpoint,
} from './clientGuards';
import { isJobSummary, isStoredAnnotation, isStoredEvent, isStoredUser } from './v2Guards';
import { isArrayOf, isJsonObject, isString } from '../guards';
import type { EventTypeDef } from '../api/types';
import type { CatalogSummary, CatalogUpdate, EmulatorInfo, KeySpec } from '../control/types';
import type {
	DeliveryLogEntry,
	DeliveryRequest,
	DeliveryResult,
	DeliveryStatus,
	DeliveryStatusReport,
} from '../deliveries/types';
import type { EmulatorConfig } from '../state/config';
import type { ApiKeyRecord, Fault, FaultSpec, RequestLogEntry, StoredEndpoint } from '../state/types';
import type { JobSummary, StoredAnnotation, StoredEvent, StoredUser } from '../state/v2/types';

export class EmulatorControlError extends Error {
	constructor(
		message: string,
		readonly status: number,
		readonly code: string | undefined,
	) {
		super(message);
		this.name = 'EmulatorControlError';
	}
}

type Guard<T> = (value: unknown) => value is T;

const isAnything = (value: unknown): value is unknown => value !== undefined;

const DEFAULT_SETTLE_TIMEOUT_MS = 60_000;
/** One long-poll's length: short enough to notice the caller's deadline, long enough not to be a busy loop. */
const LONG_POLL_MS = 10_000;

function listOf<T>(key: string, guard: Guard<T>): Guard<Record<string, T[]>> {
	return (value): value is Record<string, T[]> => isJsonObject(value) && isArrayOf(value[key], guard);
}

/** `?orgId=…&since=…` from the options that are set. */
function queryOf(options: Record<string, string | number | undefined>): string {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(options)) if (value !== undefined) params.set(name, String(value));
	const query = params.toString();
	return query === '' ? '' : `?${query}`;
}

export class EmulatorClient {
	readonly baseUrl: string;

	constructor(baseUrl: string) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
	}

	private async call<T>(method: string, path: string, guard: Guard<T>, body?: unknown): Promise<T> {
		const response = await fetch(`${this.baseUrl}/__emulator${path}`, {
			method,
			headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		let payload: unknown;
		try {
			payload = text === '' ? undefined : JSON.parse(text);
		} catch {
			payload = text;
		}
		const call = `${method} /__emulator${path}`;
		if (!response.ok) {
			const message = isJsonObject(payload) && isString(payload.message) ? payload.message : text;
			const code = isJsonObject(payload) && isString(payload.code) ? payload.code : undefined;
			throw new EmulatorControlError(`${call}: ${response.status} ${message}`, response.status, code);
		}
		if (!guard(payload)) {
			throw new EmulatorControlError(`${call}: unexpected response ${text}`, response.status, undefined);
		}
		return payload;
	}

	async info(): Promise<EmulatorInfo> {
		return await this.call('GET', '/info', isEmulatorInfo);
	}

	async reset(): Promise<void> {
		await this.call('POST', '/reset', isAnything);
	}

	async config(): Promise<EmulatorConfig> {
		return await this.call('GET', '/config', isEmulatorConfig);
	}

	/** E.g. `{endpointIds: 'opaque'}`; a reset returns to the start-up config. */
	async configure(partial: Partial<EmulatorConfig>): Promise<EmulatorConfig> {
		return await this.call('POST', '/config', isEmulatorConfig, partial);
	}

	async addKey(spec: KeySpec): Promise<ApiKeyRecord> {
		return await this.call('POST', '/keys', isApiKeyRecord, spec);
	}

	async revokeKey(key: string): Promise<void> {
		await this.call('POST', '/keys/revoke', isAnything, { key });
	}

	async setCatalog(update: CatalogUpdate): Promise<CatalogSummary> {
		return await this.call('POST', '/catalog', isCatalogSummary, update);
	}

	/** Overrides `hasSubcategories` for one org (the default org unless given), e.g. `{'metric.alert': false}`. */
	async setHasSubcategories(flags: Record<string, boolean>, orgId?: string): Promise<CatalogSummary> {
		return await this.setCatalog({ orgId, hasSubcategories: flags });
	}

	/** Types outside the built-in catalog, e.g. `{eventName: 'session.highlight', ...}`, offered to one org. */
	async addEventTypes(defs: EventTypeDef[], orgId?: string): Promise<CatalogSummary> {
		return await this.setCatalog({ orgId, addEventTypes: defs });
	}

	async catalog(orgId?: string): Promise<CatalogSummary> {
		const query = orgId === undefined ? '' : `?orgId=${encodeURIComponent(orgId)}`;
		return await this.call('GET', `/catalog${query}`, isCatalogSummary);
	}

	/** Returns the fault's id. */
	async injectFault(spec: FaultSpec): Promise<string> {
		const isIdReply = (value: unknown): value is { id: string } => isJsonObject(value) && isString(value.id);
		return (await this.call('POST', '/faults', isIdReply, spec)).id;
	}

	async faults(): Promise<Fault[]> {
		return (await this.call('GET', '/faults', listOf('faults', isFault))).faults;
	}

	async clearFaults(): Promise<void> {
		await this.call('DELETE', '/faults', isAnything);
	}

	async requests(options: { since?: number } = {}): Promise<RequestLogEntry[]> {
		const query = options.since === undefined ? '' : `?since=${options.since}`;
		return (await this.call('GET', `/requests${query}`, listOf('requests', isRequestLogEntry))).requests;
	}

	async clearRequests(): Promise<void> {
		await this.call('DELETE', '/requests', isAnything);
	}

	/** Every endpoint of every org, with its org id and secret. */
	async endpoints(): Promise<StoredEndpoint[]> {
		return (await this.call('GET', '/endpoints', listOf('endpoints', isStoredEndpoint))).endpoints;
	}

	async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
		return await this.call('POST', '/deliver', isDeliveryResult, request);
	}

	async deliveries(options: { since?: number } = {}): Promise<DeliveryLogEntry[]> {
		const query = options.since === undefined ? '' : `?since=${options.since}`;
		return (await this.call('GET', `/deliveries${query}`, listOf('deliveries', isDeliveryLogEntry))).deliveries;
	}

	/** Also forgets the statuses of settled deliveries; pending ones keep being tracked. */
	async clearDeliveries(): Promise<void> {
		await this.call('DELETE', '/deliveries', isAnything);
	}

	/** The org's v2 users (the default org unless given), deleted ones until their deletion is over. */
	async users(options: { orgId?: string } = {}): Promise<StoredUser[]> {
		return (await this.call('GET', `/users${queryOf(options)}`, listOf('users', isStoredUser))).users;
	}

	/** The events the org accepted (`POST /v2/events` and finished batch jobs), oldest first: after seq `since`, the newest `last`. */
	async events(options: { orgId?: string; since?: number; last?: number } = {}): Promise<StoredEvent[]> {
		return (await this.call('GET', `/events${queryOf(options)}`, listOf('events', isStoredEvent))).events;
	}

	async annotations(options: { orgId?: string } = {}): Promise<StoredAnnotation[]> {
		return (await this.call('GET', `/annotations${queryOf(options)}`, listOf('annotations', isStoredAnnotation))).annotations;
	}

	/** The org's batch import jobs, oldest first, with their status and counts. */
	async jobs(options: { orgId?: string } = {}): Promise<JobSummary[]> {
		return (await this.call('GET', `/jobs${queryOf(options)}`, listOf('jobs', isJobSummary))).jobs;
	}

	/** Finishes a PROCESSING job now, as its timer would (for `jobCompletion: 'manual'`). */
	async finishJob(jobId: string, orgId?: string): Promise<JobSummary> {
		return await this.call('POST', '/jobs/finish', isJobSummary, { jobId, orgId });
	}

	/** Fails a PROCESSING job as a whole: nothing is applied, every request gets this error. */
	async failJob(jobId: string, failure: { message?: string; code?: string; orgId?: string } = {}): Promise<JobSummary> {
		return await this.call('POST', '/jobs/fail', isJobSummary, { jobId, ...failure });
	}

	/** Every tracked delivery's state; with `waitMs`, answered once nothing is pending or after that long (at most 30 s). */
	async deliveryStatus(options: { waitMs?: number } = {}): Promise<DeliveryStatusReport> {
		const query = options.waitMs === undefined ? '' : `?waitMs=${options.waitMs}`;
		return await this.call('GET', `/deliveries/status${query}`, isDeliveryStatusReport);
	}

	/**
	 * Waits (long-polling, no busy loop) until every delivery has settled: retries included, however many
	 * are in flight. Returns every tracked delivery; throws once `timeoutMs` passes with some still pending.
	 */
	async waitForDeliveriesSettled(options: { timeoutMs?: number } = {}): Promise<DeliveryStatus[]> {
		const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS);
		for (;;) {
			const waitMs = Math.max(0, Math.min(deadline - Date.now(), LONG_POLL_MS));
			const report = await this.deliveryStatus({ waitMs });
			if (report.pending === 0) return report.deliveries;
			if (Date.now() >= deadline) {
				const pending = report.deliveries.filter((status) => status.state === 'pending');
				const next = pending.map((status) => status.nextAttemptAt).filter((at) => at !== undefined).sort()[0];
				throw new Error(
					`${report.pending} deliveries still pending after ${options.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS} ms` +
						(next === undefined ? '' : ` (next retry due ${next}; is retryTimeScale small enough?)`),
				);
			}
		}
	}
}
