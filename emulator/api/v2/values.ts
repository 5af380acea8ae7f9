/**
 * Checks of single v2 field values, each failing with a 400 that names the field
 * (docs/fullstory-server-api.md §2.2, §4, §8, §13.15). Limits come from limits.ts.
 */
import { invalidArgument } from '../../errors';
import { isBoolean, isFiniteNumber, isInteger, isJsonObject, isString, type JsonObject } from '../../guards';
import { fail, ok, type Outcome } from '../../http';

/** A string of at most `maxChars` characters (code points, as a proto string counts them), or absent. */
export function optionalString(fields: JsonObject, name: string, label: string, maxChars?: number): Outcome<string | undefined> {
	const value = fields[name];
	if (value === undefined) return ok(undefined);
	if (!isString(value)) return fail(invalidArgument(`${label}${name} must be a string`));
	if (maxChars !== undefined && [...value].length > maxChars) {
		return fail(invalidArgument(`${label}${name} must be at most ${maxChars} characters, got ${[...value].length}`));
	}
	return ok(value);
}

/** A reader of one optional field of a JSON type: the value, absent, or a 400 saying what it must be. */
function optionalOf<T>(guard: (value: unknown) => value is T, expected: string) {
	return (fields: JsonObject, name: string, label: string): Outcome<T | undefined> => {
		const value = fields[name];
		if (value === undefined || guard(value)) return ok(value);
		return fail(invalidArgument(`${label}${name} must be ${expected}`));
	};
}

export const optionalBoolean = optionalOf(isBoolean, 'a boolean');
export const optionalInteger = optionalOf(isInteger, 'an integer');
export const optionalNumber = optionalOf(isFiniteNumber, 'a number');
export const optionalObject = optionalOf(isJsonObject, 'a JSON object');

/**
 * RFC 3339, the ISO 8601 profile protobuf's Timestamp reads: date, time and offset. `Date.parse` alone would
 * take loose forms ("March 7") a real API refuses.
 */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

export function optionalTimestamp(fields: JsonObject, name: string, label: string): Outcome<string | undefined> {
	const value = fields[name];
	if (value === undefined) return ok(undefined);
	if (!isString(value) || !RFC3339.test(value) || Number.isNaN(Date.parse(value))) {
		return fail(invalidArgument(`${label}${name} must be an ISO 8601 timestamp such as 2024-06-29T14:23:23Z, got ${JSON.stringify(value)}`));
	}
	return ok(value);
}
