/** The body of every v1 system-webhook delivery, and its guard (docs/fullstory-api.md §4). */
import type { IDataObject } from 'n8n-workflow';

import { isRecord, optionalString, pick } from '../../transport/guards';

export interface DeliveryEnvelope {
	eventName: string;
	version: number;
	data: IDataObject;
}

/** A delivery body: `{eventName, version, data}` with an object `data`. */
export function parseDeliveryEnvelope(value: unknown): DeliveryEnvelope | undefined {
	if (!isRecord(value)) return undefined;
	const eventName = optionalString(pick(value, 'eventName', 'event_name'));
	const { version, data } = value;
	if (eventName === undefined || typeof version !== 'number' || !isRecord(data)) return undefined;
	return { eventName, version, data };
}
