/**
 * The delivery signature, written from docs/fullstory-api.md §3 alone (never from the node's verifier)
 * and pinned to the known-answer vectors in test/fixtures/signature-vectors.json.
 *
 * v = base64(HMAC-SHA256(secret, rawBodyBytes + ':' + orgId + ':' + t))
 * header `Fullstory-Signature: o:{orgId},t:{t},v:{v}`
 */
import { createHmac } from 'node:crypto';

export const SIGNATURE_HEADER = 'Fullstory-Signature';

/** The body is hashed as bytes: a Buffer is never decoded, a string is hashed as its UTF-8 bytes. */
export function signatureFor(rawBody: Buffer | string, secret: string, orgId: string, timestamp: string): string {
	return createHmac('sha256', secret).update(rawBody).update(`:${orgId}:${timestamp}`).digest('base64');
}

export function signatureHeaderValue(orgId: string, timestamp: string, signature: string): string {
	return `o:${orgId},t:${timestamp},v:${signature}`;
}

export function signBody(rawBody: Buffer | string, secret: string, orgId: string, timestamp: string): string {
	return signatureHeaderValue(orgId, timestamp, signatureFor(rawBody, secret, orgId, timestamp));
}

/** Ten-digit Unix seconds, the unit the emulator sends by default (the real unit is undocumented). */
export function unixSeconds(date: Date = new Date()): string {
	return String(Math.floor(date.getTime() / 1000));
}
