/** Where the API is, which credential authorises it, and how patient the transport is. */

export const CREDENTIAL_TYPE = 'fullStoryApi';

export const API_BASE_URLS = {
	/** Routes US and EU keys to their data centre by itself. */
	default: 'https://api.fullstory.com',
	eu1: 'https://api.eu1.fullstory.com',
} as const;

/**
 * Longest custom Base URL accepted. A scheme, host, port and proxy path fit in a fraction of it;
 * 2,048 is the length browsers and proxies commonly allow for a whole URL. Checked before any
 * other look at the value, so no check can be made slow by a huge one.
 */
export const MAX_BASE_URL_LENGTH = 2048;

/** Limits of one request. */
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
	/**
	 * The same for a create that carries an Idempotency-Key, which FullStory answers from the
	 * first attempt, so more retries cost nothing but time. Measured (bench/eventsUnderFaults):
	 * with 10 % of answers lost, two retries let three losses in a row end a 1,000-item run
	 * about two times in three; four make it about one in fifty.
	 */
	keyedTransientRetries: 4,
	/** Backoff before transient retry n (1-based): base * 2^(n-1). */
	backoffBaseMs: 500,
} as const;

/**
 * Limits shared by every request made through one n8n context object: one execution of the
 * action node, one trigger hook call (checkExists, create, delete), one load-options or list
 * search call, one webhook call. Per-request limits alone multiply with the number of calls: a
 * 50-page listing could retry 150 times and sleep 150 minutes, an activation's chain of calls
 * several minutes. These caps bound the whole run, whatever number of calls it makes.
 */
export const RETRY_BUDGET = {
	/**
	 * Retries of any kind: two requests' worth of rate-limit retries (2 × 3), or three requests'
	 * worth of transient ones. Enough to ride out a short spell; a FullStory that fails more often
	 * than that is having an outage, which retrying cannot fix.
	 */
	maxRetries: 6,
	/**
	 * Time slept between attempts, summed: one Retry-After at the longest we honour (60 s) plus
	 * the backoffs and short waits around it. An activation or an editor drop-down that sleeps
	 * longer looks hung to the user, and the wait rarely helps.
	 */
	maxWaitMs: 90_000,
	/**
	 * What each input item adds to an execution's budget: a node that sends 1,000 events in one
	 * execution meets 1,000 calls' worth of rate limits, and must not fail item 7 because items
	 * 1 to 6 used up a budget sized for one call. One retry and 2 s of waiting per item covers a
	 * few percent of 429s (FullStory's Retry-After is about a second) with room to spare.
	 */
	perItem: { retries: 1, waitMs: 2_000 },
	/** However many items: a FullStory that keeps refusing for a quarter of an hour is down. */
	ceiling: { retries: 2_000, waitMs: 15 * 60_000 },
} as const;
