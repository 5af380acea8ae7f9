import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getEndpoint, updateEndpoint } from '../../../api/webhooks/api';
import { eventPickerProperties } from '../../../eventTypes/descriptions';
import { toStringList } from '../../../eventTypes/subscriptions';
import type { EndpointUpdateBody } from '../../../api/webhooks/types';
import { endpointItem } from '../output';
import { checkSecret, checkWebhookUrl, readCollection, readEndpointId, readSubscriptions } from '../params';
import type { Operation } from '../types';
import { endpointLocator } from './locator';

const show = { resource: ['endpoint'], operation: ['update'] };

const properties: INodeProperties[] = [
	endpointLocator,
	...eventPickerProperties({
		name: 'eventTypes',
		displayName: 'Event Type Names or IDs',
		description: 'The new set of events, replacing the current one. Leave empty to keep the current events',
		required: false,
	}),
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Enabled',
				name: 'enabled',
				type: 'boolean',
				default: true,
				description:
					'Whether FullStory delivers to this endpoint. When not set, the endpoint keeps its current state.',
			},
			{
				displayName: 'Signing Secret',
				name: 'secret',
				type: 'string',
				typeOptions: { password: true },
				default: '',
				description: 'A new secret for signing deliveries. It is never shown in the output.',
			},
			{
				displayName: 'URL',
				name: 'url',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.com/webhook/fullstory',
				description: "A new delivery URL. FullStory derives the endpoint's ID from its URL, so the ID changes too.",
			},
		],
	},
];

export const update: Operation = {
	description: updateDisplayOptions({ show }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const id = await readEndpointId(this, itemIndex);
		const fields = readCollection(this, itemIndex, 'updateFields');
		const eventsValue = this.getNodeParameter('eventTypes', itemIndex, []);
		const eventNames = toStringList(eventsValue);
		// Empty keeps the current events; a malformed value is reported by readSubscriptions.
		const changesEvents = eventNames === undefined || eventNames.length > 0;

		// Everything the user typed is checked before the endpoint is read or changed.
		const url =
			typeof fields.url === 'string' && fields.url.trim() !== ''
				? checkWebhookUrl(this, itemIndex, fields.url.trim(), 'URL')
				: undefined;
		// Added to Update Fields means "set it"; a blank secret is refused rather than ignored.
		const secret = fields.secret === undefined ? undefined : checkSecret(this, itemIndex, fields.secret, 'Signing Secret');
		const eventTypes = changesEvents ? await readSubscriptions(this, itemIndex, eventsValue) : undefined;

		// FullStory re-enables an endpoint on any update that leaves `disabled` out (§2.5), so it
		// is always sent: the user's choice, or the endpoint's current state.
		const disabled =
			typeof fields.enabled === 'boolean' ? !fields.enabled : !(await getEndpoint(this, id, itemIndex)).enabled;
		const body: EndpointUpdateBody = { disabled, url, eventTypes, secret };

		const updated = await updateEndpoint(this, id, body, itemIndex);
		const idChanged = updated.id !== id;
		// A new URL means a new ID; say so, so later steps stop using the old one.
		return { ...endpointItem(updated), idChanged, ...(idChanged ? { previousId: id } : {}) };
	},
};
