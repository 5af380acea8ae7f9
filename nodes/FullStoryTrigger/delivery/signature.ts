/**
 * Verification of the `Fullstory-Signature` header (docs/fullstory-api.md §3).
 *
 *   Fullstory-Signature: o:{orgId},t:{timestamp},v:{base64 HMAC-SHA256}
 *   v = HMAC-SHA256(key = endpoint secret, message = raw body bytes + ":" + o + ":" + t)
 *
 * Pure: bytes, header, secret and clock in; `ok` or a named reason out. It never throws and never
 * fails open: no secret, no header, or anything unexpected is a rejection.
 */
import { createHmac, timingSafeEqual } from 'crypto';

/** The header FullStory signs deliveries in (docs/fullstory-api.md §3). */
export const SIGNATURE_HEADER = 'fullstory-signature';
/** Same `o:,t:,v:` format under the name only the generated AsyncAPI description uses (§3). */
export const SIGNATURE_HEADER_FALLBACK = 'x-fs-signature';

export type SignatureFailure =
	| 'no_secret'
	| 'missing_header'
	| 'malformed_header'
	| 'signature_mismatch'
	| 'stale_timestamp'
	| 'future_timestamp'
	| 'org_mismatch';

/**
 * Reasons about the signature's timestamp. They come with `distanceSeconds`: how far `t` is from
 * now (behind for stale, ahead for future) in whole seconds, rounded up so it always exceeds the
 * window it broke; the trigger logs it so the user can tell how much wider the window must be.
 */
export type TimestampFailure = 'stale_timestamp' | 'future_timestamp';

export type SignatureCheck =
	| { ok: true; orgId: string; timestampMs: number }
	| { ok: false; reason: Exclude<SignatureFailure, TimestampFailure> }
	| { ok: false; reason: TimestampFailure; distanceSeconds: number };

export interface SignedDelivery {
	/** The bytes exactly as received; never re-serialised JSON. */
	rawBody: Buffer;
	/** The header value; an array (a repeated header) is rejected as malformed. */
	header: string | string[] | undefined;
	/** The endpoint secret this node generated and stored. */
	secret: string | undefined;
	nowMs: number;
	/** Largest accepted distance between `t` and now, in seconds; 0 turns the check off. */
	replayWindowSeconds: number;
	/** When set, `o` must equal it exactly (org ids are opaque strings). */
	expectedOrgId?: string;
}

export interface SignatureParts {
	orgId: string;
	timestamp: string;
	signature: Buffer;
}

/** Generous for `o:<org id>,t:<13 digits>,v:<44 chars>`; longer values are not FullStory's. */
const MAX_HEADER_LENGTH = 512;
const MAX_PARTS = 8;
/** Standard base64 of a 32-byte SHA-256 digest: 43 characters and one `=`. */
const SHA256_BASE64 = /^[A-Za-z0-9+/]{43}=$/;
/** Unix time in seconds (10 digits today) or milliseconds (13 digits); nothing else. */
const TIMESTAMP = /^[0-9]{1,15}$/;
/** Below this a timestamp is read as seconds, from here on as milliseconds (year 5138 in s). */
const MILLISECONDS_FROM = 1e11;

/**
 * Split the header into its parts. Keys other than `o`, `t` and `v` are ignored so an added part
 * cannot break verification; a repeated key is malformed, because two signatures or two
 * timestamps leave it open which one was meant.
 */
export function parseSignatureHeader(value: string): SignatureParts | undefined {
	if (value.length === 0 || value.length > MAX_HEADER_LENGTH) return undefined;
	const parts = value.split(',');
	if (parts.length > MAX_PARTS) return undefined;
	const found = new Map<string, string>();
	for (const part of parts) {
		const separator = part.indexOf(':');
		if (separator <= 0) return undefined;
		const key = part.slice(0, separator).trim();
		const partValue = part.slice(separator + 1).trim();
		if (found.has(key)) return undefined;
		found.set(key, partValue);
	}
	const orgId = found.get('o');
	const timestamp = found.get('t');
	const signature = found.get('v');
	if (!orgId || !timestamp || !signature) return undefined;
	if (!TIMESTAMP.test(timestamp) || !SHA256_BASE64.test(signature)) return undefined;
	return { orgId, timestamp, signature: Buffer.from(signature, 'base64') };
}

/** `t` as milliseconds since the epoch, whichever of the two units FullStory sent. */
export function timestampToMs(timestamp: string): number {
	const value = Number(timestamp);
	return value < MILLISECONDS_FROM ? value * 1000 : value;
}

export function expectedSignature(rawBody: Buffer, secret: string, orgId: string, timestamp: string): Buffer {
	return createHmac('sha256', secret).update(rawBody).update(`:${orgId}:${timestamp}`).digest();
}

export function verifySignature(delivery: SignedDelivery): SignatureCheck {
	const { rawBody, header, secret, nowMs, replayWindowSeconds, expectedOrgId } = delivery;
	if (!secret) return { ok: false, reason: 'no_secret' };
	if (header === undefined || header === '') return { ok: false, reason: 'missing_header' };
	if (typeof header !== 'string') return { ok: false, reason: 'malformed_header' };
	const parts = parseSignatureHeader(header);
	if (!parts) return { ok: false, reason: 'malformed_header' };

	const expected = expectedSignature(rawBody, secret, parts.orgId, parts.timestamp);
	// Both are 32 bytes after the format check; the length test keeps timingSafeEqual from throwing.
	if (expected.length !== parts.signature.length || !timingSafeEqual(expected, parts.signature)) {
		return { ok: false, reason: 'signature_mismatch' };
	}

	const timestampMs = timestampToMs(parts.timestamp);
	if (replayWindowSeconds > 0) {
		const windowMs = replayWindowSeconds * 1000;
		const distanceSeconds = Math.ceil(Math.abs(nowMs - timestampMs) / 1000);
		if (timestampMs < nowMs - windowMs) return { ok: false, reason: 'stale_timestamp', distanceSeconds };
		if (timestampMs > nowMs + windowMs) return { ok: false, reason: 'future_timestamp', distanceSeconds };
	}
	if (expectedOrgId !== undefined && expectedOrgId !== '' && parts.orgId !== expectedOrgId) {
		return { ok: false, reason: 'org_mismatch' };
	}
	return { ok: true, orgId: parts.orgId, timestampMs };
}

/** Human-readable reasons, safe to log: none of them contains the header or the secret. */
export const SIGNATURE_FAILURE_TEXT: Record<SignatureFailure, string> = {
	no_secret: 'no endpoint secret is stored for this trigger (re-activate the workflow)',
	missing_header: 'the Fullstory-Signature header is missing',
	malformed_header: 'the Fullstory-Signature header is not in the o:,t:,v: format',
	signature_mismatch: 'the signature does not match the body and the endpoint secret',
	stale_timestamp: 'the signature timestamp is older than the replay window',
	future_timestamp: 'the signature timestamp is further in the future than the replay window',
	org_mismatch: 'the signature names a different FullStory organization',
};
