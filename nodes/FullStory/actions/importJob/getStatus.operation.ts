import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getJobState } from '../../../api/importJobs/jobs';
import type { ItemOperation } from '../types';
import { importKindField, jobIdField, readImportKind, readJobId } from './fields';

export const getStatus: ItemOperation = {
	description: updateDisplayOptions({ show: { resource: ['importJob'], operation: ['getStatus'] } }, [importKindField, jobIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const state = await getJobState(this, readImportKind(this, itemIndex), readJobId(this, itemIndex), itemIndex);
		return { ...state.job, imports: state.imports, errors: state.errors };
	},
};
