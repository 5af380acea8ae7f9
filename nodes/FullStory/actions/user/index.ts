import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { create } from './create.operation';
import { deleteOperation } from './delete.operation';
import { get } from './get.operation';
import { getAll } from './getAll.operation';
import { update } from './update.operation';

export const userOperations: Record<string, Operation> = { create, delete: deleteOperation, get, getAll, update };

export const userDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{
				name: 'Create or Update',
				value: 'create',
				description: 'Create a FullStory user with your user ID (uid), or update the one that has it: name, email and custom properties',
				action: 'Create or update a user',
			},
			{
				name: 'Delete',
				value: 'delete',
				description: 'Permanently delete a user and all their data (sessions, events, properties) from FullStory, e.g. for a right-to-be-forgotten request. This cannot be undone. Needs an Admin or Architect key.',
				action: 'Permanently delete a user and their data',
			},
			{
				name: 'Get',
				value: 'get',
				description: "Get one user by FullStory's user ID, with their properties and a link to them in FullStory. Needs an Admin or Architect key.",
				action: 'Get a user',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Find users by uid, email or display name, or list all. Needs an Admin or Architect key.',
				action: 'Get many users',
			},
			{
				name: 'Update',
				value: 'update',
				description: "Update a user by FullStory's user ID: name, email, uid or custom properties",
				action: 'Update a user',
			},
		],
		default: 'create',
	},
	...Object.values(userOperations).flatMap((operation) => operation.description),
];
