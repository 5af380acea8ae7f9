/**
 * Turns the event pickers' values into the `eventTypes` FullStory expects, checking them before
 * any call: a type with subcategories needs at least one (one entry is sent per subcategory),
 * and names must be FullStory event types. Also compares two subscription sets, which the
 * trigger needs to know whether its endpoint is still right.
 */
import { KNOWN_EVENT_NAMES, SUBCATEGORY_EVENT_TYPES, TEST_EVENT_NAME } from './constants';
import type { EventSubscription } from './types';

/** Node parameter that holds the subcategories of each event type that has them. */
export const SUBCATEGORY_PARAMETERS: Record<string, string> = {
	[SUBCATEGORY_EVENT_TYPES.customEvent]: 'customEventSubcategories',
	[SUBCATEGORY_EVENT_TYPES.segmentAlert]: 'segmentAlertSubcategories',
	[SUBCATEGORY_EVENT_TYPES.metricAlert]: 'metricAlertSubcategories',
};

const SUBCATEGORY_LABELS: Record<string, string> = {
	[SUBCATEGORY_EVENT_TYPES.customEvent]: 'Custom Events',
	[SUBCATEGORY_EVENT_TYPES.segmentAlert]: 'Segment Alerts',
	[SUBCATEGORY_EVENT_TYPES.metricAlert]: 'Metric Alerts',
};

export type SelectionResult =
	| { ok: true; subscriptions: EventSubscription[] }
	| { ok: false; message: string; description: string };

/**
 * A multi-select value: an array from the picker, or from an expression an array or a
 * comma-separated string of IDs.
 */
export function toStringList(value: unknown): string[] | undefined {
	if (value === undefined || value === null || value === '') return [];
	const parts = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
	if (parts === undefined) return undefined;
	const list: string[] = [];
	for (const part of parts) {
		if (typeof part !== 'string') return undefined;
		const trimmed = part.trim();
		if (trimmed !== '' && !list.includes(trimmed)) list.push(trimmed);
	}
	return list;
}

/**
 * @param eventsLabel the display name of the events parameter, for messages
 * @param readParameter reads a node parameter by name (undefined when absent)
 */
export function readSelection(
	eventsLabel: string,
	eventsValue: unknown,
	readParameter: (name: string) => unknown,
): SelectionResult {
	const eventNames = toStringList(eventsValue);
	if (eventNames === undefined) {
		return {
			ok: false,
			message: `${eventsLabel} must be a list of event type names`,
			description: 'Pick event types from the list, or use an expression that returns an array or a comma-separated string such as "note.created,metric.alert".',
		};
	}
	if (eventNames.length === 0) {
		return {
			ok: false,
			message: `Choose at least one event type in ${eventsLabel}`,
			description: 'FullStory sends only the event types an endpoint subscribes to.',
		};
	}

	const subscriptions: EventSubscription[] = [];
	for (const eventName of eventNames) {
		if (eventName === TEST_EVENT_NAME) {
			return {
				ok: false,
				message: 'The "test" event cannot be subscribed to',
				description: 'FullStory sends it only from the "Test endpoint" button. Remove it from the event types.',
			};
		}
		if (!KNOWN_EVENT_NAMES.includes(eventName)) {
			return {
				ok: false,
				message: `"${eventName}" is not a FullStory event type`,
				description: `FullStory's event types are ${KNOWN_EVENT_NAMES.join(', ')}. Pick them from the list. If FullStory offers a type that is not named here, update n8n-nodes-fullstory.`,
			};
		}
		const parameter = SUBCATEGORY_PARAMETERS[eventName];
		if (parameter === undefined) {
			subscriptions.push({ eventName });
			continue;
		}
		const subcategories = toStringList(readParameter(parameter));
		if (subcategories === undefined || subcategories.length === 0) {
			const label = SUBCATEGORY_LABELS[eventName];
			return {
				ok: false,
				message: `Choose at least one of the ${label} to receive for ${eventName}`,
				description: `FullStory needs one subscription per ${label.replace(/s$/, '').toLowerCase()} for this event type. Pick them in "${label}", or enter their IDs with an expression.`,
			};
		}
		for (const subcategory of subcategories) subscriptions.push({ eventName, subcategory });
	}
	return { ok: true, subscriptions };
}

function subscriptionKey({ eventName, subcategory }: EventSubscription): string {
	return `${eventName}\u0000${subcategory ?? ''}`;
}

/** Same event types and subcategories, whatever the order and repetitions. */
export function sameSubscriptions(a: EventSubscription[], b: EventSubscription[]): boolean {
	const left = new Set(a.map(subscriptionKey));
	const right = new Set(b.map(subscriptionKey));
	return left.size === right.size && [...left].every((key) => right.has(key));
}
