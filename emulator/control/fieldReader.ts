/** Reads typed fields out of an untrusted JSON object, keeping the first error (which names the field). */
import { invalidArgument, requiredField } from '../errors';
import type { JsonObject } from '../guards';
import { fail, type JsonResponse } from '../http';

export class FieldReader {
	error: JsonResponse | undefined;

	constructor(
		private readonly object: JsonObject,
		private readonly prefix = '',
	) {}

	optional<T>(key: string, guard: (value: unknown) => value is T, expected: string): T | undefined {
		const value = this.object[key];
		if (value === undefined || value === null) return undefined;
		if (guard(value)) return value;
		this.error ??= invalidArgument(`${this.prefix}${key} must be ${expected}`);
		return undefined;
	}

	required<T>(key: string, guard: (value: unknown) => value is T, expected: string): T | undefined {
		const value = this.object[key];
		if (value === undefined || value === null || value === '') {
			this.error ??= requiredField(`${this.prefix}${key} is required`);
			return undefined;
		}
		return this.optional(key, guard, expected);
	}

	failure(): { ok: false; error: JsonResponse } {
		return fail(this.error ?? invalidArgument('invalid request'));
	}
}
