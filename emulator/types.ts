/**
 * Shapes shared by the emulator's server side and its control client.
 * Public API shapes follow developer.fullstory.com (docs/fullstory-api.md §2); the control shapes are our own.
 */

/** Roles reported by `GET /me` (fullstory-api.md §1). Only ADMIN and ARCHITECT may manage webhooks. */
export const ROLES = ['UNKNOWN', 'ADMIN', 'USER', 'VIEW_ONLY', 'UMBRELLA_MANAGER', 'ARCHITECT'] as const;
export type Role = (typeof ROLES)[number];

export interface ApiKeyRecord {
	key: string;
	role: Role;
	orgId: string;
	/** Blank for legacy org keys, as the real `/me` reports them. */
	email: string;
}

export interface EventTypeRef {
	eventName: string;
	subcategory?: string;
}

/** The endpoint object of the public API (§2.2). The secret is deliberately not part of it. */
export interface EndpointView {
	id: string;
	created: string;
	modified: string;
	enabled: boolean;
	url: string;
	eventTypes: EventTypeRef[];
}

/** What the emulator keeps per endpoint; the control API exposes all of it so tests can sign and verify. */
export interface StoredEndpoint extends EndpointView {
	orgId: string;
	secret: string;
}

export interface EventTypeDef {
	eventName: string;
	displayName: string;
	hasSubcategories: boolean;
}

export interface SubcategoryDef {
	subcategory: string;
	displayName: string;
}

export type DuplicateUrlPolicy = 'reject' | 'replace';

/**
 * How endpoint ids are made. 'url': base64url of the URL, re-keyed when an update changes it, as in the
 * docs (§2.2). 'opaque': random ids that say nothing about the URL and survive a URL change, so tests
 * prove a client never derives an id from a URL (the docs' example is one sample, not a contract).
 */
export const ENDPOINT_ID_MODES = ['url', 'opaque'] as const;
export type EndpointIdMode = (typeof ENDPOINT_ID_MODES)[number];

/** 'off': one attempt per delivery (unless a request asks for retries). 'fullstory': FullStory's retries (retryPolicy.ts). */
export const DELIVERY_RETRY_MODES = ['off', 'fullstory'] as const;
export type DeliveryRetryMode = (typeof DELIVERY_RETRY_MODES)[number];

/**
 * Whether a retry carries the first attempt's `t` and signature ('same') or is signed afresh with a later `t`
 * ('fresh'). FullStory does not say (fullstory-api.md §10.3); 'same' is the default because it is the harder
 * case for a receiver with a replay window: a retry hours later arrives with an hours-old `t`.
 */
export const RETRY_SIGNATURES = ['same', 'fresh'] as const;
export type RetrySignature = (typeof RETRY_SIGNATURES)[number];

export interface EmulatorConfig {
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
}

export const FAULT_KINDS = ['status429', 'status500', 'hang', 'drop', 'dropAfter'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** HTTP allows `Retry-After` as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3); FullStory documents seconds (§6). */
export const RETRY_AFTER_FORMATS = ['seconds', 'http-date'] as const;
export type RetryAfterFormat = (typeof RETRY_AFTER_FORMATS)[number];

export interface FaultSpec {
	method?: string;
	/** Exact path, or a prefix ending in `*`. */
	path?: string;
	kind: FaultKind;
	count?: number;
	retryAfterSeconds?: number;
	/** For status429: send `Retry-After` as seconds (the default) or as the HTTP-date that many seconds ahead. */
	retryAfterFormat?: RetryAfterFormat;
	hangMs?: number;
}

export interface Fault {
	id: string;
	method?: string;
	path?: string;
	kind: FaultKind;
	remaining: number;
	retryAfterSeconds: number;
	retryAfterFormat: RetryAfterFormat;
	hangMs: number;
}

export type HeaderValues = Record<string, string | string[]>;

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: HeaderValues;
	headers: HeaderValues;
	/** Parsed JSON when the body was JSON, the raw text otherwise, null when there was none. */
	body: unknown;
	/** Null when no response was sent (a dropped connection). */
	status: number | null;
	fault?: FaultKind;
}

export type TimestampUnit = 's' | 'ms';

export interface DeliveryOptions {
	/** Send the same signed bytes this many times (a redelivery). */
	times?: number;
	/** With times > 1, sign every redelivery with a fresh, strictly increasing `t`. */
	resign?: boolean;
	/** Record the delivery but do not send it. */
	drop?: boolean;
	wrongSecret?: boolean;
	/** Exact `t` to sign with. */
	timestamp?: string;
	/** Shifts `t` into the past (negative) or future (positive). */
	timestampOffsetSeconds?: number;
	timestampUnit?: TimestampUnit;
	headerName?: string;
	omitSignature?: boolean;
	/** Sign the body, then send it with one byte changed. */
	tamperBody?: boolean;
}

export interface DeliveryTarget {
	endpointId?: string;
	url?: string;
	/** Secret for a target URL that is not a stored endpoint (the UI tests URLs before saving them). */
	secret?: string;
}

export interface DeliveryRequest {
	eventName: string;
	/** FullStory's retries for this request's deliveries, on (true) or off (false); absent: the config's deliveryRetries. */
	retry?: boolean;
	data?: Record<string, unknown>;
	subcategory?: string;
	orgId?: string;
	target?: DeliveryTarget;
	/** Raw body sent (and signed) as is, instead of the envelope. */
	body?: string;
	options?: DeliveryOptions;
}

/** The first attempt of one delivery, as `POST /deliver` answers it. */
export interface DeliveryAttempt {
	/** Follow the delivery's later attempts with it (`GET /__emulator/deliveries/status`, the log). */
	deliveryId: string;
	/** The signature header value sent with this attempt, null when omitted. */
	signature: string | null;
	status?: number;
	/** The start of the receiver's answer (its error message, for a rejection). */
	responseBody?: string;
	error?: string;
	/** When the first retry is due, if this attempt failed in a way FullStory retries and retries are on. */
	nextAttemptAt?: string;
}

export interface EndpointDelivery {
	/** Null when the target was a bare URL rather than a stored endpoint. */
	endpointId: string | null;
	url: string;
	signature: string | null;
	/** One per copy sent (`options.times`), each its own delivery; empty when dropped on purpose. */
	attempts: DeliveryAttempt[];
}

export interface DeliveryResult {
	eventName: string;
	/** The exact raw body sent. */
	body: string;
	deliveries: EndpointDelivery[];
}

/** One attempt, logged when it ended (or, dropped, when it would have been sent). */
export interface DeliveryLogEntry {
	seq: number;
	time: string;
	deliveryId: string;
	/** 1 for the first send, then 2, 3, ... for FullStory's retries of the same delivery. */
	attempt: number;
	orgId: string;
	eventName: string;
	endpointId: string | null;
	url: string;
	headers: Record<string, string>;
	body: string;
	status?: number;
	responseBody?: string;
	error?: string;
	dropped?: boolean;
}

/**
 * 'pending' until it settles as: 'succeeded' (a 2xx), 'failed' (an answer FullStory does not retry, or any
 * failure when retries are off), 'gaveUp' (still failing after the last retry) or 'dropped' (never sent:
 * `options.drop`).
 */
export const DELIVERY_STATES = ['pending', 'succeeded', 'failed', 'gaveUp', 'dropped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One delivery (one copy of a message to one endpoint) across all its attempts. */
export interface DeliveryStatus {
	deliveryId: string;
	orgId: string;
	eventName: string;
	endpointId: string | null;
	url: string;
	/** Whether FullStory's retries apply to it. */
	retry: boolean;
	state: DeliveryState;
	/** Attempts sent so far, the first included (0 when dropped). */
	attempts: number;
	lastStatus?: number;
	lastError?: string;
	/** While a retry waits: when it is due. */
	nextAttemptAt?: string;
}

/** `GET /__emulator/deliveries/status`: every delivery still tracked, and how many are not settled. */
export interface DeliveryStatusReport {
	pending: number;
	deliveries: DeliveryStatus[];
}

export interface OrgInfo {
	orgId: string;
	keys: Array<{ key: string; role: Role; email: string }>;
}

export interface EmulatorInfo {
	baseUrl: string;
	strict: boolean;
	defaultOrgId: string;
	orgs: OrgInfo[];
	config: EmulatorConfig;
}

/**
 * One org's catalog change, applied whole or not at all, in this order: addEventTypes, hasSubcategories,
 * eventNames, then subcategories / generateSubcategories (so each may name what the earlier ones made).
 */
export interface CatalogUpdate {
	orgId?: string;
	/** Types outside the built-in catalog (ones FullStory might add later); offered from now on. */
	addEventTypes?: EventTypeDef[];
	/** Overrides of `hasSubcategories` for this org; List Event Types reports the effective value. */
	hasSubcategories?: Record<string, boolean>;
	/** Which of the org's known types (built-in plus added) its plan offers; types added in the same update stay offered. */
	eventNames?: string[];
	subcategories?: Record<string, SubcategoryDef[]>;
	/** Replace an event's subcategories with this many deterministic fixtures. */
	generateSubcategories?: Record<string, number>;
}

export interface CatalogSummary {
	orgId: string;
	eventDefs: EventTypeDef[];
	subcategoryCounts: Record<string, number>;
}

export interface KeySpec {
	key: string;
	role: Role;
	orgId: string;
	email?: string;
}
