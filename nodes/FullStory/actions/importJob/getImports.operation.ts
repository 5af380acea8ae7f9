import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listImportedItems } from '../../../api/importJobs/jobs';
import type { ItemOperation } from '../types';
import { readJobResults, resultsProperties } from './results';

export const getImports: ItemOperation = {
	description: updateDisplayOptions({ show: { resource: ['importJob'], operation: ['getImports'] } }, resultsProperties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return await readJobResults(this, itemIndex, async (kind, jobId, options) => await listImportedItems(this, kind, jobId, options));
	},
};
