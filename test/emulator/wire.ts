/** Narrows public API replies in tests: a reply of the wrong shape fails the test instead of being cast. */
import { isEndpointView, isEventTypeDef } from '../../emulator/client/clientGuards';
import { isArrayOf, isJsonObject, isOptional, isString } from '../../emulator/guards';
import type { EndpointView, EventTypeDef, SubcategoryDef } from '../../emulator/api/types';

/** The event types the emulator offers out of the box, in its order: what the tests expect of its seed. */
export const BUILT_IN_EVENT_NAMES = [
	'note.created',
	'segment.created',
	'segment.trend.alert',
	'metric.alert',
	'nativemobile.event.crash',
	'recording.event.custom',
];

function narrow<T>(value: unknown, guard: (value: unknown) => value is T, what: string): T {
	if (!guard(value)) throw new Error(`expected ${what}, got ${JSON.stringify(value)}`);
	return value;
}

export function endpointOf(body: unknown): EndpointView {
	return narrow(body, isEndpointView, 'an endpoint object');
}

export interface EndpointPage {
	endpoints: EndpointView[];
	nextPaginationToken?: string;
}

export function endpointPageOf(body: unknown): EndpointPage {
	return narrow(
		body,
		(value): value is EndpointPage =>
			isJsonObject(value) &&
			isArrayOf(value.endpoints, isEndpointView) &&
			isOptional(value, 'nextPaginationToken', isString),
		'an endpoint page',
	);
}

export interface SubcategoryPage {
	subcategoryDefs: SubcategoryDef[];
	nextPaginationToken?: string;
}

export function subcategoryPageOf(body: unknown): SubcategoryPage {
	return narrow(
		body,
		(value): value is SubcategoryPage =>
			isJsonObject(value) &&
			isArrayOf(
				value.subcategoryDefs,
				(def): def is SubcategoryDef => isJsonObject(def) && isString(def.subcategory) && isString(def.displayName),
			) &&
			isOptional(value, 'nextPaginationToken', isString),
		'a subcategory page',
	);
}

export function eventDefsOf(body: unknown): EventTypeDef[] {
	return narrow(
		body,
		(value): value is { eventDefs: EventTypeDef[] } =>
			isJsonObject(value) && isArrayOf(value.eventDefs, isEventTypeDef),
		'an eventDefs list',
	).eventDefs;
}
