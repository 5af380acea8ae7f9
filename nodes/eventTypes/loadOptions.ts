/**
 * The editor's lists, loaded from FullStory so they show what the account and its plan offer:
 * event types, the subcategories of the types that have them, and webhook endpoints.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { listEndpoints, listSubcategories } from '../api/webhooks/api';
import { SUBCATEGORY_PICKERS, knownEventType } from './catalog';
import { availableEventTypes } from './liveCatalog';
import type { EventTypeDefinition, WebhookEndpoint } from '../api/webhooks/types';

function eventTypeOption(definition: EventTypeDefinition, suffix: string): INodePropertyOptions {
	return {
		name: `${definition.displayName}${suffix}`,
		value: definition.eventName,
		description: definition.hasSubcategories
			? `${definition.eventName} (pick which ones below)`
			: definition.eventName,
	};
}

/** The event types as options, marked when they come from the built-in list. */
async function eventTypeOptions(
	context: ILoadOptionsFunctions,
	include: (type: EventTypeDefinition) => boolean,
): Promise<INodePropertyOptions[]> {
	// A wrong key or a missing role throws: the user must fix the credential, so it is shown.
	const loaded = await availableEventTypes(context);
	const suffix = loaded.source === 'offline' ? ' (offline list)' : '';
	return loaded.types
		.filter(include)
		.map((type) => eventTypeOption(type, suffix))
		.sort(byName);
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

async function getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await eventTypeOptions(this, () => true);
}

async function getSubcategoryEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	return await eventTypeOptions(this, (type) => type.hasSubcategories);
}

function subcategoryLoader(eventName: string) {
	return async function (this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
		const definitions = await listSubcategories(this, eventName);
		return definitions
			.map((definition) => ({ name: definition.displayName, value: definition.subcategory }))
			.sort(byName);
	};
}

/** "Note Created, Custom Event ×2": what an endpoint receives, in words. */
function eventsInWords(endpoint: WebhookEndpoint): string {
	const counts = new Map<string, number>();
	for (const { eventName } of endpoint.eventTypes) counts.set(eventName, (counts.get(eventName) ?? 0) + 1);
	const words = [...counts].map(([eventName, count]) => {
		const name = knownEventType(eventName)?.displayName ?? eventName;
		return count > 1 ? `${name} ×${count}` : name;
	});
	return words.length > 0 ? words.join(', ') : 'no events';
}

/**
 * Host and path with long segments (n8n's webhook ids) cut to their start, and the `/webhook`
 * every n8n trigger URL ends with left out, so entries for several n8n workflows stay apart
 * within the width the editor gives them.
 */
function shortAddress(url: string): string {
	try {
		const parsed = new URL(url);
		const segments = parsed.pathname.split('/').map((segment) => (segment.length > 12 ? `${segment.slice(0, 8)}…` : segment));
		const n8nTrigger = /^\/webhook(-test)?\/[^/]+\/webhook$/.test(parsed.pathname);
		return `${parsed.host}${(n8nTrigger ? segments.slice(0, -1) : segments).join('/')}`;
	} catch {
		return url;
	}
}

async function searchEndpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const endpoints = await listEndpoints(this);
	const needle = filter?.toLowerCase() ?? '';
	return {
		results: endpoints
			.map((endpoint) => ({ endpoint, events: eventsInWords(endpoint) }))
			.filter(({ endpoint, events }) => `${endpoint.url} ${events}`.toLowerCase().includes(needle))
			.map(({ endpoint, events }) => ({
				name: `${events} → ${shortAddress(endpoint.url)}${endpoint.enabled ? '' : ' (disabled)'}`,
				value: endpoint.id,
				url: endpoint.url,
			})),
	};
}

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export const loadOptions: Record<string, LoadOptionsMethod> = {
	getEventTypes,
	getSubcategoryEventTypes,
	...Object.fromEntries(
		SUBCATEGORY_PICKERS.map((picker) => [picker.loadOptionsMethod, subcategoryLoader(picker.eventName)]),
	),
};

export const listSearch = { searchEndpoints };
