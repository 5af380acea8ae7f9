/**
 * What this package knows about each FullStory event type, in one table. Pickers, their
 * descriptions and loaders, the offline list, validation and item shaping all derive from it, so
 * a new type is one row.
 *
 * The table is the OFFLINE FALLBACK and the source of names for the editor. When FullStory can
 * be reached, its List Event Types decides which types exist and which have subcategories
 * (liveCatalog.ts); a type FullStory lists that is not here still works, with generic items.
 */

/** The node parameter that holds the subcategories of one event type, and how it is offered. */
/** The UI's "Test endpoint" button sends this event type; it cannot be subscribed to. */
export const TEST_EVENT_NAME = 'test';

export interface SubcategoryPicker {
	/** Parameter name; saved workflows depend on it. */
	parameter: string;
	/** The picker's label in the editor, also used in messages. */
	displayName: string;
	/** Name of the `loadOptions` method that lists the subcategories. */
	loadOptionsMethod: string;
	/** Plural noun for descriptions and messages, e.g. "custom events". */
	what: string;
}

export interface KnownEventType {
	/** Wire name, as FullStory sends it in `eventName`. */
	eventName: string;
	displayName: string;
	/**
	 * Whether FullStory's documentation says it has subcategories. The live catalog's
	 * `hasSubcategories` overrides this whenever FullStory can be reached.
	 */
	hasSubcategories: boolean;
	/** Present for the types whose subcategories the user picks. */
	picker?: SubcategoryPicker;
	/** Whether `data.id` identifies the event itself, so it can key redeliveries. */
	hasOwnId: boolean;
	/** Whether the editor shows it when FullStory cannot be reached. */
	offline: boolean;
}

/** docs/fullstory-api.md §2.7 and §4. The order is the order of the pickers in the editor. */
export const EVENT_CATALOG: readonly KnownEventType[] = [
	{ eventName: 'note.created', displayName: 'Note Created', hasSubcategories: false, hasOwnId: true, offline: true },
	{
		eventName: 'recording.event.custom',
		displayName: 'Custom Event',
		hasSubcategories: true,
		picker: {
			parameter: 'customEventSubcategories',
			displayName: 'Custom Event Names or IDs',
			loadOptionsMethod: 'getCustomEventSubcategories',
			what: 'custom events',
		},
		// Custom events carry no id of their own; redeliveries are keyed by the body's hash.
		hasOwnId: false,
		offline: true,
	},
	{
		eventName: 'metric.alert',
		displayName: 'Metric Alert',
		// INFERRED: its page says "configure which alert(s)", but the docs' List Event Types example
		// leaves it out. The live catalog's flag decides; this is only the offline guess.
		hasSubcategories: true,
		picker: {
			parameter: 'metricAlertSubcategories',
			displayName: 'Metric Alert Names or IDs',
			loadOptionsMethod: 'getMetricAlertSubcategories',
			what: 'metric alerts',
		},
		hasOwnId: true,
		offline: true,
	},
	{
		eventName: 'segment.trend.alert',
		displayName: 'Segment Alert',
		hasSubcategories: true,
		picker: {
			parameter: 'segmentAlertSubcategories',
			displayName: 'Segment Alert Names or IDs',
			loadOptionsMethod: 'getSegmentAlertSubcategories',
			what: 'segment alerts',
		},
		hasOwnId: true,
		offline: true,
	},
	{
		eventName: 'nativemobile.event.crash',
		displayName: 'Native Mobile Crash',
		hasSubcategories: false,
		hasOwnId: false,
		offline: true,
	},
	{
		// INFERRED: the help center describes "New Segments" without a wire name; `segment.created`
		// appears only in AI-generated descriptions, so it is not offered offline.
		eventName: 'segment.created',
		displayName: 'New Segments',
		hasSubcategories: false,
		hasOwnId: false,
		offline: false,
	},
];

export function knownEventType(eventName: string): KnownEventType | undefined {
	return EVENT_CATALOG.find((type) => type.eventName === eventName);
}

/** The types whose subcategories are picked, each with its picker. */
export const SUBCATEGORY_PICKERS: ReadonlyArray<SubcategoryPicker & { eventName: string; eventDisplayName: string }> = EVENT_CATALOG.flatMap(
	(type) => (type.picker === undefined ? [] : [{ ...type.picker, eventName: type.eventName, eventDisplayName: type.displayName }]),
);
