/** FullStory's Create Event (docs/fullstory-server-api.md §4): one server event, answered `{}`. */
import type { IDataObject } from 'n8n-workflow';

import { acceptAnyBody } from '../../transport/guards';
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';
import type { ServerEvent } from './types';

export const EVENTS_PATH = '/v2/events';

/** The request body: only the fields given, in FullStory's casing. */
export function eventBody(event: ServerEvent): IDataObject {
	const body: IDataObject = { name: event.name };
	if (event.timestamp !== undefined) body.timestamp = event.timestamp;
	if (event.user !== undefined) body.user = { ...event.user };
	if (event.session !== undefined) body.session = { ...event.session };
	if (event.properties !== undefined) body.properties = event.properties;
	if (event.schema !== undefined) body.schema = event.schema;
	if (event.context !== undefined) body.context = event.context;
	return body;
}

export async function createEvent(
	context: FullStoryContext,
	event: ServerEvent,
	options: { itemIndex: number; idempotencyKey: string },
): Promise<void> {
	await fullStoryRequest(
		context,
		{
			method: 'POST',
			path: EVENTS_PATH,
			body: eventBody(event),
			itemIndex: options.itemIndex,
			idempotencyKey: options.idempotencyKey,
			needs: 'standard',
			expected: 'a confirmation of the event',
		},
		acceptAnyBody,
	);
}
