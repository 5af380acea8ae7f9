/**
 * Waiting for an import job to finish: its status polled with backoff, never faster than every
 * 2 s (what FullStory's own SDK does), bounded by the user's timeout. A job still running then is
 * an error that names it, so the user can go on with Get Status.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { getJobState } from '../../../api/importJobs/jobs';
import type { ImportKind, JobState } from '../../../api/importJobs/types';

export const POLL = {
	firstMs: 2_000,
	factor: 1.5,
	maxMs: 15_000,
} as const;

export async function waitForJob(
	context: IExecuteFunctions,
	kind: ImportKind,
	jobId: string,
	options: { timeoutSeconds: number; itemIndex: number },
): Promise<JobState> {
	const deadline = Date.now() + options.timeoutSeconds * 1000;
	let delayMs: number = POLL.firstMs;
	for (;;) {
		const state = await getJobState(context, kind, jobId, options.itemIndex);
		if (state.job.status !== 'PROCESSING') return state;
		const left = deadline - Date.now();
		if (left <= 0) {
			throw new NodeOperationError(context.getNode(), `Import job ${jobId} is still processing after ${options.timeoutSeconds} s`, {
				itemIndex: options.itemIndex,
				description: `Nothing is lost: FullStory goes on with it. Read its outcome later with Import Job > Get Status (Job ID ${jobId}), then Get Imported Items and Get Errors; or raise Options > Timeout.`,
			});
		}
		await sleep(Math.max(POLL.firstMs, Math.min(delayMs, left)));
		delayMs = Math.min(delayMs * POLL.factor, POLL.maxMs);
	}
}
