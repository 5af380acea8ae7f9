/**
 * The emulator's settings: what start-up options and `POST /__emulator/config` change, and their
 * defaults. A reset returns to the start-up values (store.ts). The v2 APIs' own are in v2/config.ts.
 */
import { DEFAULT_V2_CONFIG, type V2Config } from './v2/config';

export type DuplicateUrlPolicy = 'reject' | 'replace';

/**
 * How endpoint ids are made. 'url': base64url of the URL, re-keyed when an update changes it, as in the
 * docs (fullstory-api.md §2.2). 'opaque': random ids that say nothing about the URL and survive a URL
 * change, so tests prove a client never derives an id from a URL (the docs' example is one sample, not a contract).
 */
export const ENDPOINT_ID_MODES = ['url', 'opaque'] as const;
export type EndpointIdMode = (typeof ENDPOINT_ID_MODES)[number];

/** 'off': one attempt per delivery (unless a request asks for retries). 'fullstory': FullStory's retries (deliveries/retryPolicy.ts). */
export const DELIVERY_RETRY_MODES = ['off', 'fullstory'] as const;
export type DeliveryRetryMode = (typeof DELIVERY_RETRY_MODES)[number];

/**
 * Whether a retry carries the first attempt's `t` and signature ('same') or is signed afresh with a later `t`
 * ('fresh'). FullStory does not say (fullstory-api.md §10.3); 'same' is the default because it is the harder
 * case for a receiver with a replay window: a retry hours later arrives with an hours-old `t`.
 */
export const RETRY_SIGNATURES = ['same', 'fresh'] as const;
export type RetrySignature = (typeof RETRY_SIGNATURES)[number];

/**
 * How the emulator stores the URL of an endpoint it creates or updates. FullStory does not say
 * whether it normalises URLs (docs/unknowns.md). 'asSent' (the default) keeps the client's
 * spelling; 'whatwg' stores the URL standard's form (`new URL(url).href`: host in lower case,
 * default port dropped, `/` for an empty path); 'lowercase' lower-cases the whole URL, a
 * normalisation no client can predict, to prove one copes with an answer naming another URL.
 */
export const URL_NORMALISATIONS = ['asSent', 'whatwg', 'lowercase'] as const;
export type UrlNormalisation = (typeof URL_NORMALISATIONS)[number];

export interface EmulatorConfig extends V2Config {
	/** Reject the catalog-only request shapes (fullstory-api.md §0) instead of ignoring them. */
	strict: boolean;
	/** Whether a subscription to a type with subcategories must name one (§2.3; unknown on the real API). */
	requireSubcategory: boolean;
	/** What creating an endpoint for a URL the org already uses does (§7.2; unknown on the real API). */
	duplicateUrl: DuplicateUrlPolicy;
	endpointIds: EndpointIdMode;
	/** Upper bound for one delivery attempt to a receiver. */
	deliveryTimeoutMs: number;
	/** Whether failed deliveries are retried; a delivery request's own `retry` overrides it. */
	deliveryRetries: DeliveryRetryMode;
	/** Multiplies every wait between retries: 0.001 turns the 5-hour schedule into 18 s. In (0, 1]. */
	retryTimeScale: number;
	retrySignature: RetrySignature;
	urlNormalisation: UrlNormalisation;
}

export const DEFAULT_CONFIG: EmulatorConfig = {
	strict: false,
	requireSubcategory: true,
	duplicateUrl: 'reject',
	endpointIds: 'url',
	deliveryTimeoutMs: 10_000,
	deliveryRetries: 'off',
	retryTimeScale: 1,
	retrySignature: 'same',
	urlNormalisation: 'asSent',
	...DEFAULT_V2_CONFIG,
};
