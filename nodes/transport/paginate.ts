/**
 * The one pager for FullStory's `nextPaginationToken` lists. It stops at the requested limit,
 * on the last page, or at a hard page cap; a cap reached or a token seen twice is an error
 * rather than a silently short list, because callers (the trigger's URL lookup above all) rely
 * on having seen everything.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FullStoryContext, FullStoryRequest } from './request';
import { fullStoryRequest } from './request';
import type { Page } from './types';

export interface PageWalk<T> {
	request: Omit<FullStoryRequest, 'method'>;
	parsePage: (body: unknown) => Page<T> | undefined;
	pageSize: number;
	maxPages: number;
	/** Stop once this many items are collected; undefined = all. */
	limit?: number;
}

export async function fetchAllPages<T>(context: FullStoryContext, walk: PageWalk<T>): Promise<T[]> {
	const items: T[] = [];
	const seenTokens = new Set<string>();
	let token: string | undefined;

	for (let page = 0; page < walk.maxPages; page++) {
		const remaining = walk.limit === undefined ? walk.pageSize : walk.limit - items.length;
		const qs: IDataObject = { ...walk.request.qs, limit: Math.min(walk.pageSize, Math.max(remaining, 1)) };
		if (token !== undefined) qs.paginationToken = token;

		const result = await fullStoryRequest(context, { ...walk.request, method: 'GET', qs }, walk.parsePage);
		items.push(...result.items);
		if (walk.limit !== undefined && items.length >= walk.limit) return items.slice(0, walk.limit);

		token = result.nextPaginationToken;
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
			description: `This node reads at most ${walk.maxPages * walk.pageSize} entries. Use a limit, or remove entries you no longer need in FullStory.`,
			itemIndex: walk.request.itemIndex,
		},
	);
}
