/**
 * The body of Create Event and of an events batch request (docs/fullstory-server-api.md §4, §13.8):
 * `name` required; `user` and `session` as the docs combine them; `context` in its four documented parts;
 * properties and schema as for users. Read in snake_case or camelCase; given back in snake_case.
 */
import { invalidArgument, requiredField } from '../../errors';
import { isString, type JsonObject } from '../../guards';
import { fail, ok, type Outcome } from '../../http';
import type { EmulatorConfig } from '../../state/config';
import type { EventSession, EventUser, PropertyTypes } from '../../state/v2/types';
import {
	BROWSER_SHAPE,
	CONTEXT_SHAPE,
	DEVICE_SHAPE,
	EVENT_SESSION_SHAPE,
	EVENT_SHAPE,
	EVENT_USER_SHAPE,
	LOCATION_SHAPE,
	MOBILE_SHAPE,
	readFields,
	type ObjectShape,
} from './fields';
import { V2_LIMITS } from './limits';
import { readPropertiesAndSchema } from './properties';
import { optionalBoolean, optionalInteger, optionalNumber, optionalObject, optionalString, optionalTimestamp } from './values';

export interface EventInput {
	name: string;
	timestamp?: string;
	user?: EventUser;
	session?: EventSession;
	context?: JsonObject;
	properties?: JsonObject;
	schema?: PropertyTypes;
}

/** `{userId}:{sessionId}` (§1.6), raw: a `%3A` belongs in paths, not in a JSON body. */
const SESSION_ID = /^[^:\s]+:[^:\s]+$/;

type Check = (fields: JsonObject, name: string, label: string) => Outcome<unknown>;
const text: Check = (fields, name, label) => optionalString(fields, name, label);

/** Each part of `context`, with the check of each of its fields. */
const CONTEXT_PARTS: ReadonlyArray<{ shape: ObjectShape; key: string; checks: Record<string, Check> }> = [
	{ key: 'browser', shape: BROWSER_SHAPE, checks: { url: text, user_agent: text, initial_referrer: text } },
	{ key: 'mobile', shape: MOBILE_SHAPE, checks: { app_id: text, app_version: text, app_name: text, build_variant: text } },
	{
		key: 'device',
		shape: DEVICE_SHAPE,
		checks: {
			manufacturer: text,
			model: text,
			screen_width: optionalInteger,
			screen_height: optionalInteger,
			viewport_width: optionalInteger,
			viewport_height: optionalInteger,
		},
	},
	{
		key: 'location',
		shape: LOCATION_SHAPE,
		checks: { country: text, region: text, city: text, latitude: optionalNumber, longitude: optionalNumber, ip_address: text },
	},
];

/** `context` (or an events batch's `shared.context`) in its documented parts, under snake_case names. */
export function parseContext(value: unknown, label: string, strict: boolean): Outcome<JsonObject> {
	const context = readFields(value, CONTEXT_SHAPE, `${label}context.`, strict);
	if (!context.ok) return context;
	const parsed: JsonObject = {};
	for (const part of CONTEXT_PARTS) {
		if (context.value[part.key] === undefined) continue;
		const partLabel = `${label}context.${part.key}.`;
		const fields = readFields(context.value[part.key], part.shape, partLabel, strict);
		if (!fields.ok) return fields;
		for (const [name, check] of Object.entries(part.checks)) {
			const checked = check(fields.value, name, partLabel);
			if (!checked.ok) return checked;
		}
		parsed[part.key] = fields.value;
	}
	return ok(parsed);
}

function parseUser(value: unknown, label: string, strict: boolean): Outcome<EventUser | undefined> {
	if (value === undefined) return ok(undefined);
	const fields = readFields(value, EVENT_USER_SHAPE, `${label}user.`, strict);
	if (!fields.ok) return fields;
	const id = optionalString(fields.value, 'id', `${label}user.`);
	if (!id.ok) return id;
	const uid = optionalString(fields.value, 'uid', `${label}user.`, V2_LIMITS.uidChars);
	if (!uid.ok) return uid;
	return ok({
		...(id.value === undefined || id.value === '' ? {} : { id: id.value }),
		...(uid.value === undefined || uid.value === '' ? {} : { uid: uid.value }),
	});
}

function parseSession(value: unknown, label: string, strict: boolean): Outcome<EventSession | undefined> {
	if (value === undefined) return ok(undefined);
	const sessionLabel = `${label}session.`;
	const fields = readFields(value, EVENT_SESSION_SHAPE, sessionLabel, strict);
	if (!fields.ok) return fields;
	const id = optionalString(fields.value, 'id', sessionLabel);
	if (!id.ok) return id;
	if (id.value !== undefined && id.value !== '' && !SESSION_ID.test(id.value)) {
		return fail(invalidArgument(`${sessionLabel}id must be "{userId}:{sessionId}", got ${JSON.stringify(id.value)}`));
	}
	const uid = optionalString(fields.value, 'uid', sessionLabel, V2_LIMITS.uidChars);
	if (!uid.ok) return uid;
	const useMostRecent = optionalBoolean(fields.value, 'use_most_recent', sessionLabel);
	if (!useMostRecent.ok) return useMostRecent;
	if (strict && useMostRecent.value === false) {
		// Segment reports `false` read as true by the early v2 API (§4): a client should leave it out.
		return fail(invalidArgument(`${sessionLabel}use_most_recent: false has been read as true by FullStory; leave the field out instead`));
	}
	return ok({
		...(id.value === undefined || id.value === '' ? {} : { id: id.value }),
		...(uid.value === undefined || uid.value === '' ? {} : { uid: uid.value }),
		...(useMostRecent.value === undefined ? {} : { use_most_recent: useMostRecent.value }),
	});
}

/** The documented combinations of `user` and `session` (§4, §13.8). */
function combinationProblem(user: EventUser | undefined, session: EventSession | undefined, label: string): string | undefined {
	const userFields = user === undefined ? 0 : Object.keys(user).length;
	if (session?.id !== undefined && userFields > 0) {
		return `${label}user is not accepted together with ${label}session.id: the session already names its user`;
	}
	if (session?.use_most_recent === true && userFields !== 1) {
		return `${label}session.use_most_recent needs exactly one of ${label}user.uid and ${label}user.id, got ${userFields}`;
	}
	return undefined;
}

export function parseEventInput(body: unknown, config: EmulatorConfig, label = ''): Outcome<EventInput> {
	const fields = readFields(body, EVENT_SHAPE, label, config.strict);
	if (!fields.ok) return fields;
	const { name } = fields.value;
	if (name === undefined || name === '') return fail(requiredField(`${label}name is required`));
	if (!isString(name)) return fail(invalidArgument(`${label}name must be a string`));
	const timestamp = optionalTimestamp(fields.value, 'timestamp', label);
	if (!timestamp.ok) return timestamp;
	const user = parseUser(fields.value.user, label, config.strict);
	if (!user.ok) return user;
	const session = parseSession(fields.value.session, label, config.strict);
	if (!session.ok) return session;
	const problem = combinationProblem(user.value, session.value, label);
	if (problem !== undefined) return fail(invalidArgument(problem));
	const input: EventInput = { name };
	if (timestamp.value !== undefined) input.timestamp = timestamp.value;
	if (user.value !== undefined && Object.keys(user.value).length > 0) input.user = user.value;
	if (session.value !== undefined && Object.keys(session.value).length > 0) input.session = session.value;
	const context = optionalObject(fields.value, 'context', label);
	if (!context.ok) return context;
	if (context.value !== undefined) {
		const parsed = parseContext(context.value, label, config.strict);
		if (!parsed.ok) return parsed;
		input.context = parsed.value;
	}
	const typed = readPropertiesAndSchema(fields.value, label, config);
	if (!typed.ok) return typed;
	return ok({ ...input, ...typed.value });
}
