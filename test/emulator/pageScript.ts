/**
 * Runs the page's own script (emulator/control/page/script.ts) in a `vm` context without a DOM, its relative
 * `fetch` calls sent to a live emulator, and hands back what it exports: the tests then exercise the
 * very code the browser runs, over HTTP, through the control routes it calls.
 */
import { createContext, Script } from 'node:vm';

import { isJsonObject } from '../../emulator/guards';
import { PAGE_SCRIPT } from '../../emulator/control/page/script';

export interface PageEndpoint {
	id: string;
	url: string;
	enabled: boolean;
	orgId: string;
	eventTypes: Array<{ eventName: string; subcategory?: string }>;
}

export interface PageAnswer {
	endpointId: string | null;
	url: string;
	dropped: boolean;
	answer: string;
	status?: number;
	error?: string;
}

/** A row of the last deliveries: an answer, plus when, what and which attempt. */
export interface PageDeliveryRow extends PageAnswer {
	seq: number;
	time: string;
	eventName: string;
	attempt: number;
	orgId: string;
}

export interface PageCatalog {
	orgId: string;
	eventDefs: Array<{ eventName: string; displayName: string; hasSubcategories: boolean }>;
}

export interface PageFault {
	id: string;
	kind: string;
	remaining: number;
	method: string;
	path: string;
}

/** The fault form's inputs, as strings. */
export type FaultFields = Partial<Record<'kind' | 'count' | 'method' | 'path' | 'retryAfterSeconds' | 'hangMs', string>>;

export interface PageApi {
	catalog(orgId?: string): Promise<PageCatalog>;
	endpoints(): Promise<PageEndpoint[]>;
	deliver(eventName: string): Promise<PageAnswer[]>;
	testEndpoint(endpoint: PageEndpoint): Promise<PageAnswer[]>;
	testAll(endpoints: PageEndpoint[], orgId: string): Promise<PageAnswer[]>;
	faults(): Promise<PageFault[]>;
	addFault(fields: FaultFields): Promise<string>;
	clearFaults(): Promise<void>;
	deliveries(since: number): Promise<PageDeliveryRow[]>;
	clearDeliveries(): Promise<void>;
}

export interface PageModule {
	api: PageApi;
	displayNamesOf(catalog: PageCatalog): Record<string, string>;
	eventLabel(ref: { eventName: string; subcategory?: string }, displayNames: Record<string, string>): string;
	faultSpec(fields: FaultFields): Record<string, unknown>;
	outcomeText(row: PageAnswer | PageDeliveryRow): string;
	subcategoryName(blob: string): string | undefined;
}

const API_FUNCTIONS = ['catalog', 'endpoints', 'deliver', 'testEndpoint', 'testAll', 'faults', 'addFault', 'clearFaults', 'deliveries', 'clearDeliveries'];
const MODULE_FUNCTIONS = ['displayNamesOf', 'eventLabel', 'faultSpec', 'outcomeText', 'subcategoryName'];

function hasFunctions(value: unknown, names: string[]): boolean {
	return isJsonObject(value) && names.every((name) => typeof value[name] === 'function');
}

function isPageModule(value: unknown): value is PageModule {
	return isJsonObject(value) && hasFunctions(value, MODULE_FUNCTIONS) && hasFunctions(value.api, API_FUNCTIONS);
}

/** Values made in the script's realm, as plain values of this one (for `toEqual`). */
export function plain<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function loadPageScript(baseUrl: string): PageModule {
	const sandbox: Record<string, unknown> = {
		fetch: async (path: string, init?: RequestInit) => await fetch(`${baseUrl}${path}`, init),
		atob,
		TextDecoder,
	};
	new Script(PAGE_SCRIPT, { filename: 'emulator-page-script.js' }).runInContext(createContext(sandbox));
	const exported = sandbox.fullstoryEmulatorPage;
	if (!isPageModule(exported)) throw new Error('the page script did not export fullstoryEmulatorPage');
	return exported;
}
