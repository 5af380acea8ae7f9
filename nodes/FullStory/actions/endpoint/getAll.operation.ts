import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listEndpoints } from '../../../api/webhooks/api';
import { returnAllOrLimit } from '../common';
import { endpointItem } from '../output';
import { readLimit } from '../params';
import type { Operation } from '../types';

export const getAll: Operation = {
	description: updateDisplayOptions({ show: { resource: ['endpoint'], operation: ['getAll'] } }, returnAllOrLimit),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const endpoints = await listEndpoints(this, { limit: readLimit(this, itemIndex), itemIndex });
		return endpoints.map(endpointItem);
	},
};
