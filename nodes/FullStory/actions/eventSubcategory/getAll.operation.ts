import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listSubcategories } from '../../../api/webhooks/api';
import { returnAllOrLimit } from '../common';
import { readLimit, readRequiredString } from '../params';
import type { Operation } from '../types';

const properties: INodeProperties[] = [
	{
		displayName: 'Event Type Name or ID',
		name: 'eventName',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSubcategoryEventTypes' },
		default: '',
		required: true,
		description:
			'The event type whose subcategories (custom events, segment or metric alerts) to list. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
	},
	...returnAllOrLimit,
];

export const getAll: Operation = {
	description: updateDisplayOptions({ show: { resource: ['eventSubcategory'], operation: ['getAll'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const eventName = readRequiredString(this, itemIndex, 'eventName', 'Event Type');
		const limit = readLimit(this, itemIndex);
		const subcategories = await listSubcategories(this, eventName, { limit, itemIndex });
		return subcategories.map((definition) => ({
			eventName,
			subcategory: definition.subcategory,
			displayName: definition.displayName,
		}));
	},
};
