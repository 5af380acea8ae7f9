/**
 * The tests' own FullStory delivery signer (docs/fullstory-api.md §3), written from the spec and
 * nothing else: it imports neither the emulator's signer nor the trigger's verifier, so a mistake
 * shared by the code under test cannot hide in the expected values. referenceSigner.test.ts holds
 * it to the known-answer vectors, which tie all three implementations together.
 */
import { createHmac } from 'crypto';

/** HMAC-SHA256, keyed with the endpoint secret, over the raw body bytes, then `:${orgId}:${timestamp}`. */
export function referenceMac(rawBody: Uint8Array | string, secret: string | Buffer, orgId: string, timestamp: string): Buffer {
	// The body is hashed as bytes (a string as its UTF-8), never re-serialized: the bytes are what is signed.
	return createHmac('sha256', secret).update(rawBody).update(`:${orgId}:${timestamp}`, 'utf8').digest();
}

/** The `v` of the header: the MAC in standard base64 (`+ /`, `=` padding). */
export function referenceSignature(rawBody: Uint8Array | string, secret: string | Buffer, orgId: string, timestamp: string): string {
	return referenceMac(rawBody, secret, orgId, timestamp).toString('base64');
}

/** The whole `Fullstory-Signature` value: `o:{orgId},t:{timestamp},v:{signature}`. */
export function referenceHeader(rawBody: Uint8Array | string, secret: string | Buffer, orgId: string, timestamp: string): string {
	return `o:${orgId},t:${timestamp},v:${referenceSignature(rawBody, secret, orgId, timestamp)}`;
}
