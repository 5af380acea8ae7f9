import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../types';
import { create } from './create.operation';

export const annotationOperations: Record<string, Operation> = { create };

export const annotationDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['annotation'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: "Mark a moment or period on FullStory's charts, such as a deploy or an incident",
				action: 'Create an annotation',
			},
		],
		default: 'create',
	},
	...Object.values(annotationOperations).flatMap((operation) => operation.description),
];
