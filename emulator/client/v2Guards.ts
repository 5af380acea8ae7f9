/** Type guards for the control API's v2 answers (state/v2/types.ts) and the v2 config (state/v2/config.ts). */
import { isArrayOf, isBoolean, isFiniteNumber, isInteger, isJsonObject, isOptional, isRecordOf, isString, isStringArray } from '../guards';
import { isOperation } from '../api/roles';
import { ROLES } from '../api/types';
import { isPropertyType } from '../api/v2/limits';
import {
	JOB_COMPLETIONS,
	JOB_ERROR_REQUESTS,
	JOB_STATUSES_WITH_ERRORS,
	OVERSIZED_VALUE_POLICIES,
	type V2Config,
} from '../state/v2/config';
import {
	JOB_KINDS,
	JOB_STATES,
	type EventSession,
	type EventUser,
	type JobSummary,
	type StoredAnnotation,
	type StoredEvent,
	type StoredUser,
} from '../state/v2/types';

const oneOf = (values: readonly string[], value: unknown): boolean => values.some((known) => known === value);
const isPropertyTypes = (value: unknown): boolean => isRecordOf(value, isPropertyType);

function isRateLimitSetting(value: unknown): boolean {
	return value === null || (isJsonObject(value) && isInteger(value.burst) && isFiniteNumber(value.perSecond));
}

function isRoleOverrides(value: unknown): boolean {
	return (
		isJsonObject(value) &&
		Object.entries(value).every(
			([operation, roles]) => isOperation(operation) && isArrayOf(roles, (role): role is string => oneOf(ROLES, role)),
		)
	);
}

/** The v2 fields of the config (the rest is clientGuards.ts's isEmulatorConfig). */
export function hasV2Config(value: unknown): value is V2Config {
	return (
		isJsonObject(value) &&
		isInteger(value.v2PageSize) &&
		isFiniteNumber(value.userDeleteSeconds) &&
		oneOf(JOB_COMPLETIONS, value.jobCompletion) &&
		isInteger(value.jobDelayMs) &&
		oneOf(JOB_STATUSES_WITH_ERRORS, value.jobStatusWithErrors) &&
		oneOf(JOB_ERROR_REQUESTS, value.jobErrorRequests) &&
		isInteger(value.maxRunningBatches) &&
		isInteger(value.maxInProgressBatches) &&
		isInteger(value.maxInProgressOperations) &&
		isInteger(value.batchRetryAfterSeconds) &&
		isFiniteNumber(value.idempotencyTtlSeconds) &&
		oneOf(OVERSIZED_VALUE_POLICIES, value.oversizedPropertyValue) &&
		isStringArray(value.fullSessions) &&
		isRateLimitSetting(value.rateLimit) &&
		isRoleOverrides(value.roleOverrides)
	);
}

export function isStoredUser(value: unknown): value is StoredUser {
	return (
		isJsonObject(value) &&
		isString(value.orgId) &&
		isString(value.id) &&
		isOptional(value, 'uid', isString) &&
		isOptional(value, 'display_name', isString) &&
		isOptional(value, 'email', isString) &&
		isJsonObject(value.properties) &&
		isPropertyTypes(value.schema) &&
		isString(value.created) &&
		isString(value.updated) &&
		isOptional(value, 'deleteRequested', isString) &&
		isOptional(value, 'purgeAt', isString)
	);
}

function isEventUser(value: unknown): value is EventUser {
	return isJsonObject(value) && isOptional(value, 'id', isString) && isOptional(value, 'uid', isString);
}

function isEventSession(value: unknown): value is EventSession {
	return (
		isJsonObject(value) &&
		isOptional(value, 'id', isString) &&
		isOptional(value, 'uid', isString) &&
		isOptional(value, 'use_most_recent', isBoolean)
	);
}

export function isStoredEvent(value: unknown): value is StoredEvent {
	return (
		isJsonObject(value) &&
		isString(value.orgId) &&
		isInteger(value.seq) &&
		isString(value.received) &&
		(value.source === 'api' || value.source === 'batch') &&
		isOptional(value, 'jobId', isString) &&
		isString(value.name) &&
		isString(value.timestamp) &&
		isOptional(value, 'user', isEventUser) &&
		isOptional(value, 'session', isEventSession) &&
		value.attachedSession === null &&
		isOptional(value, 'context', isJsonObject) &&
		isOptional(value, 'properties', isJsonObject) &&
		(value.schema === undefined || isPropertyTypes(value.schema))
	);
}

export function isStoredAnnotation(value: unknown): value is StoredAnnotation {
	return (
		isJsonObject(value) &&
		isString(value.orgId) &&
		isString(value.received) &&
		isString(value.text) &&
		isString(value.start_time) &&
		isString(value.end_time) &&
		isOptional(value, 'source', isString)
	);
}

export function isJobSummary(value: unknown): value is JobSummary {
	return (
		isJsonObject(value) &&
		isString(value.orgId) &&
		isString(value.id) &&
		oneOf(JOB_KINDS, value.kind) &&
		oneOf(JOB_STATES, value.status) &&
		isString(value.created) &&
		isOptional(value, 'started', isString) &&
		isOptional(value, 'finished', isString) &&
		isInteger(value.requestCount) &&
		isInteger(value.imports) &&
		isInteger(value.errors)
	);
}
