/**
 * What a running emulator keeps beyond the public shapes (api/types.ts): key records, endpoints with
 * their org and secret, injected faults, and the request log. The control API hands these out as they are.
 */
import type { EndpointView, Role } from '../api/types';
import type { HeaderValues } from '../http';

export interface ApiKeyRecord {
	key: string;
	role: Role;
	orgId: string;
	/** Blank for legacy org keys, as the real `/me` reports them. */
	email: string;
}

/** What the emulator keeps per endpoint; the control API exposes all of it so tests can sign and verify. */
export interface StoredEndpoint extends EndpointView {
	orgId: string;
	secret: string;
}

export const FAULT_KINDS = ['status429', 'status500', 'hang', 'drop', 'dropAfter'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** HTTP allows `Retry-After` as delay-seconds or as an HTTP-date (RFC 9110 §10.2.3); FullStory documents seconds (§6). */
export const RETRY_AFTER_FORMATS = ['seconds', 'http-date'] as const;
export type RetryAfterFormat = (typeof RETRY_AFTER_FORMATS)[number];

/** A fault as `POST /__emulator/faults` asks for it; faults.ts fills in the defaults. */
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

/**
 * Why a logged body is not the body as sent: 'truncated' (longer than the per-entry cap: its first bytes,
 * as text) or 'unauthenticated' (no usable key: not kept at all). See requestLog.ts.
 */
export const BODY_CUTS = ['truncated', 'unauthenticated'] as const;
export type BodyCut = (typeof BODY_CUTS)[number];

export interface RequestLogEntry {
	seq: number;
	time: string;
	method: string;
	path: string;
	query: HeaderValues;
	headers: HeaderValues;
	/** Parsed JSON when the body was JSON, the raw text otherwise, null when there was none (or it was cut out). */
	body: unknown;
	/** Present when `body` is not the whole body. */
	bodyCut?: BodyCut;
	/** With `bodyCut`: the body's size in bytes, as sent. */
	bodyBytes?: number;
	/** Null when no response was sent (a dropped connection). */
	status: number | null;
	fault?: FaultKind;
	/** The answer was a kept one given again for a repeated `Idempotency-Key` (api/v2/idempotency.ts): no work was done. */
	idempotentReplay?: true;
}
