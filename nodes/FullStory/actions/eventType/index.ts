import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { getAll } from './getAll.operation';

export const eventTypeOperations: Record<string, Operation> = { getAll };

export const eventTypeDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventType'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the event types your FullStory plan can send',
				action: 'Get many event types',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
