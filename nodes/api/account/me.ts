/**
 * `GET /me`: who the API key belongs to. The trigger records the org an endpoint was registered
 * in, so it never deletes an endpoint through a key of another org (docs/fullstory-api.md §2.1).
 */
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';
import type { KeyIdentity } from './identity';
import { ME_EXPECTED, ME_PATH, parseKeyIdentity } from './identity';

export async function getKeyIdentity(context: FullStoryContext): Promise<KeyIdentity> {
	return await fullStoryRequest(context, { method: 'GET', path: ME_PATH, expected: ME_EXPECTED }, parseKeyIdentity);
}
