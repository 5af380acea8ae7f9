/** Narrowing of untrusted JSON, shared by request parsing and the control client. */

export type JsonObject = { [key: string]: unknown };

export function isJsonObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isString(value: unknown): value is string {
	return typeof value === 'string';
}

export function isBoolean(value: unknown): value is boolean {
	return typeof value === 'boolean';
}

export function isFiniteNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function isInteger(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value);
}

export function isStringArray(value: unknown): value is string[] {
	return Array.isArray(value) && value.every(isString);
}

export function isArrayOf<T>(value: unknown, guard: (item: unknown) => item is T): value is T[] {
	return Array.isArray(value) && value.every((item) => guard(item));
}

/** True when `key` is absent or holds a value the guard accepts. */
export function isOptional<T>(
	object: JsonObject,
	key: string,
	guard: (value: unknown) => value is T,
): boolean {
	return object[key] === undefined || guard(object[key]);
}

export function isRecordOf<T>(
	value: unknown,
	guard: (item: unknown) => item is T,
): value is Record<string, T> {
	return isJsonObject(value) && Object.values(value).every((item) => guard(item));
}

/** The first of several spellings that is present (documented camelCase before proto snake_case). */
export function firstPresent(object: JsonObject, ...keys: string[]): unknown {
	for (const key of keys) {
		if (object[key] !== undefined && object[key] !== null) return object[key];
	}
	return undefined;
}

/** Duck-typed, not `instanceof Error`: errors raised inside Node may come from another realm (jest's vm). */
export function errorMessage(error: unknown): string {
	if (isJsonObject(error) && isString(error.message)) return error.message;
	return String(error);
}
