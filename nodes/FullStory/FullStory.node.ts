import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { endpointDescription } from './actions/endpoint';
import { eventSubcategoryDescription } from './actions/eventSubcategory';
import { eventTypeDescription } from './actions/eventType';
import { route } from './actions/router';
import { searchEndpoints } from './actions/endpoint/listSearch';
import { loadOptions } from '../eventTypes/loadOptions';

const resourceProperties = [...endpointDescription, ...eventTypeDescription, ...eventSubcategoryDescription];

export class FullStory implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FullStory',
		name: 'fullStory',
		icon: { light: 'file:fullstory.svg', dark: 'file:fullstory.dark.svg' },
		group: ['transform'],
		version: 1,
		// In words, from each operation's `action` text. A literal because n8n's verification lint
		// requires one; test/descriptions.test.ts checks it equals operationSubtitle() of the operations.
		subtitle:
			'={{ ({"endpoint:create":"Create a webhook endpoint","endpoint:delete":"Delete a webhook endpoint","endpoint:get":"Get a webhook endpoint","endpoint:getAll":"Get many webhook endpoints","endpoint:update":"Update a webhook endpoint","eventType:getAll":"Get many event types","eventSubcategory:getAll":"Get many event subcategories"})[$parameter["resource"] + ":" + $parameter["operation"]] }}',
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
			...resourceProperties,
		],
	};

	methods = { loadOptions, listSearch: { searchEndpoints } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
