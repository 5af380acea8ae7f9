/**
 * Event types and their subcategories, per org. Plans differ in what List Event Types offers
 * (shared/fullstory-api.md §1, §2.7), so each org holds its own subset and its own fixtures.
 */
import { subcategoryBlob } from './subcategoryBlobs';
import type { EventTypeDef, SubcategoryDef } from './types';

interface CatalogEntry extends EventTypeDef {
	/** Internal only: the wire name was seen only in AI-generated sources, never on developer.fullstory.com. */
	inferred?: true;
	/** Names the default subcategory fixtures are built from (what the UI shows as `displayName`). */
	sampleSubcategories: string[];
}

/** Display names from the docs' List Event Types example (§2.7) and the event pages (§4). */
const FULL_CATALOG: readonly CatalogEntry[] = [
	{ eventName: 'note.created', displayName: 'Note Created', hasSubcategories: false, sampleSubcategories: [] },
	{
		// INFERRED: the help center describes "New Segments" without a wire name; `segment.created`
		// appears only in AI-generated catalogs (§2.7, §4.2).
		eventName: 'segment.created',
		displayName: 'New Segments',
		hasSubcategories: false,
		inferred: true,
		sampleSubcategories: [],
	},
	{
		eventName: 'segment.trend.alert',
		displayName: 'Segment Alert',
		hasSubcategories: true,
		sampleSubcategories: ['Cancelled checkout flow', 'Rage clicks on pricing page', 'Drop in daily signups'],
	},
	{
		eventName: 'metric.alert',
		displayName: 'Metric Alert',
		hasSubcategories: true,
		sampleSubcategories: ['Uncaught Exceptions Alert', 'Checkout Conversion Drop', 'Slow Page Load Alert'],
	},
	{
		eventName: 'nativemobile.event.crash',
		displayName: 'Native Mobile Crash',
		hasSubcategories: false,
		sampleSubcategories: [],
	},
	{
		eventName: 'recording.event.custom',
		displayName: 'Custom Event',
		hasSubcategories: true,
		sampleSubcategories: [
			'Product Added',
			'Checkout Started',
			'Order Completed',
			'Added Item to Cart',
			'Saw Error Popup',
		],
	},
];

export const ALL_EVENT_NAMES: readonly string[] = FULL_CATALOG.map((entry) => entry.eventName);

export function isInferredEventName(eventName: string): boolean {
	return FULL_CATALOG.some((entry) => entry.eventName === eventName && entry.inferred === true);
}

function catalogEntry(eventName: string): CatalogEntry | undefined {
	return FULL_CATALOG.find((entry) => entry.eventName === eventName);
}

export function fixtureSubcategory(orgId: string, eventName: string, displayName: string): SubcategoryDef {
	return {
		subcategory: subcategoryBlob(orgId, [
			['Seat', 'system'],
			['Type', eventName],
			['Name', displayName],
		]),
		displayName,
	};
}

export function generatedSubcategories(orgId: string, eventName: string, count: number): SubcategoryDef[] {
	const base = catalogEntry(eventName)?.displayName ?? eventName;
	const width = String(count).length;
	return Array.from({ length: count }, (_, index) =>
		fixtureSubcategory(orgId, eventName, `${base} ${String(index + 1).padStart(width, '0')}`),
	);
}

export class OrgCatalog {
	private offered: string[];

	private readonly subcategories = new Map<string, SubcategoryDef[]>();

	constructor(readonly orgId: string) {
		this.offered = [...ALL_EVENT_NAMES];
		for (const entry of FULL_CATALOG) {
			if (!entry.hasSubcategories) continue;
			this.subcategories.set(
				entry.eventName,
				entry.sampleSubcategories.map((name) => fixtureSubcategory(orgId, entry.eventName, name)),
			);
		}
	}

	/** The org's event types, in the order of the full catalog. */
	eventDefs(): EventTypeDef[] {
		return FULL_CATALOG.filter((entry) => this.offered.includes(entry.eventName)).map(
			({ eventName, displayName, hasSubcategories }) => ({ eventName, displayName, hasSubcategories }),
		);
	}

	find(eventName: string): EventTypeDef | undefined {
		return this.eventDefs().find((def) => def.eventName === eventName);
	}

	subcategoriesOf(eventName: string): SubcategoryDef[] {
		return this.subcategories.get(eventName) ?? [];
	}

	findSubcategory(eventName: string, subcategory: string): SubcategoryDef | undefined {
		return this.subcategoriesOf(eventName).find((def) => def.subcategory === subcategory);
	}

	/** Names outside the full catalog are the caller's problem; see `unknownEventNames`. */
	offer(eventNames: string[]): void {
		this.offered = ALL_EVENT_NAMES.filter((name) => eventNames.includes(name));
	}

	replaceSubcategories(eventName: string, defs: SubcategoryDef[]): void {
		this.subcategories.set(eventName, defs);
	}
}

export function unknownEventNames(eventNames: string[]): string[] {
	return eventNames.filter((name) => !ALL_EVENT_NAMES.includes(name));
}

export function supportsSubcategories(eventName: string): boolean {
	return catalogEntry(eventName)?.hasSubcategories === true;
}
