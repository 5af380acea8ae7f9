/** Paths and page limits of FullStory's Webhooks v1 API (docs/fullstory-api.md §2). */

export const PATHS = {
	endpoints: '/webhooks/v1/endpoints',
	eventTypes: '/webhooks/v1/event-types',
} as const;

export function endpointPath(id: string): string {
	return `${PATHS.endpoints}/${encodeURIComponent(id)}`;
}

export function subcategoriesPath(eventName: string): string {
	return `${PATHS.eventTypes}/${encodeURIComponent(eventName)}/subcategories`;
}

/** Documented maximum (and default) page sizes. */
export const PAGE_SIZE = { endpoints: 100, subcategories: 1000 } as const;

/** Hard caps on how many pages one listing may walk, so a looping token cannot run forever. */
export const MAX_PAGES = { endpoints: 50, subcategories: 50 } as const;
