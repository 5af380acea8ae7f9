import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { API_BASE_URLS } from './policy';

export type BaseUrlResult = { ok: true; baseUrl: string } | { ok: false; problem: string };

/**
 * The API origin the credential points at. A custom base URL is how users reach a proxy or the
 * emulator; it must be an absolute http(s) URL. Mirrors BASE_URL_EXPRESSION in the credential.
 */
export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): BaseUrlResult {
	const region = credentials.region;
	if (region === 'eu1') return { ok: true, baseUrl: API_BASE_URLS.eu1 };
	if (region !== 'custom') return { ok: true, baseUrl: API_BASE_URLS.default };

	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	if (raw === '') return { ok: false, problem: 'the credential uses a custom base URL but none is set' };
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		return { ok: false, problem: "the credential's base URL is not a valid absolute URL" };
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return { ok: false, problem: "the credential's base URL must start with http:// or https://" };
	}
	return { ok: true, baseUrl: raw.replace(/\/+$/, '') };
}

/** Whether the credential talks to FullStory itself rather than to a custom base URL. */
export function pointsAtFullStory(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.region !== 'custom';
}
