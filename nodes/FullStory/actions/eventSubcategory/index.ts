import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { getAll } from './getAll.operation';

export const eventSubcategoryOperations: Record<string, Operation> = { getAll };

export const eventSubcategoryDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventSubcategory'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the subcategories of an event type, such as custom events or alerts',
				action: 'Get many event subcategories',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
