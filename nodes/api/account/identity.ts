/**
 * The answer of `GET /me`: who the API key belongs to and its role (docs/fullstory-api.md §1).
 * Apart from me.ts, which makes the call, because the transport reads it too: it asks `/me`
 * when a call is refused (403), to say which role the key has (request.ts, roles.ts).
 */
import { isRecord, optionalString, pick } from '../../transport/guards';

export const ME_PATH = '/me';

/** What a good answer of `/me` is, for the unexpected-response error. */
export const ME_EXPECTED = 'the API key owner (GET /me)';

export interface KeyIdentity {
	email: string;
	orgId: string;
	/** As FullStory spells it: ADMIN, ARCHITECT, USER (Standard), VIEW_ONLY, or another value. */
	role: string;
}

export function parseKeyIdentity(value: unknown): KeyIdentity | undefined {
	if (!isRecord(value)) return undefined;
	const orgId = optionalString(pick(value, 'orgId', 'org_id'));
	if (orgId === undefined) return undefined;
	const email = pick(value, 'email');
	const role = pick(value, 'role');
	return {
		orgId,
		email: typeof email === 'string' ? email : '',
		role: typeof role === 'string' ? role : 'UNKNOWN',
	};
}
