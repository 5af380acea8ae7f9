import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { create } from './create.operation';
import { deleteOperation } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const endpointOperations: Record<string, Operation> = {
	create,
	delete: deleteOperation,
	get,
	getAll,
	update,
};

export const endpointDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['endpoint'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a webhook endpoint',
				action: 'Create a webhook endpoint',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Delete a webhook endpoint',
				action: 'Delete a webhook endpoint',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a webhook endpoint',
				action: 'Get a webhook endpoint',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many webhook endpoints',
				action: 'Get many webhook endpoints',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Update a webhook endpoint',
				action: 'Update a webhook endpoint',
			},
		],
		default: 'getAll',
	},
	...Object.values(endpointOperations).flatMap((operation) => operation.description),
];
