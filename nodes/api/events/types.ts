/** FullStory's Events v2 request (docs/fullstory-server-api.md §4), as it is sent: snake_case. */
import type { IDataObject } from 'n8n-workflow';

/** Which user the event belongs to: one of the two ids, never both. */
export type EventUser = { uid: string } | { id: string };

/**
 * Which session it belongs to. `use_most_recent` is only ever sent as `true` (an early API read
 * `false` as true), and `id` never together with a user, which FullStory refuses (§4).
 */
export type EventSession = { id: string } | { use_most_recent: true } | { uid: string };

export interface ServerEvent {
	name: string;
	/** ISO 8601; absent means FullStory's time of receipt. */
	timestamp?: string;
	properties?: IDataObject;
	schema?: { properties: IDataObject };
	user?: EventUser;
	session?: EventSession;
	context?: IDataObject;
}

/** The context groups FullStory knows. */
export const EVENT_CONTEXT_GROUPS = ['browser', 'mobile', 'device', 'location'] as const;
