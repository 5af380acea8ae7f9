import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { endpointDescription } from './actions/endpoint';
import { eventSubcategoryDescription } from './actions/eventSubcategory';
import { eventTypeDescription } from './actions/eventType';
import { route } from './actions/router';
import { listSearch, loadOptions } from './shared/methods';

export class FullStory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FullStory',
		name: 'fullStory',
		icon: { light: 'file:fullstory.svg', dark: 'file:fullstory.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage FullStory webhook endpoints and list the events they can send',
		defaults: { name: 'FullStory' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fullStoryApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event Subcategory', value: 'eventSubcategory' },
					{ name: 'Event Type', value: 'eventType' },
					{ name: 'Webhook Endpoint', value: 'endpoint' },
				],
				default: 'endpoint',
			},
			...endpointDescription,
			...eventTypeDescription,
			...eventSubcategoryDescription,
		],
	};

	methods = { loadOptions, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
