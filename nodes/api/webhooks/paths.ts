/** Paths, page limits and the key role of FullStory's Webhooks v1 API (docs/fullstory-api.md §2). */
import type { RoleNeed } from '../account/roles';
import type { ApiPath } from '../../transport/path';
import { pathSegment } from '../../transport/path';

export const PATHS = {
	endpoints: '/webhooks/v1/endpoints',
	eventTypes: '/webhooks/v1/event-types',
} as const;

/** Every Webhooks v1 call, reads included, needs an Admin or Architect key (docs/fullstory-api.md §1). */
export const WEBHOOKS_NEED: RoleNeed = 'adminOrArchitect';

/** The field names the action node shows, so a refused id or name names the field it came from. */
export const SEGMENT_NAMES = { endpointId: 'Endpoint ID', eventName: 'Event Type' } as const;

export function endpointPath(id: string): ApiPath {
	return [PATHS.endpoints, pathSegment(id, SEGMENT_NAMES.endpointId)];
}

export function subcategoriesPath(eventName: string): ApiPath {
	return [PATHS.eventTypes, pathSegment(eventName, SEGMENT_NAMES.eventName), 'subcategories'];
}

/** Documented maximum (and default) page sizes. */
export const PAGE_SIZE = { endpoints: 100, subcategories: 1000 } as const;

/** Hard caps on how many pages one listing may walk, so a looping token cannot run forever. */
export const MAX_PAGES = { endpoints: 50, subcategories: 50 } as const;
