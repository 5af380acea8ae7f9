/**
 * The pager in FullStory's v2 paging, over real HTTP against a small local server (the emulator's
 * v2 lists are not there yet): `page_token` in the query and no page size, `results` and
 * `next_page_token` in the answer, the request's own filters on every page; it stops at the last
 * page (no token or an empty one) and at the limit, and a repeated token or too many pages is an
 * error, as in v1. The v1 paging is tested against the emulator in transport.test.ts.
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { IDataObject } from 'n8n-workflow';

import { isRecord, optionalString, parseResultsPage } from '../nodes/transport/guards';
import type { PageWalk } from '../nodes/transport/paginate';
import { fetchAllPages } from '../nodes/transport/paginate';
import { createContext, emulatorCredentials } from './helpers/context';
import { apiRejection, operationRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

interface User {
	id: string;
}

function parseUser(value: unknown): User | undefined {
	if (!isRecord(value)) return undefined;
	const id = optionalString(value.id);
	return id === undefined ? undefined : { id };
}

function usersWalk(options: { limit?: number; maxPages?: number; qs?: IDataObject } = {}): PageWalk<User> {
	return {
		request: { path: '/v2/users', qs: options.qs, expected: 'a list of users' },
		parsePage: (body) => parseResultsPage(body, parseUser),
		paging: { family: 'v2' },
		maxPages: options.maxPages ?? 50,
		limit: options.limit,
	};
}

/** One answer per page token ('' for the first page), and the queries the pager sent. */
async function withPages(pages: Record<string, IDataObject>, run: (origin: string, queries: IDataObject[]) => Promise<void>): Promise<void> {
	const queries: IDataObject[] = [];
	const handler = (request: IncomingMessage, response: ServerResponse) => {
		const url = new URL(request.url ?? '/', 'http://local');
		queries.push(Object.fromEntries(url.searchParams));
		const page = pages[url.searchParams.get('page_token') ?? ''];
		if (url.pathname !== '/v2/users' || page === undefined) {
			response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'no such page', code: 'not_found' }));
			return;
		}
		response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
	};
	await withLocalServer(handler, async (origin) => await run(origin, queries));
}

function users(...ids: string[]): Array<{ id: string; is_being_deleted: boolean }> {
	return ids.map((id) => ({ id, is_being_deleted: false }));
}

function contextAt(origin: string) {
	return createContext({ credentials: emulatorCredentials(origin, 'na1.key/abc') }).context;
}

it('walks every page with page_token, sends no page size, and keeps the filters on every page', async () => {
	const pages = {
		'': { results: users('1', '2'), total_records: '5', next_page_token: 'p2' },
		p2: { results: users('3', '4'), total_records: '5', next_page_token: 'p3' },
		p3: { results: users('5'), total_records: '5' },
	};
	await withPages(pages, async (origin, queries) => {
		const listed = await fetchAllPages(contextAt(origin), usersWalk({ qs: { email: 'daniel@example.com' } }));
		expect(listed.map((user) => user.id)).toEqual(['1', '2', '3', '4', '5']);
		expect(queries).toEqual([
			{ email: 'daniel@example.com' },
			{ email: 'daniel@example.com', page_token: 'p2' },
			{ email: 'daniel@example.com', page_token: 'p3' },
		]);
	});
});

it('an empty next_page_token ends the list, as a missing one does', async () => {
	await withPages({ '': { results: users('1'), next_page_token: '' } }, async (origin, queries) => {
		expect(await fetchAllPages(contextAt(origin), usersWalk())).toEqual([{ id: '1' }]);
		expect(queries).toHaveLength(1);
	});
});

it('reads nextPageToken too, in case the casing changes', async () => {
	const pages = { '': { results: users('1'), nextPageToken: 'p2' }, p2: { results: users('2') } };
	await withPages(pages, async (origin) => {
		expect(await fetchAllPages(contextAt(origin), usersWalk())).toEqual([{ id: '1' }, { id: '2' }]);
	});
});

it('stops at the limit: no further page is asked for', async () => {
	const pages = { '': { results: users('1', '2', '3'), next_page_token: 'p2' }, p2: { results: users('4') } };
	await withPages(pages, async (origin, queries) => {
		expect(await fetchAllPages(contextAt(origin), usersWalk({ limit: 2 }))).toEqual([{ id: '1' }, { id: '2' }]);
		expect(queries).toEqual([{}]);
	});
});

it('a token seen twice is an error, not an endless loop or a short list', async () => {
	const pages = {
		'': { results: users('1'), next_page_token: 'again' },
		again: { results: users('2'), next_page_token: 'again' },
	};
	await withPages(pages, async (origin, queries) => {
		const error = await operationRejection(fetchAllPages(contextAt(origin), usersWalk()));
		expect(error.message).toBe('FullStory repeated a page token while listing a list of users');
		expect(queries).toHaveLength(2);
	});
});

it('more pages than the cap is an error that names the cap in pages', async () => {
	const pages = Object.fromEntries(Array.from({ length: 5 }, (_, page) => [page === 0 ? '' : `p${page}`, { results: users(String(page)), next_page_token: `p${page + 1}` }]));
	await withPages(pages, async (origin, queries) => {
		const error = await operationRejection(fetchAllPages(contextAt(origin), usersWalk({ maxPages: 3 })));
		expect(error.message).toBe('FullStory returned more than 3 pages of a list of users');
		expect(error.description).toBe('This node reads at most 3 pages. Use a limit, or remove entries you no longer need in FullStory.');
		expect(queries).toHaveLength(3);
	});
});

it('a page whose results are not a list is a clear error', async () => {
	await withPages({ '': { results: { id: '1' } } }, async (origin) => {
		const error = await apiRejection(fetchAllPages(contextAt(origin), usersWalk()));
		expect(error.message).toBe('FullStory answered with something other than a list of users');
	});
});

it('no results at all is an empty page: protobuf JSON leaves out an empty list', async () => {
	await withPages({ '': { total_records: '0' } }, async (origin) => {
		expect(await fetchAllPages(contextAt(origin), usersWalk())).toEqual([]);
	});
});
