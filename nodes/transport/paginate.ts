/**
 * The one pager for FullStory's lists, in both families' paging (`Paging`, `TOKEN_PARAMETER`;
 * docs/fullstory-server-api.md §1.5, §2.4): v1 sends `limit` and `paginationToken` and reads
 * `nextPaginationToken`; v2 sends `page_token` alone (FullStory picks the page size) and reads
 * `next_page_token` beside `results` (guards.ts reads either into a `Page`).
 *
 * It stops at the requested limit, on the last page (no token, or an empty one), or at a hard
 * page cap; a cap reached or a token seen twice is an error rather than a silently short list,
 * because callers (the trigger's URL lookup above all) rely on having seen everything.
 *
 * A batch job's `/imports` and `/errors` answer 202 while the job runs (processing.ts):
 * `fetchAllPagesUnlessProcessing` reads such a listing, and says "still processing" when any
 * page does, since the list is not final then.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JobAnswer, StillProcessing } from './processing';
import { PROCESSING_STATUS, STILL_PROCESSING } from './processing';
import type { FullStoryContext, FullStoryRequest, ResponseParser } from './request';
import { fullStoryRequest } from './request';
import type { Page } from './types';

/** How a list is paged: FullStory's v1 APIs take a page size, its v2 APIs do not. */
export type Paging = { family: 'v1'; pageSize: number } | { family: 'v2' };

/** The query parameter that carries the next page's token, per family. */
const TOKEN_PARAMETER: Record<Paging['family'], string> = { v1: 'paginationToken', v2: 'page_token' };

export interface PageWalk<T> {
	/** The request for every page; the pager adds the paging parameters to its query. */
	request: Omit<FullStoryRequest, 'method'>;
	parsePage: ResponseParser<Page<T>>;
	paging: Paging;
	maxPages: number;
	/** Stop once this many items are collected; undefined = all. */
	limit?: number;
}

/** The query of one page: the request's own, the token, and for v1 the page size still needed. */
function pageQuery<T>(walk: PageWalk<T>, collected: number, token: string | undefined): IDataObject {
	const qs: IDataObject = { ...walk.request.qs };
	if (walk.paging.family === 'v1') {
		const { pageSize } = walk.paging;
		const remaining = walk.limit === undefined ? pageSize : walk.limit - collected;
		qs.limit = Math.min(pageSize, Math.max(remaining, 1));
	}
	if (token !== undefined) qs[TOKEN_PARAMETER[walk.paging.family]] = token;
	return qs;
}

/** How many entries the page cap allows, in words, for its error. */
function capInWords(walk: PageWalk<unknown>): string {
	return walk.paging.family === 'v1' ? `${walk.maxPages * walk.paging.pageSize} entries` : `${walk.maxPages} pages`;
}

/**
 * Walks the pages. `read` parses one answer into a page or into a stop (`S`) that ends the walk
 * at once, which `isStop` recognises; `fetchAllPages` has no stop (`S` = never).
 */
async function walkPages<T, S>(
	context: FullStoryContext,
	walk: PageWalk<T>,
	read: ResponseParser<Page<T> | S>,
	isStop: (answer: Page<T> | S) => answer is S,
): Promise<T[] | S> {
	const items: T[] = [];
	const seenTokens = new Set<string>();
	let token: string | undefined;

	for (let page = 0; page < walk.maxPages; page++) {
		const qs = pageQuery(walk, items.length, token);
		const answer = await fullStoryRequest(context, { ...walk.request, method: 'GET', qs }, read);
		if (isStop(answer)) return answer;
		items.push(...answer.items);
		if (walk.limit !== undefined && items.length >= walk.limit) return items.slice(0, walk.limit);

		token = answer.nextPaginationToken;
		if (token === undefined) return items;
		if (seenTokens.has(token)) {
			throw new NodeOperationError(context.getNode(), `FullStory repeated a page token while listing ${walk.request.expected}`, {
				description: 'The list could not be read to the end. Try again; if it persists, report it to FullStory.',
				itemIndex: walk.request.itemIndex,
			});
		}
		seenTokens.add(token);
	}
	throw new NodeOperationError(
		context.getNode(),
		`FullStory returned more than ${walk.maxPages} pages of ${walk.request.expected}`,
		{
			description: `This node reads at most ${capInWords(walk)}. Use a limit, or remove entries you no longer need in FullStory.`,
			itemIndex: walk.request.itemIndex,
		},
	);
}

function neverStops<T>(_answer: Page<T>): _answer is never {
	return false;
}

export async function fetchAllPages<T>(context: FullStoryContext, walk: PageWalk<T>): Promise<T[]> {
	return await walkPages<T, never>(context, walk, walk.parsePage, neverStops);
}

function isStillProcessing<T>(answer: Page<T> | StillProcessing): answer is StillProcessing {
	return 'processing' in answer;
}

/** The same walk for a listing that answers 202 while a batch job runs (`/imports`, `/errors`). */
export async function fetchAllPagesUnlessProcessing<T>(context: FullStoryContext, walk: PageWalk<T>): Promise<JobAnswer<T[]>> {
	const read: ResponseParser<Page<T> | StillProcessing> = (body, status) =>
		status === PROCESSING_STATUS ? STILL_PROCESSING : walk.parsePage(body, status);
	const listed = await walkPages(context, walk, read, isStillProcessing);
	return Array.isArray(listed) ? { processing: false, value: listed } : listed;
}
