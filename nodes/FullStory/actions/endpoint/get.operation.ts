import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getEndpoint } from '../../../api/webhooks/api';
import { endpointItem } from '../output';
import { readEndpointId } from '../params';
import type { Operation } from '../types';
import { endpointLocator } from './locator';

export const get: Operation = {
	description: updateDisplayOptions({ show: { resource: ['endpoint'], operation: ['get'] } }, [endpointLocator]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return endpointItem(await getEndpoint(this, await readEndpointId(this, itemIndex), itemIndex));
	},
};
