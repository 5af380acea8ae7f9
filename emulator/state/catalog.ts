/**
 * Event types and their subcategories, per org. Plans differ in what List Event Types offers
 * (docs/fullstory-api.md §1, §2.7), so each org holds its own subset and its own fixtures; it may also
 * flip `hasSubcategories` (unknown for metric.alert, §10.7) and hold types FullStory might add later.
 */
import { subcategoryBlob } from './subcategoryBlobs';
import type { EventTypeDef, SubcategoryDef } from '../api/types';

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

/** How many fixtures a type gets when it gains subcategories without sample names of its own. */
export const DEFAULT_GENERATED_SUBCATEGORIES = 3;

export function isInferredEventName(eventName: string): boolean {
	return FULL_CATALOG.some((entry) => entry.eventName === eventName && entry.inferred === true);
}

export function isBuiltInEventName(eventName: string): boolean {
	return ALL_EVENT_NAMES.includes(eventName);
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

/** One event type as one org sees it: `hasSubcategories` is the effective value, overrides included. */
interface OrgEventType extends EventTypeDef {
	offered: boolean;
	/** Display names for the type's fixtures; empty means numbered ones are generated. */
	sampleSubcategories: readonly string[];
}

export class OrgCatalog {
	/** The built-in catalog in its order, then the types added for this org in the order they were added. */
	private types: OrgEventType[];

	/** Kept while a type's flag is off, so switching it back on brings the same values back. */
	private subcategories = new Map<string, SubcategoryDef[]>();

	constructor(readonly orgId: string) {
		this.types = FULL_CATALOG.map(({ eventName, displayName, hasSubcategories, sampleSubcategories }) => ({
			eventName,
			displayName,
			hasSubcategories,
			sampleSubcategories,
			offered: true,
		}));
		for (const type of this.types) this.ensureFixtures(type);
	}

	/** A copy to apply an update to, so a rejected update leaves the org's catalog untouched. */
	clone(): OrgCatalog {
		const copy = new OrgCatalog(this.orgId);
		copy.types = this.types.map((type) => ({ ...type }));
		copy.subcategories = new Map(this.subcategories);
		return copy;
	}

	/** The org's offered event types, in catalog order. */
	eventDefs(): EventTypeDef[] {
		return this.types
			.filter((type) => type.offered)
			.map(({ eventName, displayName, hasSubcategories }) => ({ eventName, displayName, hasSubcategories }));
	}

	/** An offered type: what the public API lists, accepts in subscriptions and delivers. */
	find(eventName: string): EventTypeDef | undefined {
		return this.eventDefs().find((def) => def.eventName === eventName);
	}

	/** Built-in or added, offered or not: a name control updates may refer to. */
	knows(eventName: string): boolean {
		return this.type(eventName) !== undefined;
	}

	hasSubcategories(eventName: string): boolean {
		return this.type(eventName)?.hasSubcategories === true;
	}

	/** Empty for a type whose (effective) flag is off, like the real list for a type without subcategories. */
	subcategoriesOf(eventName: string): SubcategoryDef[] {
		return this.hasSubcategories(eventName) ? (this.subcategories.get(eventName) ?? []) : [];
	}

	findSubcategory(eventName: string, subcategory: string): SubcategoryDef | undefined {
		return this.subcategoriesOf(eventName).find((def) => def.subcategory === subcategory);
	}

	/** Offers exactly these known types; unknown names are the caller's to refuse first (see `knows`). */
	offer(eventNames: readonly string[]): void {
		for (const type of this.types) type.offered = eventNames.includes(type.eventName);
	}

	setHasSubcategories(eventName: string, hasSubcategories: boolean): void {
		const type = this.type(eventName);
		if (type === undefined) return;
		type.hasSubcategories = hasSubcategories;
		this.ensureFixtures(type);
	}

	/** Adds (or redefines, keeping its place and fixtures) a type outside the built-in catalog, and offers it. */
	define(def: EventTypeDef): void {
		const type: OrgEventType = { ...def, sampleSubcategories: [], offered: true };
		const index = this.types.findIndex((candidate) => candidate.eventName === def.eventName);
		if (index === -1) this.types.push(type);
		else this.types[index] = type;
		this.ensureFixtures(type);
	}

	replaceSubcategories(eventName: string, defs: SubcategoryDef[]): void {
		this.subcategories.set(eventName, defs);
	}

	/** Deterministic fixtures named after the org's display name of the type: "Custom Event 01", ... */
	generateSubcategories(eventName: string, count: number): void {
		const base = this.type(eventName)?.displayName ?? eventName;
		const width = String(count).length;
		this.subcategories.set(
			eventName,
			Array.from({ length: count }, (_, index) =>
				fixtureSubcategory(this.orgId, eventName, `${base} ${String(index + 1).padStart(width, '0')}`),
			),
		);
	}

	private type(eventName: string): OrgEventType | undefined {
		return this.types.find((type) => type.eventName === eventName);
	}

	/** A type with subcategories always has some to subscribe to: its samples, else generated ones. */
	private ensureFixtures(type: OrgEventType): void {
		if (!type.hasSubcategories || this.subcategories.has(type.eventName)) return;
		if (type.sampleSubcategories.length === 0) {
			this.generateSubcategories(type.eventName, DEFAULT_GENERATED_SUBCATEGORIES);
			return;
		}
		this.subcategories.set(
			type.eventName,
			type.sampleSubcategories.map((name) => fixtureSubcategory(this.orgId, type.eventName, name)),
		);
	}
}
