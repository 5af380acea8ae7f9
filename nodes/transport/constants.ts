/** Paths, header names and limits of the FullStory Webhooks v1 API, and this package's policies. */

export const CREDENTIAL_TYPE = 'fullStoryApi';

export const API_BASE_URLS = {
	/** Routes US and EU keys to their data centre by itself. */
	default: 'https://api.fullstory.com',
	eu1: 'https://api.eu1.fullstory.com',
} as const;

export const PATHS = {
	me: '/me',
	endpoints: '/webhooks/v1/endpoints',
	eventTypes: '/webhooks/v1/event-types',
} as const;

export function endpointPath(id: string): string {
	return `${PATHS.endpoints}/${encodeURIComponent(id)}`;
}

export function subcategoriesPath(eventName: string): string {
	return `${PATHS.eventTypes}/${encodeURIComponent(eventName)}/subcategories`;
}

/** Documented maximum (and default) page sizes. */
export const PAGE_SIZE = { endpoints: 100, subcategories: 1000 } as const;

/** Hard caps on how many pages one listing may walk, so a looping token cannot run forever. */
export const MAX_PAGES = { endpoints: 50, subcategories: 50 } as const;

export const RETRY_POLICY = {
	/** Per-attempt HTTP timeout. */
	timeoutMs: 20_000,
	/** 429 answers honoured before giving up; a 429 means nothing was done, so any call may retry. */
	rateLimitRetries: 3,
	/** Longest `Retry-After` we wait for; a longer one is reported instead of blocking the workflow. */
	maxRetryAfterSeconds: 60,
	/** Used when a 429 carries no usable `Retry-After`. */
	defaultRetryAfterSeconds: 1,
	/** Extra attempts after a 5xx or a network failure, for idempotent calls only. */
	transientRetries: 2,
	/** Backoff before transient retry n (1-based): base * 2^(n-1). */
	backoffBaseMs: 500,
} as const;

export const SIGNATURE_HEADER = 'fullstory-signature';
/** Same `o:,t:,v:` format under the name only the generated AsyncAPI description uses (§3). */
export const SIGNATURE_HEADER_FALLBACK = 'x-fs-signature';

/** Default replay window for the signature timestamp, in seconds. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/** The UI's "Test endpoint" button sends this event type; it cannot be subscribed to. */
export const TEST_EVENT_NAME = 'test';
