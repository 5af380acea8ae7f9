/**
 * The event types this account can subscribe to. FullStory's List Event Types is the truth,
 * because plans differ and FullStory may add types; the built-in table (eventCatalog.ts) stands
 * in only when FullStory cannot be reached, so a workflow stays editable offline.
 */
import { NodeApiError } from 'n8n-workflow';

import { listEventTypes } from '../api/webhooks/api';
import { toNodeError } from '../transport/errors';
import { EVENT_CATALOG, TEST_EVENT_NAME } from './catalog';
import type { FullStoryContext } from '../transport/request';
import type { EventTypeDefinition } from '../api/webhooks/types';

export interface AvailableEventTypes {
	types: EventTypeDefinition[];
	/** `offline`: FullStory could not be reached and the built-in list stands in. */
	source: 'fullstory' | 'offline';
}

/** The built-in list shown when FullStory cannot be reached. */
export const OFFLINE_EVENT_TYPES: readonly EventTypeDefinition[] = EVENT_CATALOG.filter((type) => type.offline).map(
	({ eventName, displayName, hasSubcategories }) => ({ eventName, displayName, hasSubcategories }),
);

/**
 * Errors that mean "fix your credential or plan": these surface. Anything else (no credential
 * chosen yet, FullStory unreachable) falls back to the offline list.
 */
export function isCredentialProblem(error: unknown): boolean {
	return error instanceof NodeApiError && (error.httpCode === '401' || error.httpCode === '403');
}

/** One List Event Types per execution: the action node checks every item against the same list. */
const loadedPerContext = new WeakMap<object, Promise<AvailableEventTypes>>();

async function load(context: FullStoryContext): Promise<AvailableEventTypes> {
	try {
		const types = await listEventTypes(context);
		// `test` is what the "Test endpoint" button sends; nobody subscribes to it.
		return { types: types.filter((type) => type.eventName !== TEST_EVENT_NAME), source: 'fullstory' };
	} catch (error) {
		if (isCredentialProblem(error)) throw toNodeError(context.getNode(), error);
		context.logger.warn('FullStory event types could not be loaded; using the built-in list', {
			reason: error instanceof Error ? error.message : String(error),
		});
		return { types: [...OFFLINE_EVENT_TYPES], source: 'offline' };
	}
}

export async function availableEventTypes(context: FullStoryContext): Promise<AvailableEventTypes> {
	let loaded = loadedPerContext.get(context);
	if (loaded === undefined) {
		loaded = load(context);
		loadedPerContext.set(context, loaded);
	}
	return await loaded;
}
