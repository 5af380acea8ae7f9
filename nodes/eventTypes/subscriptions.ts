/**
 * Turns the event pickers' values into the `eventTypes` FullStory expects, checked before any
 * change is made. FullStory's live catalog decides which names are valid and which types need
 * subcategories (one `eventTypes` entry is sent per subcategory); the pickers themselves are never
 * marked required, so an expression in Events cannot block the editor, and the requirement is
 * enforced here with a message naming the picker. Also compares two subscription sets, which the
 * trigger needs to know whether its endpoint is still right.
 */
import { TEST_EVENT_NAME, knownEventType } from './catalog';
import type { AvailableEventTypes } from './liveCatalog';
import { availableEventTypes } from './liveCatalog';
import type { FullStoryContext } from '../transport/request';
import type { EventSubscription } from '../api/webhooks/types';

export type SelectionResult =
	| { ok: true; subscriptions: EventSubscription[] }
	| { ok: false; message: string; description: string };

export interface SelectionInput {
	/** The display name of the events parameter, for messages. */
	eventsLabel: string;
	eventsValue: unknown;
	/** Reads a node parameter by name (undefined when absent). */
	readParameter: (name: string) => unknown;
}

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

function refuse(message: string, description: string): SelectionResult {
	return { ok: false, message, description };
}

function unknownTypeRefusal(eventName: string, available: AvailableEventTypes): SelectionResult {
	const names = available.types.map((type) => type.eventName).join(', ');
	if (available.source === 'offline') {
		return refuse(
			`"${eventName}" is not in the built-in list of FullStory event types`,
			`FullStory could not be reached to check it, so only the built-in list was used: ${names}. Check the credential and the network, or pick from the list.`,
		);
	}
	return refuse(
		`"${eventName}" is not an event type FullStory offers this account`,
		`FullStory offers: ${names}. Pick them from the list; which types there are depends on your FullStory plan.`,
	);
}

/** The subscriptions for one event type that FullStory says has subcategories. */
function withSubcategories(
	eventName: string,
	input: SelectionInput,
): { ok: true; subscriptions: EventSubscription[] } | { ok: false; result: SelectionResult } {
	const picker = knownEventType(eventName)?.picker;
	if (picker === undefined) {
		return {
			ok: false,
			result: refuse(
				`FullStory says "${eventName}" has subcategories, which this version of the node cannot choose`,
				`Update n8n-nodes-fullstory to a version that knows ${eventName}, or remove it from ${input.eventsLabel}.`,
			),
		};
	}
	const subcategories = toStringList(input.readParameter(picker.parameter));
	const how = `Pick them in "${picker.displayName}", or enter their IDs with an expression (an array or a comma-separated string).`;
	if (subcategories === undefined) {
		return { ok: false, result: refuse(`"${picker.displayName}" must be a list of IDs`, how) };
	}
	if (subcategories.length === 0) {
		return {
			ok: false,
			result: refuse(
				`Choose at least one entry in "${picker.displayName}" to receive ${eventName}`,
				`FullStory subscribes to each of the ${picker.what} separately. ${how}`,
			),
		};
	}
	return { ok: true, subscriptions: subcategories.map((subcategory) => ({ eventName, subcategory })) };
}

/** The event names picked, or why they are not usable; checked before FullStory is asked anything. */
function readEventNames(input: SelectionInput): { ok: true; eventNames: string[] } | { ok: false; result: SelectionResult } {
	const eventNames = toStringList(input.eventsValue);
	if (eventNames === undefined) {
		return {
			ok: false,
			result: refuse(
				`${input.eventsLabel} must be a list of event type names`,
				'Pick event types from the list, or use an expression that returns an array or a comma-separated string such as "note.created,metric.alert".',
			),
		};
	}
	if (eventNames.length === 0) {
		return {
			ok: false,
			result: refuse(
				`Choose at least one event type in ${input.eventsLabel}`,
				'FullStory sends only the event types an endpoint subscribes to.',
			),
		};
	}
	return { ok: true, eventNames };
}

/** Checks picked event names against the event types FullStory offers (or the offline list). */
export function checkEventNames(
	eventNames: string[],
	input: SelectionInput,
	available: AvailableEventTypes,
): SelectionResult {
	const subscriptions: EventSubscription[] = [];
	for (const eventName of eventNames) {
		if (eventName === TEST_EVENT_NAME) {
			return refuse(
				'The "test" event cannot be subscribed to',
				'FullStory sends it only from the "Test endpoint" button. Remove it from the event types.',
			);
		}
		const offered = available.types.find((type) => type.eventName === eventName);
		if (offered === undefined) return unknownTypeRefusal(eventName, available);
		if (!offered.hasSubcategories) {
			subscriptions.push({ eventName });
			continue;
		}
		const picked = withSubcategories(eventName, input);
		if (!picked.ok) return picked.result;
		subscriptions.push(...picked.subscriptions);
	}
	return { ok: true, subscriptions };
}

/** The selection as FullStory `eventTypes`, checked against what FullStory offers right now. */
export async function resolveSelection(context: FullStoryContext, input: SelectionInput): Promise<SelectionResult> {
	const picked = readEventNames(input);
	if (!picked.ok) return picked.result;
	return checkEventNames(picked.eventNames, input, await availableEventTypes(context));
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
