/** Get Imported Items and Get Errors: one job's listing, which FullStory has only once the job is done. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ImportKind } from '../../../api/importJobs/types';
import type { JobAnswer } from '../../../transport/processing';
import { returnAllOrLimit } from '../common';
import { readLimit } from '../params';
import { importKindField, jobIdField, readImportKind, readJobId } from './fields';

export const resultsProperties: INodeProperties[] = [importKindField, jobIdField, ...returnAllOrLimit];

export async function readJobResults<T extends IDataObject>(
	context: IExecuteFunctions,
	itemIndex: number,
	list: (kind: ImportKind, jobId: string, options: { itemIndex: number; limit?: number }) => Promise<JobAnswer<T[]>>,
): Promise<T[]> {
	const jobId = readJobId(context, itemIndex);
	const answer = await list(readImportKind(context, itemIndex), jobId, { itemIndex, limit: readLimit(context, itemIndex) });
	if (answer.processing) {
		throw new NodeOperationError(context.getNode(), `Import job ${jobId} is still processing`, {
			itemIndex,
			description: 'FullStory lists what a job imported and what failed once it has finished. Check with Import Job > Get Status, or create jobs with Wait for Completion on.',
		});
	}
	return answer.value;
}
