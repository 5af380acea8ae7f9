/**
 * Validation of Create and Update Endpoint bodies (docs/fullstory-api.md §2.3–§2.5). The documented
 * camelCase and proto snake_case spellings are both accepted (requestFields.ts); in strict mode every
 * other field is refused by name, so client tests prove nothing undocumented is ever sent. Validation
 * reads the caller's org catalog, whose `hasSubcategories` flags may differ per org.
 */
import type { OrgCatalog } from '../state/catalog';
import { invalidArgument, requiredField } from '../errors';
import { firstPresent, isBoolean, isJsonObject, isString, type JsonObject } from '../guards';
import { fail, ok, type Outcome } from '../http';
import {
	CREATE_FIELDS,
	EVENT_TYPE_FIELDS,
	spellingIn,
	spellingsOf,
	undocumentedField,
	UPDATE_FIELDS,
	type FieldSet,
	type RequestField,
} from './requestFields';
import type { EmulatorConfig, UrlNormalisation } from '../state/config';
import type { EventTypeRef } from './types';

export interface CreateInput {
	url: string;
	eventTypes: EventTypeRef[];
	secret: string;
}

/** Absent fields leave the endpoint unchanged, except `enabled`, which an update always sets. */
export interface UpdateInput {
	url?: string;
	eventTypes?: EventTypeRef[];
	secret?: string;
	enabled: boolean;
}

function rejectUndocumentedFields(
	object: JsonObject,
	set: FieldSet,
	config: EmulatorConfig,
	path?: string,
): Outcome<void> {
	const message = config.strict ? undocumentedField(object, set, path) : undefined;
	return message === undefined ? ok(undefined) : fail(invalidArgument(message));
}

/** The URL as the emulator stores it (config urlNormalisation). */
function stored(url: URL, sent: string, normalisation: UrlNormalisation): string {
	if (normalisation === 'whatwg') return url.href;
	if (normalisation === 'lowercase') return sent.toLowerCase();
	return sent;
}

function parseUrl(value: unknown, normalisation: UrlNormalisation): Outcome<string> {
	if (!isString(value)) return fail(invalidArgument('url must be a string'));
	let parsed: URL;
	try {
		parsed = new URL(value);
	} catch {
		return fail(invalidArgument(`url must be an absolute http or https URL, got "${value}"`));
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
		return fail(invalidArgument(`url must use the http or https scheme, got "${value}"`));
	}
	return ok(stored(parsed, value, normalisation));
}

function fieldValue(object: JsonObject, field: RequestField): unknown {
	return firstPresent(object, ...spellingsOf(field));
}

/** Treats null and '' like absence, as the update rules do. */
function presentString(body: JsonObject, field: RequestField): unknown {
	const value = fieldValue(body, field);
	return value === '' ? undefined : value;
}

function parseEventTypeEntry(
	entry: unknown,
	label: string,
	catalog: OrgCatalog,
	config: EmulatorConfig,
): Outcome<EventTypeRef> {
	if (isString(entry)) {
		return fail(
			invalidArgument(`${label} must be an object {eventName, subcategory?}, not the string "${entry}"`),
		);
	}
	if (!isJsonObject(entry)) return fail(invalidArgument(`${label} must be an object {eventName, subcategory?}`));
	const strict = rejectUndocumentedFields(entry, EVENT_TYPE_FIELDS, config, `${label}.`);
	if (!strict.ok) return strict;
	const eventName = fieldValue(entry, 'eventName');
	if (eventName === undefined || eventName === '') return fail(requiredField(`${label}.eventName is required`));
	if (!isString(eventName)) return fail(invalidArgument(`${label}.eventName must be a string`));
	const def = catalog.find(eventName);
	if (def === undefined) {
		return fail(
			invalidArgument(
				`${label}.eventName "${eventName}" is not an event type available to this organization`,
			),
		);
	}
	const subcategory = fieldValue(entry, 'subcategory') ?? '';
	if (!isString(subcategory)) return fail(invalidArgument(`${label}.subcategory must be a string`));
	if (subcategory === '') {
		if (def.hasSubcategories && config.requireSubcategory) {
			return fail(requiredField(`${label}.subcategory is required for ${eventName}`));
		}
		return ok({ eventName });
	}
	if (!def.hasSubcategories) {
		if (config.strict) {
			return fail(invalidArgument(`${label}.subcategory is not allowed: ${eventName} has no subcategories`));
		}
		// Tolerant mode: the value cannot narrow a type without subcategories, so the subscription covers it whole.
		return ok({ eventName });
	}
	if (catalog.findSubcategory(eventName, subcategory) === undefined) {
		return fail(invalidArgument(`${label}.subcategory "${subcategory}" is not a subcategory of ${eventName}`));
	}
	return ok({ eventName, subcategory });
}

/** Undefined when the list is absent or empty, which Update treats as "unchanged". */
function parseEventTypes(
	body: JsonObject,
	catalog: OrgCatalog,
	config: EmulatorConfig,
): Outcome<EventTypeRef[] | undefined> {
	const key = spellingIn(body, 'eventTypes');
	const entries = body[key];
	if (entries === undefined || entries === null) return ok(undefined);
	if (!Array.isArray(entries)) {
		return fail(invalidArgument(`${key} must be an array of {eventName, subcategory?} objects`));
	}
	const refs: EventTypeRef[] = [];
	for (const [index, entry] of entries.entries()) {
		const parsed = parseEventTypeEntry(entry, `${key}[${index}]`, catalog, config);
		if (!parsed.ok) return parsed;
		const duplicate = refs.some(
			(ref) => ref.eventName === parsed.value.eventName && ref.subcategory === parsed.value.subcategory,
		);
		if (!duplicate) refs.push(parsed.value);
	}
	return ok(refs.length === 0 ? undefined : refs);
}

function parseSecret(body: JsonObject): Outcome<string | undefined> {
	const secret = presentString(body, 'secret');
	if (secret !== undefined && !isString(secret)) return fail(invalidArgument('secret must be a string'));
	return ok(secret);
}

export function parseCreateInput(
	body: unknown,
	catalog: OrgCatalog,
	config: EmulatorConfig,
): Outcome<CreateInput> {
	if (!isJsonObject(body)) return fail(invalidArgument('request body must be a JSON object'));
	const strict = rejectUndocumentedFields(body, CREATE_FIELDS, config);
	if (!strict.ok) return strict;
	const rawUrl = presentString(body, 'url');
	if (rawUrl === undefined) return fail(requiredField('url is required'));
	const url = parseUrl(rawUrl, config.urlNormalisation);
	if (!url.ok) return url;
	const eventTypes = parseEventTypes(body, catalog, config);
	if (!eventTypes.ok) return eventTypes;
	if (eventTypes.value === undefined) return fail(requiredField('eventTypes is required'));
	const secret = parseSecret(body);
	if (!secret.ok) return secret;
	return ok({ url: url.value, eventTypes: eventTypes.value, secret: secret.value ?? '' });
}

export function parseUpdateInput(
	body: unknown,
	catalog: OrgCatalog,
	config: EmulatorConfig,
): Outcome<UpdateInput> {
	if (!isJsonObject(body)) return fail(invalidArgument('request body must be a JSON object'));
	const strict = rejectUndocumentedFields(body, UPDATE_FIELDS, config);
	if (!strict.ok) return strict;
	const input: UpdateInput = { enabled: true };
	const rawUrl = presentString(body, 'url');
	if (rawUrl !== undefined) {
		const url = parseUrl(rawUrl, config.urlNormalisation);
		if (!url.ok) return url;
		input.url = url.value;
	}
	const eventTypes = parseEventTypes(body, catalog, config);
	if (!eventTypes.ok) return eventTypes;
	if (eventTypes.value !== undefined) input.eventTypes = eventTypes.value;
	const secret = parseSecret(body);
	if (!secret.ok) return secret;
	if (secret.value !== undefined) input.secret = secret.value;
	// "If present and true, the endpoint will be disabled. Otherwise, the endpoint will be enabled." (§2.5)
	const disabled = fieldValue(body, 'disabled') ?? false;
	if (!isBoolean(disabled)) return fail(invalidArgument('disabled must be a boolean'));
	input.enabled = !disabled;
	return ok(input);
}
