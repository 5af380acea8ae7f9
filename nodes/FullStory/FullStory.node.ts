import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { accountDescription } from './actions/account';
import { annotationDescription } from './actions/annotation';
import { endpointDescription } from './actions/endpoint';
import { eventDescription } from './actions/event';
import { eventSubcategoryDescription } from './actions/eventSubcategory';
import { eventTypeDescription } from './actions/eventType';
import { importJobDescription } from './actions/importJob';
import { userDescription } from './actions/user';
import { route } from './actions/router';
import { searchEndpoints } from './actions/endpoint/listSearch';
import { loadOptions } from '../eventTypes/loadOptions';

const resourceProperties = [
	...userDescription,
	...eventDescription,
	...importJobDescription,
	...annotationDescription,
	...accountDescription,
	...endpointDescription,
	...eventTypeDescription,
	...eventSubcategoryDescription,
];

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
			'={{ ({"user:create":"Create or update a user","user:delete":"Permanently delete a user and their data","user:get":"Get a user","user:getAll":"Get many users","user:update":"Update a user","event:create":"Send a server event","importJob:create":"Import users or events in one job","importJob:getErrors":"Get the errors of an import job","importJob:getImports":"Get the items of an import job","importJob:getStatus":"Get the status of an import job","annotation:create":"Create an annotation","account:get":"Get the account and role of the key","endpoint:create":"Create a webhook endpoint","endpoint:delete":"Delete a webhook endpoint","endpoint:get":"Get a webhook endpoint","endpoint:getAll":"Get many webhook endpoints","endpoint:update":"Update a webhook endpoint","eventType:getAll":"Get many event types","eventSubcategory:getAll":"Get many event subcategories"})[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description: 'Send users, server events and annotations to FullStory, and manage its webhook endpoints',
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
					{ name: 'Account', value: 'account' },
					{ name: 'Annotation', value: 'annotation' },
					{ name: 'Event', value: 'event' },
					{ name: 'Event Subcategory', value: 'eventSubcategory' },
					{ name: 'Event Type', value: 'eventType' },
					{ name: 'Import Job', value: 'importJob' },
					{ name: 'User', value: 'user' },
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
