import type {
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { eventPickerProperties, eventsSubtitle } from '../eventTypes/descriptions';
import { loadOptions } from '../eventTypes/loadOptions';
import { checkExists, create, deleteWebhook } from './registration/lifecycle';
import { RESPONSE_MODE_EXPRESSION, triggerOptionsProperty } from './options';
import { TRIGGER_PANEL } from './panel';
import { receive } from './delivery/receive';
import { EVENTS_PARAMETER } from './subscriptionParameters';

export class FullStoryTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'FullStory Trigger',
		name: 'fullStoryTrigger',
		icon: { light: 'file:fullstory.svg', dark: 'file:fullstory.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(EVENTS_PARAMETER),
		description: 'Starts the workflow when FullStory sends a webhook event, such as a new note or an alert',
		defaults: { name: 'FullStory Trigger' },
		eventTriggerDescription: 'Waiting for FullStory to send one of the chosen events',
		activationMessage: 'FullStory now sends the chosen events to this workflow.',
		triggerPanel: TRIGGER_PANEL,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'fullStoryApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: RESPONSE_MODE_EXPRESSION,
				// Without it n8n 2.x answers an accepted delivery with the literal text "firstEntryJson"
				// (and, answering when finished, the last node's items);
				// FullStory needs only the 2xx, and the data belongs to the workflow, not the sender.
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			...eventPickerProperties({
				name: EVENTS_PARAMETER,
				displayName: 'Event Names or IDs',
				description: 'The FullStory events that start the workflow. The list shows what your plan offers',
				required: true,
			}),
			triggerOptionsProperty,
		],
	};

	methods = { loadOptions };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await deleteWebhook.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receive.call(this);
	}
}
