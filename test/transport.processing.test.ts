/**
 * "Still processing" (nodes/transport/processing.ts), over real HTTP against a small local server
 * standing in for a batch job's `/imports`: a 202 with an empty body reads as
 * `{ processing: true }` through `unlessProcessing`, a 200 as `{ processing: false, value }`; a
 * parser that was not wrapped still refuses the empty 202. The pager's
 * `fetchAllPagesUnlessProcessing` says processing when a page answers 202, and lists otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'http';

import { isRecord, parseResultsPage } from '../nodes/transport/guards';
import type { PageWalk } from '../nodes/transport/paginate';
import { fetchAllPagesUnlessProcessing } from '../nodes/transport/paginate';
import { unlessProcessing } from '../nodes/transport/processing';
import type { FullStoryRequest } from '../nodes/transport/request';
import { fullStoryRequest } from '../nodes/transport/request';
import { createContext, emulatorCredentials } from './helpers/context';
import { apiRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

const IMPORTS = '/v2/users/batch/job-1/imports';

interface Imported {
	id: string;
}

const parseImported = (value: unknown): Imported | undefined => (isRecord(value) && typeof value.id === 'string' ? { id: value.id } : undefined);

const parseImportsPage = (body: unknown) => parseResultsPage(body, parseImported);

const request: FullStoryRequest = { method: 'GET', path: IMPORTS, expected: 'the imported users', needs: 'adminOrArchitect' };

/** Answers each call with the next of `answers` (status and JSON body, or no body for a 202). */
async function withAnswers(answers: Array<[number, unknown?]>, run: (origin: string, calls: string[]) => Promise<void>): Promise<void> {
	const calls: string[] = [];
	const handler = (incoming: IncomingMessage, response: ServerResponse) => {
		calls.push(incoming.url ?? '');
		const [status, body] = answers[Math.min(calls.length - 1, answers.length - 1)];
		if (body === undefined) {
			response.writeHead(status).end();
			return;
		}
		response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
	};
	await withLocalServer(handler, async (origin) => await run(origin, calls));
}

function contextAt(origin: string) {
	return createContext({ credentials: emulatorCredentials(origin, 'na1.key/abc') }).context;
}

describe('one request', () => {
	it('202 with an empty body: still processing, with no value to misread', async () => {
		await withAnswers([[202]], async (origin, calls) => {
			const answer = await fullStoryRequest(contextAt(origin), request, unlessProcessing(parseImportsPage));
			expect(answer).toEqual({ processing: true });
			expect(calls).toEqual([IMPORTS]);
		});
	});

	it('200: finished, with the parsed page', async () => {
		await withAnswers([[200, { results: [{ id: '7' }], total_records: '1' }]], async (origin) => {
			const answer = await fullStoryRequest(contextAt(origin), request, unlessProcessing(parseImportsPage));
			expect(answer).toEqual({ processing: false, value: { items: [{ id: '7' }] } });
			// Narrowed on `processing`, without a cast.
			if (!answer.processing) expect(answer.value.items[0].id).toBe('7');
		});
	});

	it('200 that is not the expected shape: the usual unexpected-response error', async () => {
		await withAnswers([[200, { results: 'none' }]], async (origin) => {
			const error = await apiRejection(fullStoryRequest(contextAt(origin), request, unlessProcessing(parseImportsPage)));
			expect(error.message).toBe('FullStory answered with something other than the imported users');
		});
	});

	it('202 to a parser that was not wrapped: refused as before, not taken for an empty page', async () => {
		await withAnswers([[202]], async (origin) => {
			const error = await apiRejection(fullStoryRequest(contextAt(origin), request, parseImportsPage));
			expect(error.message).toBe('FullStory answered with something other than the imported users');
		});
	});
});

describe('a paged listing', () => {
	const walk: PageWalk<Imported> = { request, parsePage: parseImportsPage, paging: { family: 'v2' }, maxPages: 10 };

	it('202 on the first page: still processing, after one call', async () => {
		await withAnswers([[202]], async (origin, calls) => {
			expect(await fetchAllPagesUnlessProcessing(contextAt(origin), walk)).toEqual({ processing: true });
			expect(calls).toHaveLength(1);
		});
	});

	it('pages of 200: finished, with every item', async () => {
		const answers: Array<[number, unknown]> = [
			[200, { results: [{ id: '1' }], next_page_token: 't2' }],
			[200, { results: [{ id: '2' }] }],
		];
		await withAnswers(answers, async (origin, calls) => {
			expect(await fetchAllPagesUnlessProcessing(contextAt(origin), walk)).toEqual({ processing: false, value: [{ id: '1' }, { id: '2' }] });
			expect(calls).toEqual([IMPORTS, `${IMPORTS}?page_token=t2`]);
		});
	});

	it('202 on a later page: still processing, since the list is not final', async () => {
		await withAnswers([[200, { results: [{ id: '1' }], next_page_token: 't2' }], [202]], async (origin) => {
			expect(await fetchAllPagesUnlessProcessing(contextAt(origin), walk)).toEqual({ processing: true });
		});
	});
});
