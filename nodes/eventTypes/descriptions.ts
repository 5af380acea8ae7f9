/** Node properties both nodes use: the event-type picker and one subcategory picker per type. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { EVENT_CATALOG, SUBCATEGORY_PICKERS } from './catalog';

interface EventPickerOptions {
	/** Parameter name: `events` on the trigger, `eventTypes` on the action node. */
	name: string;
	displayName: string;
	/** One or more sentences, without the final period: n8n's expression hint follows. */
	description: string;
	required: boolean;
	displayOptions?: IDisplayOptions;
}

export function eventPickerProperties(options: EventPickerOptions): INodeProperties[] {
	const eventPicker: INodeProperties = {
		displayName: options.displayName,
		name: options.name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getEventTypes' },
		default: [],
		required: options.required,
		// n8n's standard hint for a dynamic multi-options parameter, written out in the template
		// (not held in a constant) so n8n's lint rules can read and check it.
		description: `${options.description}. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
	};

	// Never `required`: n8n shows a picker whenever the events are an expression, and a required
	// one would then block publishing. The node checks them when it activates or runs instead.
	const pickers = SUBCATEGORY_PICKERS.map(
		(picker): INodeProperties => ({
			displayName: picker.displayName,
			name: picker.parameter,
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: picker.loadOptionsMethod },
			default: [],
			description: `Which ${picker.what} to receive; FullStory subscribes to each one separately. Needed when ${picker.eventDisplayName} is among the events. Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
			displayOptions: {
				...(options.displayOptions ?? {}),
				show: { ...(options.displayOptions?.show ?? {}), [options.name]: [picker.eventName] },
			},
		}),
	);
	return [eventPicker, ...pickers];
}

/**
 * The canvas subtitle for an events parameter: display names ("Note Created, Custom Event")
 * rather than wire names. Names the catalog does not know (types FullStory added later) show as
 * they are.
 */
export function eventsSubtitle(parameter: string): string {
	const names = JSON.stringify(Object.fromEntries(EVENT_CATALOG.map((type) => [type.eventName, type.displayName])));
	return `={{ [].concat($parameter["${parameter}"] || []).map((name) => (${names})[name] || name).join(", ") }}`;
}
