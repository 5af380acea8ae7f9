/**
 * `GET /me`: who the API key belongs to. The trigger records the org an endpoint was registered
 * in, so it never deletes an endpoint through a key of another org (docs/fullstory-api.md §2.1).
 */
import { isRecord, optionalString, pick } from '../../transport/guards';
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';

export const ME_PATH = '/me';

export interface KeyIdentity {
	email: string;
	orgId: string;
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

export async function getKeyIdentity(context: FullStoryContext): Promise<KeyIdentity> {
	return await fullStoryRequest(
		context,
		{ method: 'GET', path: ME_PATH, expected: 'the API key owner (GET /me)' },
		parseKeyIdentity,
	);
}
