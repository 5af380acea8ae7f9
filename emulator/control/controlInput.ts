/** Parsing of control API bodies into typed requests; every error names the offending field. */
import { TEST_EVENT } from '../deliveries/deliveryPlan';
import { invalidArgument } from '../errors';
import { FieldReader } from './fieldReader';
import {
	isArrayOf,
	isBoolean,
	isFiniteNumber,
	isInteger,
	isJsonObject,
	isRecordOf,
	isString,
	isStringArray,
	type JsonObject,
} from '../guards';
import { fail, ok, type Outcome } from '../http';
import { isRetryTimeScale } from '../deliveries/retryPolicy';
import { ROLES, type EventTypeDef, type Role, type SubcategoryDef } from '../api/types';
import type { DeliveryOptions, DeliveryRequest, DeliveryTarget, TimestampUnit } from '../deliveries/types';
import {
	DELIVERY_RETRY_MODES,
	ENDPOINT_ID_MODES,
	RETRY_SIGNATURES,
	URL_NORMALISATIONS,
	type DeliveryRetryMode,
	type DuplicateUrlPolicy,
	type EmulatorConfig,
	type EndpointIdMode,
	type RetrySignature,
	type UrlNormalisation,
} from '../state/config';
import {
	FAULT_KINDS,
	RETRY_AFTER_FORMATS,
	type FaultKind,
	type FaultSpec,
	type RetryAfterFormat,
} from '../state/types';
import type { CatalogUpdate, KeySpec } from './types';
import { readV2ConfigPatch } from './v2ConfigInput';

/** A bound that keeps a typo (say, a million redeliveries) from hanging a test run. */
const MAX_TIMES = 100;
const MAX_GENERATED_SUBCATEGORIES = 100_000;

const isNonEmptyString = (value: unknown): value is string => isString(value) && value !== '';
const isPositiveInteger = (value: unknown): value is number => isInteger(value) && value > 0;
const isNonNegativeInteger = (value: unknown): value is number => isInteger(value) && value >= 0;
const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);
const isFaultKind = (value: unknown): value is FaultKind => FAULT_KINDS.some((kind) => kind === value);
const isDuplicatePolicy = (value: unknown): value is DuplicateUrlPolicy =>
	value === 'reject' || value === 'replace';
const isEndpointIdMode = (value: unknown): value is EndpointIdMode =>
	ENDPOINT_ID_MODES.some((mode) => mode === value);
const isRetryAfterFormat = (value: unknown): value is RetryAfterFormat =>
	RETRY_AFTER_FORMATS.some((format) => format === value);
const isDeliveryRetryMode = (value: unknown): value is DeliveryRetryMode =>
	DELIVERY_RETRY_MODES.some((mode) => mode === value);
const isRetrySignature = (value: unknown): value is RetrySignature =>
	RETRY_SIGNATURES.some((choice) => choice === value);
const isUrlNormalisation = (value: unknown): value is UrlNormalisation =>
	URL_NORMALISATIONS.some((mode) => mode === value);

/** Wire names look like `session.highlight`; anything else could not sit in a path segment unencoded. */
const isEventName = (value: unknown): value is string => isString(value) && /^[A-Za-z0-9_.-]+$/.test(value);
const isTimestampUnit = (value: unknown): value is TimestampUnit => value === 's' || value === 'ms';
const isHeaderName = (value: unknown): value is string =>
	isString(value) && /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(value);
const isPath = (value: unknown): value is string => isString(value) && value.startsWith('/');
const isTimesCount = (value: unknown): value is number => isPositiveInteger(value) && value <= MAX_TIMES;
const isGeneratedCount = (value: unknown): value is number =>
	isNonNegativeInteger(value) && value <= MAX_GENERATED_SUBCATEGORIES;
const isHttpUrl = (value: unknown): value is string => {
	if (!isString(value)) return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
};
const isSubcategoryDef = (value: unknown): value is SubcategoryDef =>
	isJsonObject(value) && isNonEmptyString(value.subcategory) && isString(value.displayName);

function asObject(body: unknown): Outcome<JsonObject> {
	return isJsonObject(body) ? ok(body) : fail(invalidArgument('request body must be a JSON object'));
}

export function parseConfigPatch(body: unknown): Outcome<Partial<EmulatorConfig>> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const patch: Partial<EmulatorConfig> = {
		strict: reader.optional('strict', isBoolean, 'a boolean'),
		requireSubcategory: reader.optional('requireSubcategory', isBoolean, 'a boolean'),
		duplicateUrl: reader.optional('duplicateUrl', isDuplicatePolicy, '"reject" or "replace"'),
		endpointIds: reader.optional('endpointIds', isEndpointIdMode, '"url" or "opaque"'),
		deliveryTimeoutMs: reader.optional('deliveryTimeoutMs', isPositiveInteger, 'a positive integer'),
		deliveryRetries: reader.optional('deliveryRetries', isDeliveryRetryMode, '"off" or "fullstory"'),
		retryTimeScale: reader.optional('retryTimeScale', isRetryTimeScale, 'a number greater than 0, at most 1'),
		retrySignature: reader.optional('retrySignature', isRetrySignature, '"same" or "fresh"'),
		urlNormalisation: reader.optional('urlNormalisation', isUrlNormalisation, URL_NORMALISATIONS.map((mode) => `"${mode}"`).join(', ')),
	};
	const v2 = readV2ConfigPatch(object.value, reader);
	if (!v2.ok) return v2;
	Object.assign(patch, v2.value);
	if (reader.error !== undefined) return reader.failure();
	return ok(Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)));
}

export function parseKeySpec(body: unknown): Outcome<KeySpec> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const key = reader.required('key', isNonEmptyString, 'a non-empty string');
	const role = reader.required('role', isRole, `one of ${ROLES.join(', ')}`);
	const orgId = reader.required('orgId', isNonEmptyString, 'a non-empty string');
	const email = reader.optional('email', isString, 'a string');
	if (key === undefined || role === undefined || orgId === undefined || reader.error !== undefined) {
		return reader.failure();
	}
	return ok({ key, role, orgId, email: email ?? '' });
}

export function parseRevokedKey(body: unknown): Outcome<string> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const key = reader.required('key', isNonEmptyString, 'a non-empty string');
	return key === undefined ? reader.failure() : ok(key);
}

function parseAddedEventType(value: unknown, index: number): Outcome<EventTypeDef> {
	const label = `addEventTypes[${index}]`;
	if (!isJsonObject(value)) {
		return fail(invalidArgument(`${label} must be an object {eventName, displayName, hasSubcategories}`));
	}
	const reader = new FieldReader(value, `${label}.`);
	const eventName = reader.required('eventName', isEventName, 'an event name of letters, digits, "." "_" "-"');
	const displayName = reader.required('displayName', isNonEmptyString, 'a non-empty string');
	const hasSubcategories = reader.required('hasSubcategories', isBoolean, 'a boolean');
	if (eventName === undefined || displayName === undefined || hasSubcategories === undefined) {
		return reader.failure();
	}
	// The UI's ping is delivered only to a target, never to subscribers (§4.8), so it cannot be a catalog type.
	if (eventName === TEST_EVENT) return fail(invalidArgument(`${label}.eventName "${TEST_EVENT}" is reserved`));
	return ok({ eventName, displayName, hasSubcategories });
}

function parseAddedEventTypes(value: unknown): Outcome<EventTypeDef[] | undefined> {
	if (value === undefined || value === null) return ok(undefined);
	if (!Array.isArray(value)) {
		return fail(invalidArgument('addEventTypes must be an array of {eventName, displayName, hasSubcategories}'));
	}
	const defs: EventTypeDef[] = [];
	for (const [index, entry] of value.entries()) {
		const def = parseAddedEventType(entry, index);
		if (!def.ok) return def;
		if (defs.some((earlier) => earlier.eventName === def.value.eventName)) {
			return fail(invalidArgument(`addEventTypes names ${def.value.eventName} more than once`));
		}
		defs.push(def.value);
	}
	return ok(defs);
}

/** Shape only: which names exist is up to the org's catalog (catalogUpdate.ts). */
export function parseCatalogUpdate(body: unknown): Outcome<CatalogUpdate> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const fields = {
		orgId: reader.optional('orgId', isNonEmptyString, 'a non-empty string'),
		hasSubcategories: reader.optional(
			'hasSubcategories',
			(value): value is Record<string, boolean> => isRecordOf(value, isBoolean),
			'an object mapping event names to booleans',
		),
		eventNames: reader.optional('eventNames', isStringArray, 'an array of event names'),
		subcategories: reader.optional(
			'subcategories',
			(value): value is Record<string, SubcategoryDef[]> =>
				isRecordOf(value, (defs): defs is SubcategoryDef[] => isArrayOf(defs, isSubcategoryDef)),
			'an object mapping event names to [{subcategory, displayName}] lists',
		),
		generateSubcategories: reader.optional(
			'generateSubcategories',
			(value): value is Record<string, number> => isRecordOf(value, isGeneratedCount),
			`an object mapping event names to counts (0 to ${MAX_GENERATED_SUBCATEGORIES})`,
		),
	};
	if (reader.error !== undefined) return reader.failure();
	const generated = Object.keys(fields.generateSubcategories ?? {});
	const both = Object.keys(fields.subcategories ?? {}).filter((name) => generated.includes(name));
	if (both.length > 0) {
		return fail(
			invalidArgument(`give either subcategories or generateSubcategories for ${both.join(', ')}, not both`),
		);
	}
	const addEventTypes = parseAddedEventTypes(object.value.addEventTypes);
	if (!addEventTypes.ok) return addEventTypes;
	return ok({ ...fields, addEventTypes: addEventTypes.value });
}

export function parseFaultSpec(body: unknown): Outcome<FaultSpec> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const kind = reader.required('kind', isFaultKind, `one of ${FAULT_KINDS.join(', ')}`);
	const spec = {
		method: reader.optional('method', isNonEmptyString, 'an HTTP method'),
		path: reader.optional('path', isPath, 'a path starting with "/" (a trailing "*" matches a prefix)'),
		count: reader.optional('count', isPositiveInteger, 'a positive integer'),
		retryAfterSeconds: reader.optional('retryAfterSeconds', isNonNegativeInteger, 'a non-negative integer'),
		retryAfterFormat: reader.optional('retryAfterFormat', isRetryAfterFormat, '"seconds" or "http-date"'),
		hangMs: reader.optional('hangMs', isNonNegativeInteger, 'a non-negative integer'),
	};
	if (kind === undefined || reader.error !== undefined) return reader.failure();
	return ok({ ...spec, kind });
}

function parseTarget(value: unknown): Outcome<DeliveryTarget | undefined> {
	if (value === undefined || value === null) return ok(undefined);
	if (!isJsonObject(value)) return fail(invalidArgument('target must be an object {endpointId?, url?, secret?}'));
	const reader = new FieldReader(value, 'target.');
	const target: DeliveryTarget = {
		endpointId: reader.optional('endpointId', isNonEmptyString, 'a non-empty string'),
		url: reader.optional('url', isHttpUrl, 'an absolute http or https URL'),
		secret: reader.optional('secret', isString, 'a string'),
	};
	return reader.error === undefined ? ok(target) : reader.failure();
}

function parseDeliveryOptions(value: unknown): Outcome<DeliveryOptions> {
	if (value === undefined || value === null) return ok({});
	if (!isJsonObject(value)) return fail(invalidArgument('options must be an object'));
	const reader = new FieldReader(value, 'options.');
	const options: DeliveryOptions = {
		times: reader.optional('times', isTimesCount, `an integer from 1 to ${MAX_TIMES}`),
		resign: reader.optional('resign', isBoolean, 'a boolean'),
		drop: reader.optional('drop', isBoolean, 'a boolean'),
		wrongSecret: reader.optional('wrongSecret', isBoolean, 'a boolean'),
		timestamp: reader.optional('timestamp', isNonEmptyString, 'a non-empty string'),
		timestampOffsetSeconds: reader.optional('timestampOffsetSeconds', isFiniteNumber, 'a number'),
		timestampUnit: reader.optional('timestampUnit', isTimestampUnit, '"s" or "ms"'),
		headerName: reader.optional('headerName', isHeaderName, 'an HTTP header name'),
		omitSignature: reader.optional('omitSignature', isBoolean, 'a boolean'),
		tamperBody: reader.optional('tamperBody', isBoolean, 'a boolean'),
	};
	return reader.error === undefined ? ok(options) : reader.failure();
}

export function parseDeliveryRequest(body: unknown): Outcome<DeliveryRequest> {
	const object = asObject(body);
	if (!object.ok) return object;
	const reader = new FieldReader(object.value);
	const eventName = reader.required('eventName', isNonEmptyString, 'a non-empty string');
	const fields = {
		data: reader.optional('data', isJsonObject, 'an object'),
		subcategory: reader.optional('subcategory', isNonEmptyString, 'a non-empty string'),
		orgId: reader.optional('orgId', isNonEmptyString, 'a non-empty string'),
		body: reader.optional('body', isString, 'a string'),
		retry: reader.optional('retry', isBoolean, 'a boolean'),
	};
	if (eventName === undefined || reader.error !== undefined) return reader.failure();
	const target = parseTarget(object.value.target);
	if (!target.ok) return target;
	const options = parseDeliveryOptions(object.value.options);
	if (!options.ok) return options;
	return ok({ eventName, ...fields, target: target.value, options: options.value });
}
