/**
 * A server event as the parameters give it, for Event > Create and for an events import job: the
 * name, what it belongs to, its properties, when and where. Read and checked against FullStory's
 * rules (api/events/rules.ts) before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { eventProblem } from '../../../api/events/rules';
import type { ServerEvent } from '../../../api/events/types';
import { EVENT_CONTEXT_GROUPS } from '../../../api/events/types';
import { optionsCollection } from '../common';
import { readJsonObject, readOptionalTimestamp, readRequiredString } from '../params';
import { propertyFields, readPropertyInput } from '../v2/properties';
import { linkFields, readEventLink } from './fields';

/** The event's fields; `extraOptions` join its Options collection (Event > Create adds the idempotency key). */
export function serverEventProperties(extraOptions: INodeProperties[] = []): INodeProperties[] {
	return [
		{
			displayName: 'Event Name',
			name: 'name',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'Payment Succeeded',
			description: 'What happened, as FullStory lists it among the events (e.g. in funnels and metrics)',
		},
		...linkFields,
		...propertyFields('event'),
		optionsCollection([
			{
				displayName: 'Context (JSON)',
				name: 'context',
				type: 'json',
				default: '{}',
				description: `Where it happened, by group (${EVENT_CONTEXT_GROUPS.join(', ')}: the page address, user agent and referrer; the app; the device; the place), e.g. {"location": {"country": "DE", "city": "Berlin"}}`,
			},
			...extraOptions,
			{
				displayName: 'Timestamp',
				name: 'timestamp',
				type: 'string',
				default: '',
				placeholder: '2026-12-07T14:23:00Z',
				description: 'When it happened (ISO 8601). Empty: when FullStory receives it, which a retry keeps.',
			},
		]),
	];
}

function readContext(context: IExecuteFunctions, itemIndex: number): IDataObject | undefined {
	const given = readJsonObject(context, itemIndex, 'options.context', 'Context (JSON)', 'Enter an object such as {"location": {"country": "DE"}}, or remove the option.');
	return Object.keys(given).length === 0 ? undefined : given;
}

export function readServerEvent(context: IExecuteFunctions, itemIndex: number): ServerEvent {
	const event: ServerEvent = { name: readRequiredString(context, itemIndex, 'name', 'Event Name'), ...readEventLink(context, itemIndex) };
	const timestamp = readOptionalTimestamp(context, itemIndex, 'options.timestamp', 'Timestamp');
	if (timestamp !== undefined) event.timestamp = timestamp;
	const { properties: given, types } = readPropertyInput(context, itemIndex);
	if (Object.keys(given).length > 0) event.properties = given;
	if (types !== undefined) event.schema = { properties: types };
	const eventContext = readContext(context, itemIndex);
	if (eventContext !== undefined) event.context = eventContext;
	const problem = eventProblem(event);
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), `The event cannot be sent: ${problem}`, {
			itemIndex,
			description: 'Fix it, then run the node again. Nothing was sent to FullStory.',
		});
	}
	return event;
}
