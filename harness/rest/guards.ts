/** Narrowing of untrusted JSON from n8n. */

import type { JsonObject } from '../../emulator/guards';

// The primitive guards are the emulator's; only what differs for n8n's answers lives here.
export { isArrayOf, isBoolean, isFiniteNumber as isNumber, isJsonObject, isString } from '../../emulator/guards';
export type { JsonObject };

/** True when `key` is absent/null or holds a value the guard accepts (n8n sends nulls for unset fields). */
export function isOptional<T>(object: JsonObject, key: string, guard: (value: unknown) => value is T): boolean {
	return object[key] === undefined || object[key] === null || guard(object[key]);
}

/** Narrows or throws with the route and a short excerpt, so a changed n8n response shape is obvious. */
export function expectShape<T>(value: unknown, guard: (value: unknown) => value is T, what: string): T {
	if (guard(value)) return value;
	const excerpt = JSON.stringify(value)?.slice(0, 500) ?? String(value);
	throw new Error(`e2e: unexpected response shape for ${what}: ${excerpt}`);
}
