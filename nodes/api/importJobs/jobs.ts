/**
 * FullStory's batch import calls (docs/fullstory-server-api.md §3): create a job of users or events,
 * read its status, and page through what it imported and what failed. `/imports` and `/errors`
 * answer 202 while the job runs, which reads as "still processing" (transport/processing.ts).
 */
import type { IDataObject } from 'n8n-workflow';

import { parseResultsPage } from '../../transport/guards';
import { fetchAllPagesUnlessProcessing } from '../../transport/paginate';
import { pathSegment } from '../../transport/path';
import type { JobAnswer } from '../../transport/processing';
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';
import { parseCreatedJob, parseImportError, parseImportedItem, parseJobState } from './guards';
import type { ImportError, ImportJob, ImportKind, JobState } from './types';

/** Pages of imported items or errors read at most: FullStory picks the page size (undocumented). */
const MAX_RESULT_PAGES = 5_000;

const batchPath = (kind: ImportKind) => `/v2/${kind}/batch`;
const jobPath = (kind: ImportKind, jobId: string, ...rest: string[]) => [batchPath(kind), pathSegment(jobId, 'Job ID'), ...rest];

export async function createImportJob(
	context: FullStoryContext,
	kind: ImportKind,
	requests: IDataObject[],
	options: { itemIndex: number; idempotencyKey: string },
): Promise<ImportJob> {
	return await fullStoryRequest(
		context,
		{
			method: 'POST',
			path: batchPath(kind),
			body: { requests },
			needs: 'standard',
			expected: 'the created import job',
			...options,
		},
		parseCreatedJob,
	);
}

export async function getJobState(context: FullStoryContext, kind: ImportKind, jobId: string, itemIndex: number): Promise<JobState> {
	return await fullStoryRequest(
		context,
		{
			method: 'GET',
			path: jobPath(kind, jobId),
			itemIndex,
			needs: 'standard',
			notFound: `import job "${jobId}"`,
			expected: 'the status of an import job',
		},
		parseJobState,
	);
}

/** A finished job's `/imports` or `/errors`, every page (or up to `limit`); still processing while it runs. */
async function listJobResults<T>(
	context: FullStoryContext,
	kind: ImportKind,
	jobId: string,
	list: { segment: 'imports' | 'errors'; qs?: IDataObject; expected: string; parseItem: (item: unknown) => T | undefined },
	options: { itemIndex: number; limit?: number },
): Promise<JobAnswer<T[]>> {
	return await fetchAllPagesUnlessProcessing(context, {
		request: {
			path: jobPath(kind, jobId, list.segment),
			qs: list.qs,
			itemIndex: options.itemIndex,
			needs: 'adminOrArchitect',
			notFound: `import job "${jobId}"`,
			expected: list.expected,
		},
		parsePage: (body) => parseResultsPage(body, list.parseItem),
		paging: { family: 'v2' },
		maxPages: MAX_RESULT_PAGES,
		limit: options.limit,
	});
}

export async function listImportedItems(
	context: FullStoryContext,
	kind: ImportKind,
	jobId: string,
	options: { itemIndex: number; limit?: number },
): Promise<JobAnswer<IDataObject[]>> {
	const list = { segment: 'imports' as const, qs: { include_schema: true }, expected: `the ${kind} an import job imported`, parseItem: parseImportedItem };
	return await listJobResults(context, kind, jobId, list, options);
}

export async function listImportErrors(
	context: FullStoryContext,
	kind: ImportKind,
	jobId: string,
	options: { itemIndex: number; limit?: number },
): Promise<JobAnswer<ImportError[]>> {
	const list = { segment: 'errors' as const, expected: 'the failures of an import job', parseItem: parseImportError };
	return await listJobResults(context, kind, jobId, list, options);
}
