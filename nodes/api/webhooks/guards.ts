/**
 * Narrow untrusted Webhooks v1 JSON into the types of `types.ts`, reading every spelling seen
 * (docs/fullstory-api.md §0, §2.4).
 */
import { isRecord, optionalString, parseList, pick, protoBoolean, withToken } from '../../transport/guards';
import type { Page } from '../../transport/types';
import type {
	EventSubscription,
	EventTypeDefinition,
	SubcategoryDefinition,
	WebhookEndpoint,
} from './types';

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
