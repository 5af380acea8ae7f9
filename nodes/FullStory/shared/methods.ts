/**
 * The editor's lists, loaded from FullStory so they show what the account and its plan offer:
 * event types, the subcategories of the types that have them, and webhook endpoints.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';

import { listEndpoints, listSubcategories } from './api';
import { SUBCATEGORY_PICKERS } from './eventCatalog';
import { availableEventTypes } from './liveCatalog';
import type { EventTypeDefinition } from './types';

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

async function searchEndpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const endpoints = await listEndpoints(this);
	const needle = filter?.toLowerCase() ?? '';
	return {
		results: endpoints
			.filter((endpoint) => endpoint.url.toLowerCase().includes(needle))
			.map((endpoint) => ({
				name: endpoint.enabled ? endpoint.url : `${endpoint.url} (disabled)`,
				value: endpoint.id,
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
