/**
 * Endpoint ids in both modes of `config.endpointIds` (types.ts). In either mode an org's URLs stay unique
 * (endpointRoutes.ts checks by URL), so an id is about identity only.
 */
import { randomBytes } from 'node:crypto';

import type { EndpointIdMode } from '../state/config';

/** The docs' example id is base64url of the URL without padding (§2.2). */
export function urlEndpointId(url: string): string {
	return Buffer.from(url, 'utf8').toString('base64url');
}

/** 144 random bits: unique in practice, and decoding one yields noise, never the URL. */
function opaqueEndpointId(): string {
	return randomBytes(18).toString('base64url');
}

export function newEndpointId(mode: EndpointIdMode, url: string): string {
	return mode === 'url' ? urlEndpointId(url) : opaqueEndpointId();
}

/** Only a URL change in 'url' mode re-keys an endpoint (§2.5); an opaque id survives it. */
export function endpointIdAfterUpdate(mode: EndpointIdMode, current: { id: string; url: string }, url: string): string {
	return mode === 'url' && url !== current.url ? urlEndpointId(url) : current.id;
}
