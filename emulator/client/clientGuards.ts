/** Type guards for control API responses, so the client never trusts a shape it did not check. */
import {
	isArrayOf,
	isBoolean,
	isFiniteNumber,
	isInteger,
	isJsonObject,
	isOptional,
	isRecordOf,
	isString,
	type JsonObject,
} from '../guards';
import { ROLES, type EndpointView, type EventTypeDef, type EventTypeRef, type Role } from '../api/types';
import type { CatalogSummary, EmulatorInfo } from '../control/types';
import {
	DELIVERY_STATES,
	type DeliveryAttempt,
	type DeliveryLogEntry,
	type DeliveryResult,
	type DeliveryStatus,
	type DeliveryStatusReport,
	type EndpointDelivery,
} from '../deliveries/types';
import { DELIVERY_RETRY_MODES, ENDPOINT_ID_MODES, RETRY_SIGNATURES, URL_NORMALISATIONS, type EmulatorConfig } from '../state/config';
import {
	BODY_CUTS,
	FAULT_KINDS,
	RETRY_AFTER_FORMATS,
	type ApiKeyRecord,
	type BodyCut,
	type Fault,
	type RequestLogEntry,
	type StoredEndpoint,
} from '../state/types';
import { hasV2Config } from './v2Guards';

const isRole = (value: unknown): value is Role => ROLES.some((role) => role === value);
const isNullableString = (value: unknown): value is string | null => value === null || isString(value);
const isHeaderValue = (value: unknown): value is string | string[] =>
	isString(value) || isArrayOf(value, isString);

export function isEmulatorConfig(value: unknown): value is EmulatorConfig {
	return (
		isJsonObject(value) &&
		isBoolean(value.strict) &&
		isBoolean(value.requireSubcategory) &&
		(value.duplicateUrl === 'reject' || value.duplicateUrl === 'replace') &&
		ENDPOINT_ID_MODES.some((mode) => mode === value.endpointIds) &&
		isInteger(value.deliveryTimeoutMs) &&
		DELIVERY_RETRY_MODES.some((mode) => mode === value.deliveryRetries) &&
		isFiniteNumber(value.retryTimeScale) &&
		RETRY_SIGNATURES.some((choice) => choice === value.retrySignature) &&
		URL_NORMALISATIONS.some((mode) => mode === value.urlNormalisation) &&
		hasV2Config(value)
	);
}

export function isApiKeyRecord(value: unknown): value is ApiKeyRecord {
	return (
		isJsonObject(value) &&
		isString(value.key) &&
		isRole(value.role) &&
		isString(value.orgId) &&
		isString(value.email)
	);
}

export function isEmulatorInfo(value: unknown): value is EmulatorInfo {
	return (
		isJsonObject(value) &&
		isString(value.baseUrl) &&
		isBoolean(value.strict) &&
		isString(value.defaultOrgId) &&
		isEmulatorConfig(value.config) &&
		isArrayOf(
			value.orgs,
			(org): org is EmulatorInfo['orgs'][number] =>
				isJsonObject(org) &&
				isString(org.orgId) &&
				isArrayOf(
					org.keys,
					(key): key is EmulatorInfo['orgs'][number]['keys'][number] =>
						isJsonObject(key) && isString(key.key) && isRole(key.role) && isString(key.email),
				),
		)
	);
}

function isEventTypeRef(value: unknown): value is EventTypeRef {
	return isJsonObject(value) && isString(value.eventName) && isOptional(value, 'subcategory', isString);
}

/** The public endpoint object (§2.2). */
export function isEndpointView(value: unknown): value is EndpointView {
	return (
		isJsonObject(value) &&
		isString(value.id) &&
		isString(value.created) &&
		isString(value.modified) &&
		isBoolean(value.enabled) &&
		isString(value.url) &&
		isArrayOf(value.eventTypes, isEventTypeRef)
	);
}

export function isStoredEndpoint(value: unknown): value is StoredEndpoint {
	return isJsonObject(value) && isEndpointView(value) && isString(value.orgId) && isString(value.secret);
}

export function isEventTypeDef(value: unknown): value is EventTypeDef {
	return (
		isJsonObject(value) &&
		isString(value.eventName) &&
		isString(value.displayName) &&
		isBoolean(value.hasSubcategories)
	);
}

export function isCatalogSummary(value: unknown): value is CatalogSummary {
	return (
		isJsonObject(value) &&
		isString(value.orgId) &&
		isArrayOf(value.eventDefs, isEventTypeDef) &&
		isRecordOf(value.subcategoryCounts, isInteger)
	);
}

export function isFault(value: unknown): value is Fault {
	return (
		isJsonObject(value) &&
		isString(value.id) &&
		FAULT_KINDS.some((kind) => kind === value.kind) &&
		isInteger(value.remaining) &&
		isInteger(value.retryAfterSeconds) &&
		RETRY_AFTER_FORMATS.some((format) => format === value.retryAfterFormat) &&
		isInteger(value.hangMs) &&
		isOptional(value, 'method', isString) &&
		isOptional(value, 'path', isString)
	);
}

export function isRequestLogEntry(value: unknown): value is RequestLogEntry {
	return (
		isJsonObject(value) &&
		isInteger(value.seq) &&
		isString(value.time) &&
		isString(value.method) &&
		isString(value.path) &&
		isRecordOf(value.query, isHeaderValue) &&
		isRecordOf(value.headers, isHeaderValue) &&
		'body' in value &&
		isOptional(value, 'bodyCut', (cut): cut is BodyCut => BODY_CUTS.some((known) => known === cut)) &&
		isOptional(value, 'bodyBytes', isInteger) &&
		(value.status === null || isInteger(value.status)) &&
		isOptional(value, 'fault', (kind): kind is Fault['kind'] => FAULT_KINDS.some((known) => known === kind)) &&
		isOptional(value, 'idempotentReplay', (replay): replay is true => replay === true)
	);
}

function hasAttemptOutcome(value: JsonObject): boolean {
	return (
		isOptional(value, 'status', isInteger) &&
		isOptional(value, 'responseBody', isString) &&
		isOptional(value, 'error', isString)
	);
}

function isDeliveryAttempt(value: unknown): value is DeliveryAttempt {
	return (
		isJsonObject(value) &&
		isString(value.deliveryId) &&
		isNullableString(value.signature) &&
		hasAttemptOutcome(value) &&
		isOptional(value, 'nextAttemptAt', isString)
	);
}

function isEndpointDelivery(value: unknown): value is EndpointDelivery {
	return (
		isJsonObject(value) &&
		isNullableString(value.endpointId) &&
		isString(value.url) &&
		isNullableString(value.signature) &&
		isArrayOf(value.attempts, isDeliveryAttempt)
	);
}

export function isDeliveryResult(value: unknown): value is DeliveryResult {
	return (
		isJsonObject(value) &&
		isString(value.eventName) &&
		isString(value.body) &&
		isArrayOf(value.deliveries, isEndpointDelivery)
	);
}

export function isDeliveryLogEntry(value: unknown): value is DeliveryLogEntry {
	return (
		isJsonObject(value) &&
		isInteger(value.seq) &&
		isString(value.time) &&
		isString(value.deliveryId) &&
		isInteger(value.attempt) &&
		isString(value.orgId) &&
		isString(value.eventName) &&
		isNullableString(value.endpointId) &&
		isString(value.url) &&
		isRecordOf(value.headers, isString) &&
		isString(value.body) &&
		hasAttemptOutcome(value) &&
		isOptional(value, 'dropped', isBoolean)
	);
}

function isDeliveryStatus(value: unknown): value is DeliveryStatus {
	return (
		isJsonObject(value) &&
		isString(value.deliveryId) &&
		isString(value.orgId) &&
		isString(value.eventName) &&
		isNullableString(value.endpointId) &&
		isString(value.url) &&
		isBoolean(value.retry) &&
		DELIVERY_STATES.some((state) => state === value.state) &&
		isInteger(value.attempts) &&
		isOptional(value, 'lastStatus', isInteger) &&
		isOptional(value, 'lastError', isString) &&
		isOptional(value, 'nextAttemptAt', isString)
	);
}

export function isDeliveryStatusReport(value: unknown): value is DeliveryStatusReport {
	return isJsonObject(value) && isInteger(value.pending) && isArrayOf(value.deliveries, isDeliveryStatus);
}
