/**
 * `properties` and `schema` of a user or an event (docs/fullstory-server-api.md §2.2): at most 500 leaf
 * properties (nested objects counted by dotted path), names of `[A-Za-z][A-Za-z0-9_]*` segments up to
 * 512 characters in all, values up to 8192 bytes (config `oversizedPropertyValue`: drop the property, or
 * refuse the request), and a schema naming one of the ten types for a property.
 */
import { invalidArgument } from '../../errors';
import { isArrayOf, isBoolean, isFiniteNumber, isInteger, isJsonObject, isString, type JsonObject } from '../../guards';
import { fail, ok, type Outcome } from '../../http';
import { isPropertyType, PROPERTY_NAME_SEGMENT, PROPERTY_TYPES, V2_LIMITS, type PropertyType } from './limits';
import { readFields, SCHEMA_SHAPE } from './fields';
import type { OversizedValuePolicy } from '../../state/v2/config';
import type { PropertyTypes } from '../../state/v2/types';

interface Leaf {
	path: string[];
	value: unknown;
}

/** The leaves of a properties object; an empty nested object is a leaf of its own. */
function leavesOf(object: JsonObject, prefix: string[] = []): Leaf[] {
	return Object.entries(object).flatMap(([name, value]) =>
		isJsonObject(value) && Object.keys(value).length > 0 ? leavesOf(value, [...prefix, name]) : [{ path: [...prefix, name], value }],
	);
}

function valueBytes(value: unknown): number {
	return Buffer.byteLength(isString(value) ? value : JSON.stringify(value), 'utf8');
}

function withoutLeaf(object: JsonObject, path: string[]): JsonObject {
	const [head, ...rest] = path;
	const copy = { ...object };
	const child = copy[head];
	if (rest.length === 0 || !isJsonObject(child)) {
		delete copy[head];
		return copy;
	}
	const pruned = withoutLeaf(child, rest);
	if (Object.keys(pruned).length === 0) delete copy[head];
	else copy[head] = pruned;
	return copy;
}

function nameProblem(path: string[]): string | undefined {
	const dotted = path.join('.');
	const bad = path.find((segment) => !PROPERTY_NAME_SEGMENT.test(segment));
	if (bad !== undefined) return `property name "${bad}" (in "${dotted}") must be a letter followed by letters, digits or underscores`;
	if (dotted.length > V2_LIMITS.propertyPathChars) {
		return `property "${dotted.slice(0, 40)}…" has a name of ${dotted.length} characters, more than ${V2_LIMITS.propertyPathChars}`;
	}
	return undefined;
}

/** The properties as kept: an oversized value dropped under 'dropProperty'. */
export function checkProperties(value: unknown, label: string, oversized: OversizedValuePolicy): Outcome<JsonObject> {
	if (!isJsonObject(value)) return fail(invalidArgument(`${label}properties must be a JSON object`));
	const leaves = leavesOf(value);
	if (leaves.length > V2_LIMITS.propertyCount) {
		return fail(invalidArgument(`${label}properties has ${leaves.length} properties, more than ${V2_LIMITS.propertyCount}`));
	}
	let kept = value;
	for (const leaf of leaves) {
		const problem = nameProblem(leaf.path);
		if (problem !== undefined) return fail(invalidArgument(`${label}properties: ${problem}`));
		if (valueBytes(leaf.value) <= V2_LIMITS.propertyValueBytes) continue;
		if (oversized === 'rejectRequest') {
			return fail(invalidArgument(`${label}properties.${leaf.path.join('.')}: the value is longer than ${V2_LIMITS.propertyValueBytes} bytes`));
		}
		kept = withoutLeaf(kept, leaf.path);
	}
	return ok(kept);
}

/** `schema: {properties: {name: type}}`, names as dotted paths. */
export function checkSchema(value: unknown, label: string, strict: boolean): Outcome<PropertyTypes> {
	const schema = readFields(value, SCHEMA_SHAPE, `${label}schema.`, strict);
	if (!schema.ok) return schema;
	const types = schema.value.properties ?? {};
	if (!isJsonObject(types)) return fail(invalidArgument(`${label}schema.properties must be a JSON object of property names to types`));
	const checked: PropertyTypes = {};
	for (const [name, type] of Object.entries(types)) {
		const problem = nameProblem(name.split('.'));
		if (problem !== undefined) return fail(invalidArgument(`${label}schema.properties: ${problem}`));
		if (!isPropertyType(type)) {
			return fail(invalidArgument(`${label}schema.properties.${name} must be one of ${PROPERTY_TYPES.join(', ')}, got ${JSON.stringify(type)}`));
		}
		checked[name] = type;
	}
	return ok(checked);
}

function scalarType(value: unknown): 'bool' | 'int' | 'real' | 'str' | undefined {
	if (isBoolean(value)) return 'bool';
	if (isInteger(value)) return 'int';
	if (isFiniteNumber(value)) return 'real';
	if (isString(value)) return 'str';
	return undefined;
}

function inferredType(value: unknown): PropertyType | undefined {
	if (!Array.isArray(value)) return scalarType(value);
	if (value.length === 0) return undefined;
	// Integers among reals make a list of reals, as one number type holds them all.
	if (isArrayOf(value, isFiniteNumber)) return value.every(isInteger) ? 'ints' : 'reals';
	const types = new Set(value.map(scalarType));
	const [only] = types;
	return types.size === 1 && only !== undefined ? `${only}s` : undefined;
}

/** What FullStory would infer for each leaf (no `_str` suffixes in v2: types come from the values), the schema's own types over it. */
/** Numbers fit either number type; every other type must be the one given. */
function compatible(given: string, inferred: PropertyType): boolean {
	if (given === inferred) return true;
	const numbers = [['int', 'real'], ['ints', 'reals']];
	return numbers.some((pair) => pair.includes(given) && pair.includes(inferred));
}

/**
 * The properties whose value disagrees with the type the schema gives it, as
 * `{path: {type, value}}`; null when none does. What FullStory's `type_conflicts` holds is not
 * documented (§2.3): this is the emulator's reading, which is enough for a client that shows it.
 */
export function typeConflicts(properties: JsonObject | undefined, schema: PropertyTypes | undefined): JsonObject | null {
	const conflicts: JsonObject = {};
	for (const leaf of leavesOf(properties ?? {})) {
		const path = leaf.path.join('.');
		const given = schema?.[path];
		const inferred = inferredType(leaf.value);
		if (typeof given !== 'string' || inferred === undefined || compatible(given, inferred)) continue;
		// Dates travel as text: a text that reads as a date is one.
		const dates = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]).every((value) => isString(value) && !Number.isNaN(Date.parse(value)));
		if ((given === 'date' || given === 'dates') && dates) continue;
		conflicts[path] = { type: given, value: leaf.value };
	}
	return Object.keys(conflicts).length === 0 ? null : conflicts;
}

export function propertyTypes(properties: JsonObject | undefined, schema: PropertyTypes | undefined): PropertyTypes {
	const types: PropertyTypes = {};
	for (const leaf of leavesOf(properties ?? {})) {
		const type = inferredType(leaf.value);
		if (type !== undefined) types[leaf.path.join('.')] = type;
	}
	return { ...types, ...schema };
}

/** The `properties` and `schema` fields of a user or event, checked; absent ones stay absent. */
export function readPropertiesAndSchema(
	fields: JsonObject,
	label: string,
	config: { strict: boolean; oversizedPropertyValue: OversizedValuePolicy },
): Outcome<{ properties?: JsonObject; schema?: PropertyTypes }> {
	const read: { properties?: JsonObject; schema?: PropertyTypes } = {};
	if (fields.properties !== undefined) {
		const properties = checkProperties(fields.properties, label, config.oversizedPropertyValue);
		if (!properties.ok) return properties;
		read.properties = properties.value;
	}
	if (fields.schema !== undefined) {
		const schema = checkSchema(fields.schema, label, config.strict);
		if (!schema.ok) return schema;
		read.schema = schema.value;
	}
	return ok(read);
}
