/**
 * What the emulated FullStory holds of the v2 APIs, per org (docs/fullstory-server-api.md §2–§4, §8):
 * users, the events and annotations it accepted, and batch import jobs. Field names are FullStory's
 * snake_case where the field is FullStory's; what only the emulator keeps (when, which org) is camelCase.
 * The control API hands these out as they are, except a job's requests (a count instead).
 */
import type { JsonObject } from '../../guards';
import type { PropertyType } from '../../api/v2/limits';

/** Property name (dotted path for nested ones) to type: a schema's `properties`. */
export type PropertyTypes = Record<string, PropertyType>;

export interface StoredUser {
	orgId: string;
	/** FullStory's id: a decimal int64 as a string, bigger than a JS number holds exactly. */
	id: string;
	uid?: string;
	display_name?: string;
	email?: string;
	properties: JsonObject;
	/** The types set through `schema.properties`; inferred ones are computed when shown. */
	schema: PropertyTypes;
	created: string;
	updated: string;
	/** Set by a delete: from then on `is_being_deleted`, and gone (404) at `purgeAt`. */
	deleteRequested?: string;
	purgeAt?: string;
}

export interface EventUser {
	id?: string;
	uid?: string;
}

export interface EventSession {
	id?: string;
	uid?: string;
	use_most_recent?: boolean;
}

/** An accepted event, as FullStory's batch imports show it (§3.3), plus where it came from. */
export interface StoredEvent {
	orgId: string;
	/** Increasing per emulator: the order events were accepted in. */
	seq: number;
	received: string;
	/** 'api': `POST /v2/events`; 'batch': an item of the job `jobId`. */
	source: 'api' | 'batch';
	jobId?: string;
	name: string;
	timestamp: string;
	user?: EventUser;
	session?: EventSession;
	/**
	 * The session FullStory attached it to. Always null: the emulator knows no sessions, so every event is
	 * created "without a session" (§4: unknown ids are accepted sessionless; stale use_most_recent too).
	 */
	attachedSession: null;
	context?: JsonObject;
	properties?: JsonObject;
	schema?: PropertyTypes;
}

/** `POST /v2/annotations` as echoed, with its defaults filled in (§8). */
export interface StoredAnnotation {
	orgId: string;
	received: string;
	text: string;
	start_time: string;
	end_time: string;
	source?: string;
}

export const JOB_KINDS = ['users', 'events'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATES = ['PROCESSING', 'COMPLETED', 'FAILED'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One failed request of a job (§3.3): the request as sent under `user` or `event`. */
export interface JobItemError {
	message: string;
	code: string;
	user?: unknown;
	event?: unknown;
	shared?: unknown;
}

/** A job as the control API shows it. */
export interface JobSummary {
	orgId: string;
	id: string;
	kind: JobKind;
	status: JobState;
	created: string;
	/** When it began to run; absent while it waits behind the org's running batches. */
	started?: string;
	finished?: string;
	requestCount: number;
	imports: number;
	errors: number;
}
