import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteEndpoint } from '../../../api/webhooks/api';
import { readEndpointId } from '../params';
import type { Operation } from '../types';
import { endpointLocator } from './locator';

export const deleteOperation: Operation = {
	description: updateDisplayOptions({ show: { resource: ['endpoint'], operation: ['delete'] } }, [endpointLocator]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = await readEndpointId(this, itemIndex);
		await deleteEndpoint(this, id, itemIndex);
		return { deleted: true, id };
	},
};
