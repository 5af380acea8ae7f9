/**
 * Checks of what a v2 user or event carries, against V2_LIMITS, before any call: property names,
 * how many, how long their values are, the optional type schema, and timestamps. Each returns the
 * first problem in words (naming the property), or undefined when all is well.
 */
import type { IDataObject } from 'n8n-workflow';

import { isRecord } from '../../transport/guards';
import { PROPERTY_NAME, PROPERTY_TYPES, V2_LIMITS } from './limits';

/** The leaf properties (nested objects walked), each with its dotted path and value. */
function leaves(properties: IDataObject, prefix = ''): Array<{ path: string; name: string; value: unknown }> {
	return Object.entries(properties).flatMap(([name, value]) => {
		const path = prefix === '' ? name : `${prefix}.${name}`;
		return isRecord(value) && Object.keys(value).length > 0 ? leaves(value, path) : [{ path, name, value }];
	});
}

/** A text value's own bytes (UTF-8), any other value's as JSON. */
function byteLength(value: unknown): number {
	return new TextEncoder().encode(typeof value === 'string' ? value : (JSON.stringify(value) ?? '')).length;
}

export function propertiesProblem(properties: IDataObject): string | undefined {
	const all = leaves(properties);
	if (all.length > V2_LIMITS.properties) {
		return `${all.length} properties, more than the ${V2_LIMITS.properties} FullStory keeps for one user or event`;
	}
	for (const { path, value } of all) {
		const badName = path.split('.').find((segment) => !PROPERTY_NAME.test(segment));
		if (badName !== undefined) {
			return `property "${path}": "${badName}" is not a valid name (a letter, then letters, digits or underscores)`;
		}
		if (path.length > V2_LIMITS.propertyNameLength) {
			return `property "${path.slice(0, 60)}…": its name is longer than ${V2_LIMITS.propertyNameLength} characters`;
		}
		if (value === undefined) return `property "${path}" has no value`;
		if (byteLength(value) > V2_LIMITS.propertyValueBytes) {
			return `property "${path}": its value is longer than ${V2_LIMITS.propertyValueBytes} bytes`;
		}
	}
	return undefined;
}

/** `{ name: type }`, names as dotted paths, types from PROPERTY_TYPES. */
export function typeSchemaProblem(schema: IDataObject): string | undefined {
	for (const [path, type] of Object.entries(schema)) {
		if (!path.split('.').every((segment) => PROPERTY_NAME.test(segment))) return `"${path}" is not a valid property name`;
		if (!PROPERTY_TYPES.some((known) => known === type)) {
			return `"${path}": "${String(type)}" is not a FullStory type (one of ${PROPERTY_TYPES.join(', ')})`;
		}
	}
	return undefined;
}

/** An ISO 8601 timestamp in its canonical form, or undefined when it is not one. */
export function isoTimestamp(value: string): string | undefined {
	// Date.parse also takes loose forms ("March 7"); FullStory documents ISO 8601.
	if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim())) return undefined;
	const time = Date.parse(value.trim());
	return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
