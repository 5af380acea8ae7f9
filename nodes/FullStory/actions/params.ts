/**
 * Typed readers for the action node's parameters. Each checks its value before any call to
 * FullStory and names the parameter and the item in its error.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { listEndpoints } from '../../api/webhooks/api';
import { SEGMENT_NAMES } from '../../api/webhooks/paths';
import { isRecord } from '../../transport/guards';
import { segmentProblem } from '../../transport/path';
import { isoTimestamp } from '../../api/v2/properties';
import type { SelectionResult } from '../../eventTypes/subscriptions';
import { resolveSelection } from '../../eventTypes/subscriptions';
import type { EventSubscription } from '../../api/webhooks/types';

/** A refusal of the item's input, before any call: what is wrong, and how to fix it. */
export function fail(context: IExecuteFunctions, itemIndex: number, message: string, description: string): never {
	throw new NodeOperationError(context.getNode(), message, { itemIndex, description });
}

export function readRequiredString(
	context: IExecuteFunctions,
	itemIndex: number,
	name: string,
	label: string,
): string {
	const given: unknown = context.getNodeParameter(name, itemIndex, '');
	// An expression such as {{ $json.id }} gives a number for a numeric id (a CRM's contact id).
	const value = typeof given === 'number' && Number.isFinite(given) ? String(given) : given;
	if (typeof value !== 'string' || value.trim() === '') {
		fail(context, itemIndex, `${label} is empty`, `Enter a value for "${label}".`);
	}
	return value.trim();
}

/** An absolute http(s) URL, which is all FullStory accepts for an endpoint. */
export function checkWebhookUrl(context: IExecuteFunctions, itemIndex: number, value: string, label: string): string {
	let parsed: URL | undefined;
	try {
		parsed = new URL(value);
	} catch {
		parsed = undefined;
	}
	if (parsed === undefined || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
		fail(
			context,
			itemIndex,
			`${label} "${value}" is not an http or https URL`,
			'FullStory delivers to absolute http(s) URLs, for example https://n8n.example.com/webhook/fullstory.',
		);
	}
	return value;
}

/**
 * The endpoint chosen with the resource locator. "By URL" looks the URL up in FullStory's list
 * rather than deriving the id from it: every documented id is base64url of the URL, but nothing
 * promises it, so nothing here relies on it.
 */
export async function readEndpointId(context: IExecuteFunctions, itemIndex: number): Promise<string> {
	const locator: unknown = context.getNodeParameter('endpoint', itemIndex);
	const mode = isRecord(locator) ? locator.mode : 'id';
	const raw = isRecord(locator) ? locator.value : locator;
	if (typeof raw !== 'string' || raw.trim() === '') {
		fail(context, itemIndex, 'No webhook endpoint is chosen', 'Pick an endpoint from the list, or enter its ID or URL.');
	}
	const value = raw.trim();
	if (mode !== 'url') {
		// The transport refuses it too, but only at the first call that uses it; some operations
		// call FullStory before that (Update checks the event types first).
		const problem = segmentProblem(value, SEGMENT_NAMES.endpointId);
		if (problem !== undefined) fail(context, itemIndex, problem.message, problem.description);
		return value;
	}
	const url = checkWebhookUrl(context, itemIndex, value, 'Webhook Endpoint URL');
	const endpoint = (await listEndpoints(context, { itemIndex })).find((candidate) => candidate.url === url);
	if (endpoint === undefined) {
		fail(
			context,
			itemIndex,
			`No FullStory webhook endpoint delivers to ${url}`,
			'Check the URL (it must match exactly, including the trailing path), or pick the endpoint From List.',
		);
	}
	return endpoint.id;
}

/** `undefined` means all results; otherwise the Limit parameter. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) === true) return undefined;
	const limit: unknown = context.getNodeParameter('limit', itemIndex, 50);
	if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1) {
		fail(context, itemIndex, 'Limit must be a whole number of at least 1', 'Set Limit, or turn on Return All.');
	}
	return limit;
}

/** The event types and subcategories to subscribe to, from the shared pickers, checked with FullStory. */
export async function readSubscriptions(
	context: IExecuteFunctions,
	itemIndex: number,
	eventsValue: unknown,
): Promise<EventSubscription[]> {
	const selection: SelectionResult = await resolveSelection(context, {
		eventsLabel: 'Event Types',
		eventsValue,
		readParameter: (name) => context.getNodeParameter(name, itemIndex, []),
	});
	if (!selection.ok) fail(context, itemIndex, selection.message, selection.description);
	return selection.subscriptions;
}

/**
 * A signing secret exactly as typed: never trimmed, since FullStory signs with the bytes it holds,
 * but refused when empty or blank, which no receiver could verify against safely.
 */
export function checkSecret(context: IExecuteFunctions, itemIndex: number, value: unknown, label: string): string {
	if (typeof value !== 'string' || value.trim() === '') {
		fail(context, itemIndex, `${label} is empty`, `Enter a secret for "${label}", for example 32 random characters.`);
	}
	return value;
}

export function readCollection(context: IExecuteFunctions, itemIndex: number, name: string): IDataObject {
	const value: unknown = context.getNodeParameter(name, itemIndex, {});
	return isRecord(value) ? value : {};
}

/** A trimmed string, or undefined when the parameter is empty or absent. */
export function readOptionalString(context: IExecuteFunctions, itemIndex: number, name: string): string | undefined {
	const value: unknown = context.getNodeParameter(name, itemIndex, '');
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * An ISO 8601 timestamp in its canonical form, or undefined when the parameter is empty. A Luxon
 * DateTime or a Date from an expression (`{{ $now }}`) is taken as the moment it names.
 */
export function readOptionalTimestamp(context: IExecuteFunctions, itemIndex: number, name: string, label: string): string | undefined {
	const value: unknown = context.getNodeParameter(name, itemIndex, '');
	if (value === '' || value === undefined || value === null) return undefined;
	const text = value instanceof Date ? value.toISOString() : isRecord(value) && typeof value.toISO === 'function' ? String(value.toISO()) : String(value);
	const timestamp = isoTimestamp(text);
	if (timestamp === undefined) {
		fail(context, itemIndex, `${label} "${text.slice(0, 40)}" is not an ISO 8601 timestamp`, 'Use a date and time such as 2026-12-07T14:23:00Z, or {{ $now }}, or leave it empty.');
	}
	return timestamp;
}

/** A required id that goes into an API path as one segment, checked as one before any call. */
export function readPathSegment(context: IExecuteFunctions, itemIndex: number, name: string, label: string): string {
	const value = readRequiredString(context, itemIndex, name, label);
	const problem = segmentProblem(value, label);
	if (problem !== undefined) fail(context, itemIndex, problem.message, problem.description);
	return value;
}

/** A JSON object parameter: an object as is, or a string that parses to one; empty is `{}`. `fix` says what to enter. */
export function readJsonObject(context: IExecuteFunctions, itemIndex: number, name: string, label: string, fix: string): IDataObject {
	const value: unknown = context.getNodeParameter(name, itemIndex, {});
	if (isRecord(value)) return value;
	if (typeof value === 'string') {
		if (value.trim() === '') return {};
		try {
			const parsed: unknown = JSON.parse(value);
			if (isRecord(parsed)) return parsed;
		} catch {
			// Reported below, with the field's name.
		}
	}
	fail(context, itemIndex, `${label} is not a JSON object`, fix);
}
