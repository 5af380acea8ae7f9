import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { eventBody } from '../../../api/events/events';
import { createImportJob, listImportErrors } from '../../../api/importJobs/jobs';
import type { ImportError, ImportJob, ImportKind, JobState } from '../../../api/importJobs/types';
import { userBody } from '../../../api/users/users';
import { V2_LIMITS } from '../../../api/v2/limits';
import { toNodeError } from '../../../transport/errors';
import { readServerEvent, serverEventProperties } from '../event/serverEvent';
import { optionsCollection } from '../common';
import { idempotencyKeyProperty, itemIdempotencyKey } from '../idempotency';
import { readRequiredString } from '../params';
import type { BatchOperation, ItemOutcome } from '../types';
import { readUserFields, upsertUserProperties } from '../user/fields';
import { importKindField, readImportKind } from './fields';
import { pairFailures } from './pairing';
import { waitForJob } from './wait';

const show = { resource: ['importJob'], operation: ['create'] };
const DEFAULT_TIMEOUT_SECONDS = 300;

const properties: INodeProperties[] = [
	importKindField,
	...updateDisplayOptions({ show: { importKind: ['users'] } }, upsertUserProperties()),
	...updateDisplayOptions({ show: { importKind: ['events'] } }, serverEventProperties()),
	optionsCollection(
		[
			{
				...idempotencyKeyProperty,
				description:
					'FullStory makes one job per key. Leave empty for a key of this execution, which keeps retries within it safe; set one from your data (for example the sync run ID) to make re-running a failed execution safe too.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeoutSeconds',
				type: 'number',
				typeOptions: { minValue: 10 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description: 'How long to wait for the job to finish before failing with its ID (it goes on in FullStory)',
				displayOptions: { show: { waitForCompletion: [true] } },
			},
			{
				displayName: 'Wait for Completion',
				name: 'waitForCompletion',
				type: 'boolean',
				default: true,
				description:
					'Whether to wait until FullStory has imported the job and output each input item as imported or failed (with FullStory\'s reason). Off: output the job ID at once; read the outcome later with Get Status.',
			},
		],
		'jobOptions',
		'Job Options',
	),
];

/** One input item's request, and which input item it is. */
interface Planned {
	itemIndex: number;
	request: IDataObject;
}

function readRequest(context: IExecuteFunctions, kind: ImportKind, itemIndex: number): IDataObject {
	if (kind === 'events') return eventBody(readServerEvent(context, itemIndex));
	readRequiredString(context, itemIndex, 'uid', 'User ID (Uid)');
	return userBody(readUserFields(context, itemIndex, { uid: 'uid', prefix: 'additionalFields.' }));
}

/** FullStory's in-progress limits (docs/fullstory-server-api.md §3.2) are the usual reason for a 429 here: say so. */
function batchRefusal(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (!(error instanceof NodeApiError) || error.httpCode !== '429') return toNodeError(context.getNode(), error, itemIndex);
	return new NodeOperationError(context.getNode(), 'FullStory refused the import job: too many jobs or items are in progress', {
		itemIndex,
		description:
			'FullStory queues up to 100 import jobs per org and refuses new ones at 200 jobs or 500,000 items in progress. The node waited as FullStory asked and tried again within its retry budget. Run it again once earlier jobs have finished (Import Job > Get Status).',
	});
}

function chunks<T>(values: T[], size: number): T[][] {
	return Array.from({ length: Math.ceil(values.length / size) }, (_, index) => values.slice(index * size, (index + 1) * size));
}

function failureOf(error: ImportError): IDataObject {
	return { message: error.message, code: error.code };
}

async function outcomesOfFinished(
	context: IExecuteFunctions,
	kind: ImportKind,
	planned: Planned[],
	state: JobState,
): Promise<ItemOutcome[]> {
	const base = (entry: Planned) => ({ jobId: state.job.id, jobStatus: state.job.status, request: entry.request });
	const listed = state.errors > 0 || state.job.status === 'FAILED'
		? await listImportErrors(context, kind, state.job.id, { itemIndex: planned[0].itemIndex })
		: { processing: false as const, value: [] };
	if (listed.processing) {
		return planned.map((entry) => ({ itemIndex: entry.itemIndex, json: { ...base(entry), status: 'unconfirmed' } }));
	}
	const { failures, unpaired } = pairFailures(kind, planned.map((entry) => entry.request), listed.value);
	return planned.map((entry, position) => {
		const failure = failures.get(position);
		if (failure !== undefined) return { itemIndex: entry.itemIndex, json: { ...base(entry), status: 'failed', error: failureOf(failure) } };
		// A failure FullStory listed that matches no request could be this one's.
		const status = unpaired.length > 0 ? 'unconfirmed' : 'imported';
		return { itemIndex: entry.itemIndex, json: { ...base(entry), status, ...(unpaired.length > 0 ? { unpairedErrors: unpaired.map(failureOf) } : {}) } };
	});
}

export const create: BatchOperation = {
	description: updateDisplayOptions({ show }, properties),
	async executeBatch(this: IExecuteFunctions, itemIndexes: number[]) {
		const kind = readImportKind(this, itemIndexes[0]);
		const refused: ItemOutcome[] = [];
		const planned: Planned[] = [];
		for (const itemIndex of itemIndexes) {
			try {
				planned.push({ itemIndex, request: readRequest(this, kind, itemIndex) });
			} catch (error) {
				// Without Continue On Fail nothing is sent when any item is refused.
				if (!this.continueOnFail()) throw toNodeError(this.getNode(), error, itemIndex);
				refused.push({ itemIndex, error: error instanceof Error ? error : new Error(String(error)) });
			}
		}
		const outcomes: ItemOutcome[] = [...refused];
		const wait = this.getNodeParameter('jobOptions.waitForCompletion', itemIndexes[0], true) === true;
		const timeout: unknown = this.getNodeParameter('jobOptions.timeoutSeconds', itemIndexes[0], DEFAULT_TIMEOUT_SECONDS);
		const timeoutSeconds = typeof timeout === 'number' && timeout > 0 ? timeout : DEFAULT_TIMEOUT_SECONDS;

		const jobs: Array<{ job: ImportJob; planned: Planned[] }> = [];
		for (const [position, chunk] of chunks(planned, V2_LIMITS.batchRequests).entries()) {
			const itemIndex = chunk[0].itemIndex;
			const idempotencyKey = itemIdempotencyKey(this, itemIndex, { parameter: 'jobOptions.idempotencyKey', part: `${kind}-job-${position}` });
			try {
				const job = await createImportJob(this, kind, chunk.map((entry) => entry.request), { itemIndex, idempotencyKey });
				jobs.push({ job, planned: chunk });
			} catch (error) {
				throw batchRefusal(this, error, itemIndex);
			}
		}
		for (const { job, planned: chunk } of jobs) {
			if (!wait) {
				outcomes.push(...chunk.map((entry) => ({ itemIndex: entry.itemIndex, json: { jobId: job.id, jobStatus: job.status, status: 'submitted', request: entry.request } })));
				continue;
			}
			const state = await waitForJob(this, kind, job.id, { timeoutSeconds, itemIndex: chunk[0].itemIndex });
			outcomes.push(...(await outcomesOfFinished(this, kind, chunk, state)));
		}
		return outcomes.sort((a, b) => a.itemIndex - b.itemIndex);
	},
};
