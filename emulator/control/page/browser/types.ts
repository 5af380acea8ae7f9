/**
 * What the page's script keeps and passes around: the control API's answers narrowed to what the page
 * shows (no secret, no signature, no headers, no body), and the two halves it is made of (pageData.ts,
 * pageView.ts). Types only: the script is served as text (script.ts), so nothing here may be a value.
 */
/// <reference lib="dom" />
import type { EventTypeDef, EventTypeRef } from '../../../api/types';
import type { FaultSpec, StoredEndpoint } from '../../../state/types';

export type JsonObject = { [key: string]: unknown };

/** An endpoint as the page keeps it: no secret. */
export type PageEndpoint = Pick<StoredEndpoint, 'id' | 'url' | 'enabled' | 'orgId' | 'eventTypes'>;

/** What one copy sent to an endpoint got back. */
export interface PageAnswer {
	endpointId: string | null;
	url: string;
	dropped: boolean;
	/** The start of the receiver's answer. */
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
	eventDefs: EventTypeDef[];
}

/** A fault as the page lists it ('' for an absent method or path). */
export interface PageFault {
	id: string;
	kind: string;
	remaining: number;
	method: string;
	path: string;
}

/** A v2 user as the page lists it ('' for an absent field); its properties only counted. */
export interface PageUser {
	id: string;
	uid: string;
	displayName: string;
	email: string;
	beingDeleted: boolean;
	propertyCount: number;
}

/** An accepted v2 event as the page lists it ('' for an absent field). */
export interface PageEvent {
	seq: number;
	received: string;
	name: string;
	/** The user it names: `uid …`, `id …` or ''. */
	user: string;
	/** The session it names: `id …`, `uid …`, `most recent` or ''. */
	session: string;
	source: string;
	jobId: string;
}

/** A batch import job as the page lists it. */
export interface PageJob {
	id: string;
	kind: string;
	status: string;
	created: string;
	finished: string;
	requestCount: number;
	imports: number;
	errors: number;
}

/** The fault form's inputs, as strings. */
export type FaultFields = Partial<Record<'kind' | 'count' | 'method' | 'path' | 'retryAfterSeconds' | 'hangMs', string>>;

/** `POST /__emulator/faults`'s body as the form makes it; the kind is whatever the form held (the server checks it). */
export type FaultRequest = Omit<FaultSpec, 'kind' | 'retryAfterFormat'> & { kind: string };

/** The control API as the page calls it. */
export interface PageApi {
	/** The default org's without orgId. */
	catalog(orgId?: string): Promise<PageCatalog>;
	endpoints(): Promise<PageEndpoint[]>;
	deliver(eventName: string): Promise<PageAnswer[]>;
	testEndpoint(endpoint: PageEndpoint): Promise<PageAnswer[]>;
	testAll(endpoints: PageEndpoint[], orgId: string): Promise<PageAnswer[]>;
	faults(): Promise<PageFault[]>;
	/** Answers the new fault's id. */
	addFault(fields: FaultFields): Promise<string>;
	clearFaults(): Promise<void>;
	/** Attempts logged after `since`, oldest first. */
	deliveries(since: number): Promise<PageDeliveryRow[]>;
	clearDeliveries(): Promise<void>;
	/** The org's v2 users. */
	users(orgId: string): Promise<PageUser[]>;
	/** The org's newest v2 events, oldest first. */
	events(orgId: string, last: number): Promise<PageEvent[]>;
	/** The org's batch import jobs, oldest first. */
	jobs(orgId: string): Promise<PageJob[]>;
}

/** What pageData makes, the view uses, and the script exports as `globalThis.fullstoryEmulatorPage` (for the tests). */
export interface PageModule {
	api: PageApi;
	answersOf(result: unknown): PageAnswer[];
	deliveryRow(raw: JsonObject): PageDeliveryRow;
	displayNamesOf(catalog: PageCatalog): Record<string, string>;
	eventLabel(ref: EventTypeRef, displayNames: Record<string, string>): string;
	faultSpec(fields: FaultFields): FaultRequest;
	outcomeText(row: PageAnswer): string;
	publicEndpoint(raw: JsonObject): PageEndpoint;
	publicEvent(raw: JsonObject): PageEvent;
	publicJob(raw: JsonObject): PageJob;
	publicUser(raw: JsonObject): PageUser;
	subcategoryName(blob: string): string | undefined;
	/** An error's message, as the page shows it. */
	errorText(error: unknown): string;
}

/**
 * The globals the script uses: the browser's window, or the `vm` context the tests give it (fetch to a
 * live emulator, atob, TextDecoder and no document, so only the data half runs).
 */
export interface PageRoot {
	fetch(input: string, init?: RequestInit): Promise<Response>;
	atob(data: string): string;
	TextDecoder: typeof TextDecoder;
	setInterval(handler: () => void, timeout: number): unknown;
	document?: Document;
	fullstoryEmulatorPage?: PageModule;
}
