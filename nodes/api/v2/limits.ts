/**
 * What FullStory's v2 APIs accept (docs/fullstory-server-api.md §2.2, §3.2, §4, §8), in one table:
 * the operations check input against it before any call, so a bad value fails with the field's
 * name instead of FullStory's less specific 400, and no request is sent that must fail.
 */
export const V2_LIMITS = {
	/** Your app's user id. */
	uidLength: 256,
	displayNameLength: 256,
	emailLength: 128,
	/** Unique properties of one user or event, nested ones counted by their dotted path. */
	properties: 500,
	/** A property's name, including the dotted path of nested objects. */
	propertyNameLength: 512,
	/** A property's value as JSON; FullStory rejects a longer one. */
	propertyValueBytes: 8192,
	/** Request objects in one import job. */
	batchRequests: 50_000,
	annotationTextLength: 200,
	annotationSourceLength: 40,
	/** Customer-defined session id (`session.uid`). */
	sessionUidLength: 256,
} as const;

/** A property name: a letter, then letters, digits and underscores. */
export const PROPERTY_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The types the optional type schema may give a property. */
export const PROPERTY_TYPES = ['bool', 'bools', 'date', 'dates', 'int', 'ints', 'real', 'reals', 'str', 'strs'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];
