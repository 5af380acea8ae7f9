/**
 * The editor's lists, loaded from FullStory so they show what the account and its plan offer:
 * event types, the subcategories of the types that have them, and webhook endpoints.
 */
import type {
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodePropertyOptions,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { listEndpoints, listEventTypes, listSubcategories } from './api';
import { toNodeError } from './apiErrors';
import { OFFLINE_EVENT_TYPES, SUBCATEGORY_EVENT_TYPES, TEST_EVENT_NAME } from './constants';
import type { EventTypeDefinition } from './types';

/**
 * Errors that mean "fix your credential or plan": these are shown. Anything else (no credential
 * chosen yet, FullStory unreachable) falls back to the offline list so the workflow stays editable.
 */
function mustSurface(error: unknown): boolean {
	return error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403');
}

function eventTypeOption(definition: EventTypeDefinition, suffix = ''): INodePropertyOptions {
	return {
		name: `${definition.displayName}${suffix}`,
		value: definition.eventName,
		description: definition.hasSubcategories
			? `${definition.eventName} (pick which ones below)`
			: definition.eventName,
	};
}

async function loadEventTypes(context: ILoadOptionsFunctions): Promise<{ types: EventTypeDefinition[]; offline: boolean }> {
	try {
		const types = await listEventTypes(context);
		return { types: types.filter((type) => type.eventName !== TEST_EVENT_NAME), offline: false };
	} catch (error) {
		if (mustSurface(error)) throw toNodeError(context.getNode(), error);
		context.logger.warn('FullStory event types could not be loaded; showing the offline list', {
			reason: error instanceof Error ? error.message : String(error),
		});
		return { types: [...OFFLINE_EVENT_TYPES], offline: true };
	}
}

function byName(a: INodePropertyOptions, b: INodePropertyOptions): number {
	return a.name.localeCompare(b.name);
}

async function getEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { types, offline } = await loadEventTypes(this);
	return types.map((type) => eventTypeOption(type, offline ? ' (offline list)' : '')).sort(byName);
}

async function getSubcategoryEventTypes(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const { types, offline } = await loadEventTypes(this);
	return types
		.filter((type) => type.hasSubcategories)
		.map((type) => eventTypeOption(type, offline ? ' (offline list)' : ''))
		.sort(byName);
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

export const loadOptions = {
	getEventTypes,
	getSubcategoryEventTypes,
	getCustomEventSubcategories: subcategoryLoader(SUBCATEGORY_EVENT_TYPES.customEvent),
	getMetricAlertSubcategories: subcategoryLoader(SUBCATEGORY_EVENT_TYPES.metricAlert),
	getSegmentAlertSubcategories: subcategoryLoader(SUBCATEGORY_EVENT_TYPES.segmentAlert),
};

export const listSearch = { searchEndpoints };
