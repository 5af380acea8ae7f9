/**
 * `Authorization: Basic <raw key>` (docs/fullstory-api.md §1). The key follows `Basic ` as is: it is
 * not base64 of `user:pass`, and keys contain `/` and `.`, so it is never split, trimmed or decoded.
 * Who may call what is roles.ts's.
 */
import type { EmulatorStore } from '../state/store';
import type { ApiKeyRecord } from '../state/types';

const SCHEME = /^basic /i;

export function keyFromAuthorization(header: string | undefined): string | undefined {
	if (header === undefined || !SCHEME.test(header)) return undefined;
	const key = header.slice('Basic '.length);
	return key === '' ? undefined : key;
}

export function authenticate(store: EmulatorStore, header: string | undefined): ApiKeyRecord | undefined {
	const key = keyFromAuthorization(header);
	return key === undefined ? undefined : store.findKey(key);
}
