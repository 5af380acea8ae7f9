/**
 * Shapes shared by the emulator's server side and its control client.
 * Public API shapes follow developer.fullstory.com (shared/fullstory-api.md §2); the control shapes are our own.
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
	data?: Record<string, unknown>;
	subcategory?: string;
	orgId?: string;
	target?: DeliveryTarget;
	/** Raw body sent (and signed) as is, instead of the envelope. */
	body?: string;
	options?: DeliveryOptions;
}

export interface DeliveryAttempt {
	/** The signature header value sent with this attempt, null when omitted. */
	signature: string | null;
	status?: number;
	/** The start of the receiver's answer (its error message, for a rejection). */
	responseBody?: string;
	error?: string;
}

export interface EndpointDelivery {
	/** Null when the target was a bare URL rather than a stored endpoint. */
	endpointId: string | null;
	url: string;
	signature: string | null;
	/** Empty when the delivery was dropped on purpose. */
	attempts: DeliveryAttempt[];
}

export interface DeliveryResult {
	eventName: string;
	/** The exact raw body sent. */
	body: string;
	deliveries: EndpointDelivery[];
}

export interface DeliveryLogEntry {
	seq: number;
	time: string;
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
