/**
 * The numbers FullStory documents for its v2 Users, Events, batch import and Annotations APIs
 * (docs/fullstory-server-api.md §2.2, §3.2, §4, §8), in one table read by every check that needs one.
 */
export const V2_LIMITS = {
	/** `uid` of a user (§2.2), `user.uid` and `session.uid` of an event (§4). */
	uidChars: 256,
	displayNameChars: 256,
	emailChars: 128,
	/** Unique properties of one user or event; a nested object's leaves count one each, by dotted path. */
	propertyCount: 500,
	/** A property's dotted path. */
	propertyPathChars: 512,
	/** A property's value: "otherwise the property will be rejected". */
	propertyValueBytes: 8192,
	/** Request objects of one batch import job (§3.2). */
	batchRequests: 50_000,
	annotationTextChars: 200,
	annotationSourceChars: 40,
} as const;

/**
 * Not a FullStory number: the request body cap of the batch routes. The 1 MiB of every other route would
 * refuse a realistic 50,000-user batch, so a client's chunking could never be tried against the real limit.
 */
export const BATCH_MAX_BODY_BYTES = 64 * 1024 * 1024;

/** One segment of a property name (§2.2); nested objects join segments with dots. */
export const PROPERTY_NAME_SEGMENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The types `schema.properties` may give a property [FS-CODE ASDK]. */
export const PROPERTY_TYPES = ['bool', 'bools', 'date', 'dates', 'int', 'ints', 'real', 'reals', 'str', 'strs'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

export function isPropertyType(value: unknown): value is PropertyType {
	return PROPERTY_TYPES.some((type) => type === value);
}
