/**
 * The editor's event lists, loaded from FullStory so they show what the account and its plan
 * offer: event types, and the subcategories of the types that have them.
 */
import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { listSubcategories } from '../api/webhooks/api';
import { SUBCATEGORY_PICKERS } from './catalog';
import { availableEventTypes } from './liveCatalog';
import type { EventTypeDefinition } from '../api/webhooks/types';

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

type LoadOptionsMethod = (this: ILoadOptionsFunctions) => Promise<INodePropertyOptions[]>;

export const loadOptions: Record<string, LoadOptionsMethod> = {
	getEventTypes,
	getSubcategoryEventTypes,
	...Object.fromEntries(
		SUBCATEGORY_PICKERS.map((picker) => [picker.loadOptionsMethod, subcategoryLoader(picker.eventName)]),
	),
};
