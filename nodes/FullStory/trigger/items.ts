/**
 * One output item per delivery: the envelope's `eventName` and `version`, the event's own fields
 * at the top level with timestamps as ISO 8601 strings, and `eventKey`, a stable id for n8n's
 * Remove Duplicates node (FullStory delivers at least once and sends no delivery id).
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import type { DeliveryEnvelope } from '../shared/types';

/** Event types whose `data.id` identifies the event itself (shared/fullstory-api.md §4). */
const EVENTS_WITH_ID = new Set(['note.created', 'segment.trend.alert', 'metric.alert']);

/** Top-level `data` fields that hold timestamps in the documented payloads. */
const TIMESTAMP_FIELDS = ['created', 'modified', 'notedTime', 'timestamp'];

/**
 * `eventName:id` where the event has its own id (the name keeps ids of different event types
 * apart: the docs use one id for a segment and a metric alert), else `sha256:` of the raw body,
 * which is the same for every redelivery of the same bytes.
 */
export function eventKey(envelope: DeliveryEnvelope, rawBody: Buffer): string {
	const id = envelope.data.id;
	if (EVENTS_WITH_ID.has(envelope.eventName) && typeof id === 'string' && id !== '') {
		return `${envelope.eventName}:${id}`;
	}
	return `sha256:${createHash('sha256').update(rawBody).digest('hex')}`;
}

/** RFC 3339 in, ISO 8601 with milliseconds out ("2024-04-01T10:00:00.0Z" → "...00.000Z"). */
function isoTimestamp<T>(value: T): T | string {
	if (typeof value !== 'string') return value;
	const time = Date.parse(value);
	return Number.isNaN(time) ? value : new Date(time).toISOString();
}

export function shapeEvent(envelope: DeliveryEnvelope, rawBody: Buffer): IDataObject {
	// Spread and rest define properties instead of assigning them, so a field named `__proto__`
	// stays an ordinary field instead of replacing the item's prototype.
	const { eventName: _eventName, version: _version, eventKey: _eventKey, ...fields } = envelope.data;
	for (const name of TIMESTAMP_FIELDS) {
		if (Object.prototype.hasOwnProperty.call(fields, name)) fields[name] = isoTimestamp(fields[name]);
	}
	// The envelope's fields come first and win over any same-named field of the event.
	return { eventName: envelope.eventName, version: envelope.version, ...fields, eventKey: eventKey(envelope, rawBody) };
}

/** Headers that carry the signature; they never go into an output item. */
const SIGNATURE_HEADERS = new Set(['fullstory-signature', 'x-fs-signature']);

/** The "raw" output: the envelope as received and the request headers, signature removed. */
export function rawEvent(
	envelope: DeliveryEnvelope,
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
): IDataObject {
	const safeHeaders: IDataObject = Object.fromEntries(
		Object.entries(headers).filter(([name, value]) => value !== undefined && !SIGNATURE_HEADERS.has(name.toLowerCase())),
	);
	return {
		eventKey: eventKey(envelope, rawBody),
		headers: safeHeaders,
		body: { eventName: envelope.eventName, version: envelope.version, data: envelope.data },
	};
}
