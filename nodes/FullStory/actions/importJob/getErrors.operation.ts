import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listImportErrors } from '../../../api/importJobs/jobs';
import type { ItemOperation } from '../types';
import { readJobResults, resultsProperties } from './results';

export const getErrors: ItemOperation = {
	description: updateDisplayOptions({ show: { resource: ['importJob'], operation: ['getErrors'] } }, resultsProperties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const errors = await readJobResults(this, itemIndex, async (kind, jobId, options) => {
			const answer = await listImportErrors(this, kind, jobId, options);
			return answer.processing ? answer : { processing: false, value: answer.value.map((error) => ({ ...error })) };
		});
		return errors;
	},
};
