import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { create } from './create.operation';
import { getErrors } from './getErrors.operation';
import { getImports } from './getImports.operation';
import { getStatus } from './getStatus.operation';

export const importJobOperations: Record<string, Operation> = { create, getErrors, getImports, getStatus };

export const importJobDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['importJob'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Send all input items to FullStory as one import job of users or events (far faster than one call per item), and by default wait and report each item as imported or failed',
				action: 'Import users or events in one job',
			},
			{
				name: 'Get Errors',
				value: 'getErrors',
				description: 'The items of a finished import job that failed, with the reason. Needs an Admin or Architect key.',
				action: 'Get the errors of an import job',
			},
			{
				name: 'Get Imported Items',
				value: 'getImports',
				description: 'The users or events a finished import job imported. Needs an Admin or Architect key.',
				action: 'Get the items of an import job',
			},
			{
				name: 'Get Status',
				value: 'getStatus',
				description: 'Whether an import job is processing, completed or failed, and how many items it imported and failed',
				action: 'Get the status of an import job',
			},
		],
		default: 'create',
	},
	...Object.values(importJobOperations).flatMap((operation) => operation.description),
];
