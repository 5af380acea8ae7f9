/**
 * `limit` + opaque `paginationToken` paging (docs/fullstory-api.md §2.6). The token is base64url of an
 * offset; clients must treat it as opaque, and anything the emulator did not issue is rejected.
 */
import { invalidArgument } from '../errors';
import { fail, ok, type Outcome } from '../http';

export interface PageRequest {
	offset: number;
	limit: number;
}

export interface Page<T> {
	items: T[];
	nextPaginationToken?: string;
}

const TOKEN_PREFIX = 'offset:';

export function encodePageToken(offset: number): string {
	return Buffer.from(`${TOKEN_PREFIX}${offset}`, 'utf8').toString('base64url');
}

function decodePageToken(token: string): number | undefined {
	const decoded = Buffer.from(token, 'base64url').toString('utf8');
	const match = /^offset:(\d{1,9})$/.exec(decoded);
	// Node's base64url decoder skips invalid characters, so only a token that round-trips is one we issued.
	if (match === null || encodePageToken(Number(match[1])) !== token) return undefined;
	return Number(match[1]);
}

/** `limit` absent or 0 means the maximum, as in the docs; above the maximum it is capped. */
export function parsePageRequest(query: URLSearchParams, maxLimit: number): Outcome<PageRequest> {
	const rawLimit = query.get('limit');
	let limit = maxLimit;
	if (rawLimit !== null && rawLimit !== '') {
		if (!/^\d+$/.test(rawLimit)) {
			return fail(invalidArgument(`limit must be a non-negative integer, got "${rawLimit}"`));
		}
		const parsed = Number(rawLimit);
		limit = parsed === 0 ? maxLimit : Math.min(parsed, maxLimit);
	}
	const token = query.get('paginationToken') ?? query.get('pagination_token') ?? '';
	if (token === '') return ok({ offset: 0, limit });
	const offset = decodePageToken(token);
	if (offset === undefined) {
		return fail(invalidArgument(`paginationToken "${token}" is not a valid pagination token`));
	}
	return ok({ offset, limit });
}

export function paginate<T>(items: readonly T[], request: PageRequest): Page<T> {
	const end = request.offset + request.limit;
	const page: Page<T> = { items: items.slice(request.offset, end) };
	if (end < items.length) page.nextPaginationToken = encodePageToken(end);
	return page;
}
