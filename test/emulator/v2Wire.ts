/**
 * Narrows the v2 APIs' replies in tests (docs/fullstory-server-api.md §2–§4, §8): a reply of the wrong
 * shape fails the test with what it was, instead of being cast.
 */
import { isArrayOf, isBoolean, isInteger, isJsonObject, isOptional, isString, type JsonObject } from '../../emulator/guards';
import type { ApiReply } from '../helpers/emulator';

function narrow<T>(value: unknown, guard: (value: unknown) => value is T, what: string): T {
	if (!guard(value)) throw new Error(`expected ${what}, got ${JSON.stringify(value)}`);
	return value;
}

/** `{id}`: Create and Update User. */
export function idOf(reply: ApiReply): string {
	if (reply.status !== 200) throw new Error(`expected 200 {id}, got ${reply.status} ${reply.text}`);
	return narrow(reply.body, (value): value is { id: string } => isJsonObject(value) && isString(value.id), '{id}').id;
}

export interface UserObject extends JsonObject {
	id: string;
	is_being_deleted: boolean;
	properties: JsonObject;
	app_url: string;
}

export function isUserObject(value: unknown): value is UserObject {
	return (
		isJsonObject(value) &&
		isString(value.id) &&
		isBoolean(value.is_being_deleted) &&
		isJsonObject(value.properties) &&
		isString(value.app_url) &&
		isOptional(value, 'uid', isString) &&
		isOptional(value, 'display_name', isString) &&
		isOptional(value, 'email', isString)
	);
}

export function userOf(reply: ApiReply): UserObject {
	return narrow(reply.body, isUserObject, 'a user object');
}

/** `{results, total_records, next_page_token?}` of List Users and a job's imports and errors. */
export interface ResultsPage {
	results: JsonObject[];
	total_records: string;
	next_page_token?: string;
	app_url?: string;
}

export function pageOf(reply: ApiReply): ResultsPage {
	if (reply.status !== 200) throw new Error(`expected a 200 page, got ${reply.status} ${reply.text}`);
	return narrow(
		reply.body,
		(value): value is ResultsPage =>
			isJsonObject(value) &&
			isArrayOf(value.results, isJsonObject) &&
			isString(value.total_records) &&
			isOptional(value, 'next_page_token', isString) &&
			isOptional(value, 'app_url', isString),
		'a results page',
	);
}

export interface JobObject {
	id: string;
	status: string;
	created: string;
	finished?: string;
}

function isJobObject(value: unknown): value is JobObject {
	return (
		isJsonObject(value) &&
		isString(value.id) &&
		isString(value.status) &&
		isString(value.created) &&
		isOptional(value, 'finished', isString)
	);
}

/** `{job}`: a batch create's answer. */
export function createdJobOf(reply: ApiReply): JobObject {
	if (reply.status !== 200) throw new Error(`expected 200 {job}, got ${reply.status} ${reply.text}`);
	return narrow(reply.body, (value): value is { job: JobObject } => isJsonObject(value) && isJobObject(value.job), '{job}').job;
}

export interface JobStatusReply {
	imports: number;
	errors: number;
	job: JobObject;
}

export function jobStatusOf(reply: ApiReply): JobStatusReply {
	return narrow(
		reply.body,
		(value): value is JobStatusReply =>
			isJsonObject(value) && isInteger(value.imports) && isInteger(value.errors) && isJobObject(value.job),
		'{imports, errors, job}',
	);
}

/** A `{message, code}` error body. */
export function errorOf(reply: ApiReply): { message: string; code: string } {
	return narrow(
		reply.body,
		(value): value is { message: string; code: string } => isJsonObject(value) && isString(value.message) && isString(value.code),
		'an error body',
	);
}
