/** Where the API is, which credential authorises it, and how patient the transport is. */

export const CREDENTIAL_TYPE = 'fullStoryApi';

export const API_BASE_URLS = {
	/** Routes US and EU keys to their data centre by itself. */
	default: 'https://api.fullstory.com',
	eu1: 'https://api.eu1.fullstory.com',
} as const;

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
