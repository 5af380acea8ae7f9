/**
 * `page_token` paging of List Users and of a job's imports and errors (docs/fullstory-server-api.md §2.4,
 * §3.3, §13.2): no page-size parameter (config `v2PageSize`), `{results, total_records, next_page_token}`
 * with `total_records` an int64 as a string, and no `next_page_token` on the last page. The token is opaque
 * and bound to what is paged (the filters, or the job and list): "the same filter criteria should be
 * supplied" on every page, so a token replayed with others is refused.
 */
import { createHash } from 'node:crypto';

import { invalidArgument } from '../../errors';
import type { JsonObject } from '../../guards';
import { fail, ok, type Outcome } from '../../http';

const PREFIX = 'v2page';

/** Short and one-way: the token says nothing readable about the filters. */
export function bindingDigest(binding: string): string {
	return createHash('sha256').update(binding, 'utf8').digest('base64url').slice(0, 12);
}

function encodeToken(offset: number, binding: string): string {
	return Buffer.from(`${PREFIX}:${offset}:${bindingDigest(binding)}`, 'utf8').toString('base64url');
}

/** The offset a token stands for: 0 without one, 400 for one the emulator did not issue for this binding. */
export function pageOffset(token: string | null, binding: string): Outcome<number> {
	if (token === null || token === '') return ok(0);
	const match = /^v2page:(\d{1,9}):([A-Za-z0-9_-]{12})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
	// Node's base64url decoder skips invalid characters, so only a token that round-trips is one we issued.
	if (match === null || encodeToken(Number(match[1]), binding) !== token) {
		if (match !== null && match[2] !== bindingDigest(binding)) {
			return fail(invalidArgument('page_token was issued for other filter criteria: send the same filters on every page'));
		}
		return fail(invalidArgument(`page_token "${token}" is not a valid page token`));
	}
	return ok(Number(match[1]));
}

export function resultsPage(items: readonly JsonObject[], offset: number, size: number, binding: string): JsonObject {
	const end = offset + size;
	return {
		results: items.slice(offset, end),
		total_records: String(items.length),
		...(end < items.length ? { next_page_token: encodeToken(end, binding) } : {}),
	};
}
