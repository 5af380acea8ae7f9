/**
 * The request objects of the v2 APIs and their fields (docs/fullstory-server-api.md §1.5, §2.2, §4, §8).
 * Fields are named in FullStory's snake_case; each is also accepted in camelCase, as gRPC-gateway maps
 * both (ASDK sends `displayName`). Reading an object gives it back under the snake_case names; strict
 * mode refuses any other key by name, with advice for the spellings other sources use.
 */
import { invalidArgument } from '../../errors';
import { isJsonObject, type JsonObject } from '../../guards';
import { fail, ok, type Outcome } from '../../http';

export interface ObjectShape {
	/** What the object is, for messages: "Create User", "context.browser". */
	name: string;
	fields: readonly string[];
	/** Keys other sources send, with what to send instead. */
	advice?: Readonly<Record<string, string>>;
}

const BATCH_ADVICE = (path: string) => `a batch import goes to POST ${path} as {"requests": [...]}`;

export const USER_SHAPE: ObjectShape = {
	name: 'Create User',
	fields: ['uid', 'display_name', 'email', 'properties', 'schema'],
	advice: { requests: BATCH_ADVICE('/v2/users/batch') },
};
/** A users batch request may name the user to update (§3.2). */
export const USER_BATCH_ITEM_SHAPE: ObjectShape = { name: 'a users batch request', fields: [...USER_SHAPE.fields, 'id'] };
export const SCHEMA_SHAPE: ObjectShape = { name: 'schema', fields: ['properties'] };

export const EVENT_SHAPE: ObjectShape = {
	name: 'Create Event',
	fields: ['name', 'timestamp', 'properties', 'schema', 'session', 'user', 'context'],
	advice: { requests: BATCH_ADVICE('/v2/events/batch') },
};
export const EVENT_USER_SHAPE: ObjectShape = { name: 'user', fields: ['id', 'uid'] };
export const EVENT_SESSION_SHAPE: ObjectShape = {
	name: 'session',
	fields: ['id', 'uid', 'use_most_recent'],
	advice: { use_recent_session: 'the v2 field is "use_most_recent"' },
};
export const CONTEXT_SHAPE: ObjectShape = {
	name: 'context',
	fields: ['browser', 'mobile', 'device', 'location'],
	advice: { web: 'the field is "browser" (NSDK\'s README says "web", its spec "browser")' },
};
export const BROWSER_SHAPE: ObjectShape = { name: 'context.browser', fields: ['url', 'user_agent', 'initial_referrer'] };
export const MOBILE_SHAPE: ObjectShape = {
	name: 'context.mobile',
	fields: ['app_id', 'app_version', 'app_name', 'build_variant'],
};
export const DEVICE_SHAPE: ObjectShape = {
	name: 'context.device',
	fields: ['manufacturer', 'model', 'screen_width', 'screen_height', 'viewport_width', 'viewport_height'],
};
export const LOCATION_SHAPE: ObjectShape = {
	name: 'context.location',
	fields: ['country', 'region', 'city', 'latitude', 'longitude', 'ip_address'],
};
export const EVENTS_BATCH_SHAPE: ObjectShape = { name: 'Create Events Batch', fields: ['requests', 'shared'] };
export const USERS_BATCH_SHAPE: ObjectShape = { name: 'Create Users Batch', fields: ['requests'] };
export const SHARED_SHAPE: ObjectShape = { name: 'shared', fields: ['context'] };

export const ANNOTATION_SHAPE: ObjectShape = { name: 'Create Annotation', fields: ['text', 'start_time', 'end_time', 'source'] };

export function camelCase(snake: string): string {
	return snake.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function unknownFieldMessage(key: string, shape: ObjectShape, label: string): string {
	const advice = shape.advice !== undefined && Object.hasOwn(shape.advice, key) ? `; ${shape.advice[key]}` : '';
	return `field "${label}${key}" is not a field of ${shape.name} (fields: ${shape.fields.join(', ')})${advice}`;
}

/**
 * The object's fields under their snake_case names (the snake spelling wins when both are sent); null
 * reads as absent, as protobuf JSON has it. `label` prefixes field names in messages (`requests[3].`).
 */
export function readFields(value: unknown, shape: ObjectShape, label: string, strict: boolean): Outcome<JsonObject> {
	if (!isJsonObject(value)) return fail(invalidArgument(`${label === '' ? shape.name : label.slice(0, -1)} must be a JSON object`));
	const fields: JsonObject = {};
	const known = new Set<string>();
	for (const field of shape.fields) {
		for (const key of new Set([field, camelCase(field)])) {
			known.add(key);
			if (fields[field] === undefined && value[key] !== undefined && value[key] !== null) fields[field] = value[key];
		}
	}
	const unknown = strict ? Object.keys(value).find((key) => !known.has(key)) : undefined;
	if (unknown !== undefined) return fail(invalidArgument(unknownFieldMessage(unknown, shape, label)));
	return ok(fields);
}
