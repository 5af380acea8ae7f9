/**
 * Narrow untrusted JSON from FullStory into the types of `types.ts`.
 *
 * FullStory's docs disagree with themselves on casing (camelCase in every example, snake_case in
 * the schema tables), and generated catalogs use yet other names (shared/fullstory-api.md §0,
 * §2.4). We send only the documented camelCase shapes, but read every spelling seen, so a casing
 * change on FullStory's side cannot break a workflow. Each parser returns `undefined` for a value
 * that is not the expected shape; the transport turns that into a clear error.
 */
import type { IDataObject } from 'n8n-workflow';

import type {
	ApiErrorBody,
	DeliveryEnvelope,
	EventSubscription,
	EventTypeDefinition,
	KeyIdentity,
	Page,
	SubcategoryDefinition,
	WebhookEndpoint,
} from '../api/webhooks/types';

export function isRecord(value: unknown): value is IDataObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `names` present on `record`, so alternative spellings read as one field. */
function pick(record: IDataObject, ...names: string[]): unknown {
	for (const name of names) {
		if (record[name] !== undefined && record[name] !== null) return record[name];
	}
	return undefined;
}

function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Protobuf's JSON mapping leaves out fields at their default value, so a missing boolean is
 * `false` (an endpoint without `enabled` is a disabled one, which is the safe reading).
 */
function protoBoolean(value: unknown): boolean | undefined {
	if (value === undefined || value === null) return false;
	return typeof value === 'boolean' ? value : undefined;
}

function parseList<T>(value: unknown, parseItem: (item: unknown) => T | undefined): T[] | undefined {
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) return undefined;
	const items: T[] = [];
	for (const raw of value) {
		const item = parseItem(raw);
		if (item === undefined) return undefined;
		items.push(item);
	}
	return items;
}

function nextToken(record: IDataObject): string | undefined {
	return optionalString(pick(record, 'nextPaginationToken', 'next_pagination_token'));
}

export function parseEventSubscription(value: unknown): EventSubscription | undefined {
	// A bare string is how one third-party client wrote entries; read it rather than fail.
	if (typeof value === 'string') return value === '' ? undefined : { eventName: value };
	if (!isRecord(value)) return undefined;
	const eventName = optionalString(pick(value, 'eventName', 'event_name'));
	if (eventName === undefined) return undefined;
	const subcategory = optionalString(value.subcategory);
	return subcategory === undefined ? { eventName } : { eventName, subcategory };
}

export function parseEndpoint(value: unknown): WebhookEndpoint | undefined {
	if (!isRecord(value)) return undefined;
	const id = optionalString(value.id);
	const url = optionalString(value.url);
	const enabled = protoBoolean(value.enabled);
	const eventTypes = parseList(pick(value, 'eventTypes', 'event_types', 'events'), parseEventSubscription);
	if (id === undefined || url === undefined || enabled === undefined || eventTypes === undefined) {
		return undefined;
	}
	const endpoint: WebhookEndpoint = { id, url, enabled, eventTypes };
	const created = optionalString(pick(value, 'created', 'createdAt', 'created_at'));
	const modified = optionalString(pick(value, 'modified', 'modifiedAt', 'modified_at'));
	if (created !== undefined) endpoint.created = created;
	if (modified !== undefined) endpoint.modified = modified;
	return endpoint;
}

export function parseEndpointPage(value: unknown): Page<WebhookEndpoint> | undefined {
	if (!isRecord(value)) return undefined;
	const items = parseList(value.endpoints, parseEndpoint);
	return items === undefined ? undefined : withToken(items, value);
}

export function parseEventTypeDefinition(value: unknown): EventTypeDefinition | undefined {
	if (typeof value === 'string' && value !== '') {
		return { eventName: value, displayName: value, hasSubcategories: false };
	}
	if (!isRecord(value)) return undefined;
	const eventName = optionalString(pick(value, 'eventName', 'event_name'));
	const hasSubcategories = protoBoolean(pick(value, 'hasSubcategories', 'has_subcategories'));
	if (eventName === undefined || hasSubcategories === undefined) return undefined;
	const displayName = optionalString(pick(value, 'displayName', 'display_name')) ?? eventName;
	return { eventName, displayName, hasSubcategories };
}

export function parseEventTypeList(value: unknown): EventTypeDefinition[] | undefined {
	if (!isRecord(value)) return undefined;
	return parseList(pick(value, 'eventDefs', 'event_defs', 'eventTypes', 'event_types'), parseEventTypeDefinition);
}

export function parseSubcategoryDefinition(value: unknown): SubcategoryDefinition | undefined {
	if (!isRecord(value)) return undefined;
	const subcategory = optionalString(value.subcategory);
	if (subcategory === undefined) return undefined;
	const displayName = optionalString(pick(value, 'displayName', 'display_name')) ?? subcategory;
	return { subcategory, displayName };
}

export function parseSubcategoryPage(value: unknown): Page<SubcategoryDefinition> | undefined {
	if (!isRecord(value)) return undefined;
	const items = parseList(pick(value, 'subcategoryDefs', 'subcategory_defs'), parseSubcategoryDefinition);
	return items === undefined ? undefined : withToken(items, value);
}

function withToken<T>(items: T[], record: IDataObject): Page<T> {
	const token = nextToken(record);
	return token === undefined ? { items } : { items, nextPaginationToken: token };
}

export function parseKeyIdentity(value: unknown): KeyIdentity | undefined {
	if (!isRecord(value)) return undefined;
	const orgId = optionalString(pick(value, 'orgId', 'org_id'));
	if (orgId === undefined) return undefined;
	const email = pick(value, 'email');
	const role = pick(value, 'role');
	return {
		orgId,
		email: typeof email === 'string' ? email : '',
		role: typeof role === 'string' ? role : 'UNKNOWN',
	};
}

/** Delete answers "a successful response" with an undocumented body; accept anything. */
export function acceptAnyBody(): true {
	return true;
}

/** `{message, code}` with `code` as a string or a number; `undefined` when either is missing. */
export function parseApiErrorBody(value: unknown): ApiErrorBody | undefined {
	if (!isRecord(value)) return undefined;
	const { message, code } = value;
	if (typeof message !== 'string') return undefined;
	if (typeof code === 'string') return { message, code };
	if (typeof code === 'number') return { message, code: String(code) };
	return undefined;
}

/** A delivery body: `{eventName, version, data}` with an object `data`. */
export function parseDeliveryEnvelope(value: unknown): DeliveryEnvelope | undefined {
	if (!isRecord(value)) return undefined;
	const eventName = optionalString(pick(value, 'eventName', 'event_name'));
	const { version, data } = value;
	if (eventName === undefined || typeof version !== 'number' || !isRecord(data)) return undefined;
	return { eventName, version, data };
}
