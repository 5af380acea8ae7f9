/**
 * One output item per delivery: the envelope's `eventName` and `version`, the event's own fields
 * at the top level with timestamps as ISO 8601 strings, and `eventKey`, a stable id for n8n's
 * Remove Duplicates node (FullStory delivers at least once and sends no delivery id).
 */
import { createHash } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

import { knownEventType } from '../../eventTypes/catalog';
import type { DeliveryEnvelope } from './envelope';

/** Top-level `data` fields that hold timestamps in the documented payloads. */
const TIMESTAMP_FIELDS = ['created', 'modified', 'notedTime', 'timestamp'];

/**
 * `eventName:id` where the event has its own id (the name keeps ids of different event types
 * apart: the docs use one id for a segment and a metric alert), else `sha256:` of the raw body,
 * which is the same for every redelivery of the same bytes. Which types have their own id is the
 * catalog's `hasOwnId`; a type the catalog does not know is keyed by its body.
 */
export function eventKey(envelope: DeliveryEnvelope, rawBody: Buffer): string {
	const id = envelope.data.id;
	if (knownEventType(envelope.eventName)?.hasOwnId === true && typeof id === 'string' && id !== '') {
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

/** Headers that describe the body and its sender; with FullStory's own, all the raw output keeps. */
const KEPT_HEADERS = new Set(['content-type', 'content-length', 'user-agent']);
const FULLSTORY_HEADER_PREFIXES = ['fullstory-', 'x-fullstory-', 'x-fs-'];

/**
 * An allowlist, not a denylist: whatever a proxy or browser adds (cookies, authorization,
 * x-forwarded-*) would otherwise flow into workflow data and from there into logs and nodes.
 * FullStory's signature headers are left out too (any `-signature`, so a header of another
 * scheme carrying a signature stays out as well).
 */
function isKeptHeader(name: string): boolean {
	const lower = name.toLowerCase();
	if (KEPT_HEADERS.has(lower)) return true;
	return FULLSTORY_HEADER_PREFIXES.some((prefix) => lower.startsWith(prefix)) && !lower.endsWith('-signature');
}

/** The "raw" output: the envelope as received and the allowlisted request headers. */
export function rawEvent(
	envelope: DeliveryEnvelope,
	rawBody: Buffer,
	headers: Record<string, string | string[] | undefined>,
): IDataObject {
	const keptHeaders: IDataObject = Object.fromEntries(
		Object.entries(headers).filter(([name, value]) => value !== undefined && isKeptHeader(name)),
	);
	return {
		eventKey: eventKey(envelope, rawBody),
		headers: keptHeaders,
		body: { eventName: envelope.eventName, version: envelope.version, data: envelope.data },
	};
}
