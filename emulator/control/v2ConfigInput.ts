/** The v2 fields of `POST /__emulator/config` (state/v2/config.ts), each checked by name. */
import { invalidArgument } from '../errors';
import { isArrayOf, isFiniteNumber, isInteger, isJsonObject, isStringArray, type JsonObject } from '../guards';
import { fail, ok, type Outcome } from '../http';
import { isOperation, OPERATIONS, type RoleOverrides } from '../api/roles';
import { ROLES, type Role } from '../api/types';
import {
	JOB_COMPLETIONS,
	JOB_ERROR_REQUESTS,
	JOB_STATUSES_WITH_ERRORS,
	OVERSIZED_VALUE_POLICIES,
	type JobCompletion,
	type JobErrorRequests,
	type JobStatusWithErrors,
	type OversizedValuePolicy,
	type RateLimit,
	type V2Config,
} from '../state/v2/config';
import type { FieldReader } from './fieldReader';

/** Bounds that keep a typo from making a page of a million users or a one-minute rate. */
const MAX_PAGE_SIZE = 1000;

const isPositiveInteger = (value: unknown): value is number => isInteger(value) && value > 0;
const isNonNegativeInteger = (value: unknown): value is number => isInteger(value) && value >= 0;
const isNonNegativeNumber = (value: unknown): value is number => isFiniteNumber(value) && value >= 0;
const isPositiveNumber = (value: unknown): value is number => isFiniteNumber(value) && value > 0;
const isPageSize = (value: unknown): value is number => isPositiveInteger(value) && value <= MAX_PAGE_SIZE;
const oneOf =
	<T extends string>(values: readonly T[]) =>
	(value: unknown): value is T =>
		values.some((known) => known === value);
const quoted = (values: readonly string[]): string => values.map((value) => `"${value}"`).join(', ');
const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);
const isRoleOverrides = (value: unknown): value is RoleOverrides =>
	isJsonObject(value) && Object.entries(value).every(([operation, roles]) => isOperation(operation) && isArrayOf(roles, isRole));

function isRateLimit(value: unknown): value is RateLimit {
	return isJsonObject(value) && isPositiveInteger(value.burst) && isPositiveNumber(value.perSecond) && Object.keys(value).length === 2;
}

/** `rateLimit: null` switches the limit off, so null is a value here, not an absence. */
function readRateLimit(object: JsonObject): Outcome<RateLimit | null | undefined> {
	if (!Object.hasOwn(object, 'rateLimit')) return ok(undefined);
	const value = object.rateLimit;
	if (value === null || isRateLimit(value)) return ok(value);
	return fail(invalidArgument('rateLimit must be null or {burst: a positive integer, perSecond: a positive number}'));
}

export function readV2ConfigPatch(object: JsonObject, reader: FieldReader): Outcome<Partial<V2Config>> {
	const rateLimit = readRateLimit(object);
	if (!rateLimit.ok) return rateLimit;
	const patch: Partial<V2Config> = {
		v2PageSize: reader.optional('v2PageSize', isPageSize, `an integer from 1 to ${MAX_PAGE_SIZE}`),
		userDeleteSeconds: reader.optional('userDeleteSeconds', isNonNegativeNumber, 'a number of seconds, 0 or more'),
		jobCompletion: reader.optional('jobCompletion', oneOf<JobCompletion>(JOB_COMPLETIONS), quoted(JOB_COMPLETIONS)),
		jobDelayMs: reader.optional('jobDelayMs', isNonNegativeInteger, 'a non-negative integer'),
		jobStatusWithErrors: reader.optional(
			'jobStatusWithErrors',
			oneOf<JobStatusWithErrors>(JOB_STATUSES_WITH_ERRORS),
			quoted(JOB_STATUSES_WITH_ERRORS),
		),
		jobErrorRequests: reader.optional('jobErrorRequests', oneOf<JobErrorRequests>(JOB_ERROR_REQUESTS), quoted(JOB_ERROR_REQUESTS)),
		maxRunningBatches: reader.optional('maxRunningBatches', isPositiveInteger, 'a positive integer'),
		maxInProgressBatches: reader.optional('maxInProgressBatches', isPositiveInteger, 'a positive integer'),
		maxInProgressOperations: reader.optional('maxInProgressOperations', isPositiveInteger, 'a positive integer'),
		batchRetryAfterSeconds: reader.optional('batchRetryAfterSeconds', isNonNegativeInteger, 'a non-negative integer'),
		idempotencyTtlSeconds: reader.optional('idempotencyTtlSeconds', isPositiveNumber, 'a positive number of seconds'),
		oversizedPropertyValue: reader.optional(
			'oversizedPropertyValue',
			oneOf<OversizedValuePolicy>(OVERSIZED_VALUE_POLICIES),
			quoted(OVERSIZED_VALUE_POLICIES),
		),
		fullSessions: reader.optional('fullSessions', isStringArray, 'an array of session ids ("u:s") or session uids'),
		roleOverrides: reader.optional(
			'roleOverrides',
			isRoleOverrides,
			`an object mapping operations (${OPERATIONS.join(', ')}) to arrays of roles (${ROLES.join(', ')})`,
		),
	};
	if (rateLimit.value !== undefined) patch.rateLimit = rateLimit.value;
	return ok(patch);
}
