/**
 * The documented request fields of Create and Update Endpoint (docs/fullstory-api.md §2.3–§2.5), each
 * with every spelling the API accepts: the JSON examples' camelCase first, then the schema tables' proto
 * snake_case (§2.4). Parsing reads fields through these spellings and strict mode refuses every other key,
 * so what is accepted and what is refused cannot drift apart.
 */
import type { JsonObject } from '../guards';

const SPELLINGS = {
	url: ['url'],
	eventTypes: ['eventTypes', 'event_types'],
	secret: ['secret'],
	disabled: ['disabled'],
	eventName: ['eventName', 'event_name'],
	subcategory: ['subcategory'],
} as const satisfies Record<string, readonly [string, ...string[]]>;

export type RequestField = keyof typeof SPELLINGS;

export interface FieldSet {
	/** What the set is, for messages: "Create Endpoint", "an eventTypes entry". */
	name: string;
	fields: readonly RequestField[];
}

export const CREATE_FIELDS: FieldSet = { name: 'Create Endpoint', fields: ['url', 'eventTypes', 'secret'] };
export const UPDATE_FIELDS: FieldSet = { name: 'Update Endpoint', fields: [...CREATE_FIELDS.fields, 'disabled'] };
export const EVENT_TYPE_FIELDS: FieldSet = { name: 'an eventTypes entry', fields: ['eventName', 'subcategory'] };

/** Keys other sources send, with what to send instead (§0, §9). */
const CATALOG_ONLY_ADVICE: Record<string, string> = {
	events: 'send "eventTypes": [{"eventName": ..., "subcategory": ...}]',
	signingSecret: 'send "secret"',
};
const OTHER_ADVICE: Record<string, string> = {
	enabled: 'an update enables the endpoint unless it sends "disabled": true',
};

export function spellingsOf(field: RequestField): readonly string[] {
	return SPELLINGS[field];
}

/** The key a field arrived under (the first spelling present, as `firstPresent` reads), else its camelCase. */
export function spellingIn(object: JsonObject, field: RequestField): string {
	const spellings = spellingsOf(field);
	return spellings.find((key) => object[key] !== undefined && object[key] !== null) ?? spellings[0];
}

/** A message naming the first key of `object` the set does not document, or undefined when there is none. */
export function undocumentedField(object: JsonObject, set: FieldSet, path = ''): string | undefined {
	const documented = set.fields.flatMap(spellingsOf);
	const field = Object.keys(object).find((key) => !documented.includes(key));
	if (field === undefined) return undefined;
	if (Object.hasOwn(CATALOG_ONLY_ADVICE, field)) {
		return `field "${path}${field}" is not part of the Webhooks v1 API (catalog-only shape); ${CATALOG_ONLY_ADVICE[field]}`;
	}
	const advice = Object.hasOwn(OTHER_ADVICE, field) ? `; ${OTHER_ADVICE[field]}` : '';
	return `field "${path}${field}" is not a documented field of ${set.name} (documented: ${documented.join(', ')})${advice}`;
}
