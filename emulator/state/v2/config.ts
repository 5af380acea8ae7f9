/**
 * The settings of the v2 Users, Events, batch import and Annotations APIs: part of the emulator's config
 * (../config.ts), changed by start-up and `POST /__emulator/config` like the rest. Each open question of
 * docs/fullstory-server-api.md §13 the emulator answers is one of these, defaulting to the conservative
 * reading that section gives.
 */
import type { RoleOverrides } from '../../api/roles';

/** 'timer': a job finishes `jobDelayMs` after it starts. 'manual': only `POST /__emulator/jobs/finish|fail` finishes it. */
export const JOB_COMPLETIONS = ['timer', 'manual'] as const;
export type JobCompletion = (typeof JOB_COMPLETIONS)[number];

/**
 * The status of a finished job some of whose items failed. The JobStatus enum says FAILED "has failures,
 * including partial failures"; the async-workflows example shows `errors: 1` with COMPLETED (§12).
 */
export const JOB_STATUSES_WITH_ERRORS = ['FAILED', 'COMPLETED'] as const;
export type JobStatusWithErrors = (typeof JOB_STATUSES_WITH_ERRORS)[number];

/**
 * A property value over 8192 bytes: 'dropProperty' keeps the rest of the user or event without it ("the
 * property will be rejected", §2.2); 'rejectRequest' refuses the whole request (400, or a failed batch item).
 */
export const OVERSIZED_VALUE_POLICIES = ['dropProperty', 'rejectRequest'] as const;
export type OversizedValuePolicy = (typeof OVERSIZED_VALUE_POLICIES)[number];

/**
 * What a failed item of a job's `/errors` carries besides its reason: 'echo' (the docs) the user or
 * event as sent, 'omit' nothing, so a client proves it copes with failures it cannot pair with an item.
 */
export const JOB_ERROR_REQUESTS = ['echo', 'omit'] as const;
export type JobErrorRequests = (typeof JOB_ERROR_REQUESTS)[number];

/** A token bucket per API key: `burst` calls at once, refilled at `perSecond`. */
export interface RateLimit {
	burst: number;
	perSecond: number;
}

export interface V2Config {
	/** Users per page of List Users, and items per page of a job's imports and errors (none is documented). */
	v2PageSize: number;
	/** How long a deleted user stays readable with `is_being_deleted: true` before it is gone (404). */
	userDeleteSeconds: number;
	jobCompletion: JobCompletion;
	/** How long a job stays PROCESSING once it runs (with `jobCompletion: 'timer'`). */
	jobDelayMs: number;
	jobStatusWithErrors: JobStatusWithErrors;
	jobErrorRequests: JobErrorRequests;
	/** In-progress batches an org runs at once; later ones wait, still PROCESSING (§3.2: 100). */
	maxRunningBatches: number;
	/** In-progress batches (running or waiting) at which a new batch gets 429 (§3.2: 200). */
	maxInProgressBatches: number;
	/** In-progress request objects at which a new batch gets 429 (§3.2: 500,000). */
	maxInProgressOperations: number;
	/** `Retry-After` of that 429 (FullStory gives no number). */
	batchRetryAfterSeconds: number;
	/** How long an `Idempotency-Key` is remembered (not stated by FullStory; 24 h). */
	idempotencyTtlSeconds: number;
	oversizedPropertyValue: OversizedValuePolicy;
	/** Session ids (`u:s`) and session uids that are "full": naming one explicitly gives 400 `session_page_limit_exceeded`. */
	fullSessions: string[];
	/** Off (null) by default: no rate numbers are published. */
	rateLimit: RateLimit | null;
	/** Replaces the roles of single operations of the matrix (api/roles.ts). */
	roleOverrides: RoleOverrides;
}

export const DEFAULT_V2_CONFIG: V2Config = {
	v2PageSize: 20,
	userDeleteSeconds: 5,
	jobCompletion: 'timer',
	jobDelayMs: 300,
	jobStatusWithErrors: 'FAILED',
	jobErrorRequests: 'echo',
	maxRunningBatches: 100,
	maxInProgressBatches: 200,
	maxInProgressOperations: 500_000,
	batchRetryAfterSeconds: 1,
	idempotencyTtlSeconds: 24 * 60 * 60,
	oversizedPropertyValue: 'dropProperty',
	fullSessions: [],
	rateLimit: null,
	roleOverrides: {},
};
