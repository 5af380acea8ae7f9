/** Node properties both nodes use: the event-type picker and one subcategory picker per type. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { SUBCATEGORY_EVENT_TYPES } from './constants';
import { SUBCATEGORY_PARAMETERS } from './subscriptions';

interface EventPickerOptions {
	/** Parameter name: `events` on the trigger, `eventTypes` on the action node. */
	name: string;
	displayName: string;
	description: string;
	required: boolean;
	displayOptions?: IDisplayOptions;
}

const SUBCATEGORY_PICKERS = [
	{
		eventName: SUBCATEGORY_EVENT_TYPES.customEvent,
		displayName: 'Custom Event Names or IDs',
		loadOptionsMethod: 'getCustomEventSubcategories',
		what: 'custom events',
	},
	{
		eventName: SUBCATEGORY_EVENT_TYPES.metricAlert,
		displayName: 'Metric Alert Names or IDs',
		loadOptionsMethod: 'getMetricAlertSubcategories',
		what: 'metric alerts',
	},
	{
		eventName: SUBCATEGORY_EVENT_TYPES.segmentAlert,
		displayName: 'Segment Alert Names or IDs',
		loadOptionsMethod: 'getSegmentAlertSubcategories',
		what: 'segment alerts',
	},
] as const;

export function eventPickerProperties(options: EventPickerOptions): INodeProperties[] {
	const eventPicker: INodeProperties = {
		displayName: options.displayName,
		name: options.name,
		type: 'multiOptions',
		typeOptions: { loadOptionsMethod: 'getEventTypes' },
		default: [],
		required: options.required,
		description: `${options.description} Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
		...(options.displayOptions ? { displayOptions: options.displayOptions } : {}),
	};

	const pickers = SUBCATEGORY_PICKERS.map(
		(picker): INodeProperties => ({
			displayName: picker.displayName,
			name: SUBCATEGORY_PARAMETERS[picker.eventName],
			type: 'multiOptions',
			typeOptions: { loadOptionsMethod: picker.loadOptionsMethod },
			default: [],
			required: true,
			description: `Which ${picker.what} to receive (FullStory subscribes to each one separately). Choose from the list, or specify IDs using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.`,
			displayOptions: {
				...(options.displayOptions ?? {}),
				show: { ...(options.displayOptions?.show ?? {}), [options.name]: [picker.eventName] },
			},
		}),
	);
	return [eventPicker, ...pickers];
}
