import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { create } from './create.operation';

export const eventOperations: Record<string, Operation> = { create };

export const eventDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: "Send a server event (a payment, a ticket, a refund) to FullStory, on a user's session or the user",
				action: 'Send a server event',
			},
		],
		default: 'create',
	},
	...Object.values(eventOperations).flatMap((operation) => operation.description),
];
