/** Narrowing of untrusted JSON from n8n (the harness's own copy: the emulator's guards may change under us). */

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

export function isNumber(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value);
}

export function isArrayOf<T>(value: unknown, guard: (item: unknown) => item is T): value is T[] {
	return Array.isArray(value) && value.every((item) => guard(item));
}

/** True when `key` is absent/null or holds a value the guard accepts. */
export function isOptional<T>(object: JsonObject, key: string, guard: (value: unknown) => value is T): boolean {
	return object[key] === undefined || object[key] === null || guard(object[key]);
}

/** Narrows or throws with the route and a short excerpt, so a changed n8n response shape is obvious. */
export function expectShape<T>(value: unknown, guard: (value: unknown) => value is T, what: string): T {
	if (guard(value)) return value;
	const excerpt = JSON.stringify(value)?.slice(0, 500) ?? String(value);
	throw new Error(`e2e: unexpected response shape for ${what}: ${excerpt}`);
}
