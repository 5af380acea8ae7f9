import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createEndpoint } from '../../../api/webhooks/api';
import { eventPickerProperties } from '../../../eventTypes/descriptions';
import { endpointItem } from '../output';
import { checkSecret, checkWebhookUrl, readRequiredString, readSubscriptions } from '../params';
import type { Operation } from '../types';

const show = { resource: ['endpoint'], operation: ['create'] };

const properties: INodeProperties[] = [
	{
		displayName: 'URL',
		name: 'url',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'https://n8n.example.com/webhook/fullstory',
		description: 'Where FullStory sends the events. It must be reachable from the internet.',
	},
	...eventPickerProperties({
		name: 'eventTypes',
		displayName: 'Event Type Names or IDs',
		description: 'The events FullStory sends to this endpoint',
		required: true,
	}),
	{
		displayName: 'Signing Secret',
		name: 'secret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description:
			'FullStory signs every delivery with this secret (Fullstory-Signature header); the receiver verifies with it. It is never shown in the output.',
	},
];

export const create: Operation = {
	description: updateDisplayOptions({ show }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const url = checkWebhookUrl(this, itemIndex, readRequiredString(this, itemIndex, 'url', 'URL'), 'URL');
		const secret = checkSecret(this, itemIndex, this.getNodeParameter('secret', itemIndex, ''), 'Signing Secret');
		const eventTypes = await readSubscriptions(this, itemIndex, this.getNodeParameter('eventTypes', itemIndex, []));
		return endpointItem(await createEndpoint(this, { url, eventTypes, secret }, itemIndex));
	},
};
