/**
 * The FullStory Webhooks v1 shapes this package works with, as documented on
 * developer.fullstory.com (docs/fullstory-api.md §2). Responses reach these types only
 * through the guards in `guards.ts`.
 */
/** One entry of an endpoint's `eventTypes`: an event name, and for some types a subcategory. */
export interface EventSubscription {
	eventName: string;
	/** Opaque value from List Event Subcategories; absent for types without subcategories. */
	subcategory?: string;
}

/** Exactly `{eventName, subcategory?}`: the one shape sent to FullStory and stored. */
export function subscriptionEntry({ eventName, subcategory }: EventSubscription): EventSubscription {
	return subcategory === undefined ? { eventName } : { eventName, subcategory };
}

export interface WebhookEndpoint {
	/** base64url of the URL in every example; changes when the URL changes. */
	id: string;
	url: string;
	enabled: boolean;
	created?: string;
	modified?: string;
	eventTypes: EventSubscription[];
}

export interface EventTypeDefinition {
	eventName: string;
	displayName: string;
	hasSubcategories: boolean;
}

export interface SubcategoryDefinition {
	subcategory: string;
	displayName: string;
}

/** The write shape of Create Endpoint: exactly the documented fields, nothing else. */
export interface EndpointCreateBody {
	url: string;
	eventTypes: EventSubscription[];
	secret: string;
}

/** The write shape of Update Endpoint. `disabled` is always sent (absent would re-enable). */
export interface EndpointUpdateBody {
	url?: string;
	eventTypes?: EventSubscription[];
	secret?: string;
	disabled: boolean;
}
