import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { get } from './get.operation';

export const accountOperations: Record<string, Operation> = { get };

export const accountDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		options: [
			{
				name: 'Get Me',
				value: 'get',
				description: "The FullStory org, email and role of the credential's API key, and what that role may do",
				action: 'Get the account and role of the key',
			},
		],
		default: 'get',
	},
	...Object.values(accountOperations).flatMap((operation) => operation.description),
];
