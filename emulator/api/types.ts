/**
 * FullStory's public API shapes as a client sees them (developer.fullstory.com, docs/fullstory-api.md §1, §2).
 * Everything the emulator keeps beyond them (an endpoint's org and secret, key records) is in state/types.ts.
 */

/** Roles reported by `GET /me` (fullstory-api.md §1). Only ADMIN and ARCHITECT may manage webhooks. */
export const ROLES = ['UNKNOWN', 'ADMIN', 'USER', 'VIEW_ONLY', 'UMBRELLA_MANAGER', 'ARCHITECT'] as const;
export type Role = (typeof ROLES)[number];

export interface EventTypeRef {
	eventName: string;
	subcategory?: string;
}

/** The endpoint object of the public API (§2.2). The secret is deliberately not part of it. */
export interface EndpointView {
	id: string;
	created: string;
	modified: string;
	enabled: boolean;
	url: string;
	eventTypes: EventTypeRef[];
}

/** One entry of List Event Types (§2.7). */
export interface EventTypeDef {
	eventName: string;
	displayName: string;
	hasSubcategories: boolean;
}

/** One entry of List Event Subcategories (§2.8). */
export interface SubcategoryDef {
	subcategory: string;
	displayName: string;
}
