/**
 * The part of JSON Schema the output schemas use (type, properties, required, items), checked
 * strictly: a field the schema does not declare is a finding, so a schema cannot fall behind what
 * an operation returns. An object schema without `properties` admits any fields (free-form data,
 * such as a custom event's properties).
 */
export interface Schema {
	type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
	properties?: Record<string, Schema>;
	required?: string[];
	items?: Schema;
	description?: string;
}

function isSchemaRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a schema file's JSON into a Schema, refusing anything the checker would not understand. */
export function parseSchema(value: unknown, at = '$'): Schema {
	if (!isSchemaRecord(value)) throw new Error(`${at}: a schema must be an object`);
	const known = new Set(['type', 'properties', 'required', 'items', 'description', 'version']);
	const unknownKeys = Object.keys(value).filter((key) => !known.has(key));
	if (unknownKeys.length > 0) throw new Error(`${at}: unsupported schema keywords ${unknownKeys.join(', ')}`);
	const schema: Schema = {};
	const types = ['object', 'array', 'string', 'number', 'integer', 'boolean'] as const;
	const type = types.find((candidate) => candidate === value.type);
	if (value.type !== undefined && type === undefined) throw new Error(`${at}: unknown type ${String(value.type)}`);
	if (type !== undefined) schema.type = type;
	if (typeof value.description === 'string') schema.description = value.description;
	if (value.properties !== undefined) {
		if (!isSchemaRecord(value.properties)) throw new Error(`${at}.properties must be an object`);
		schema.properties = Object.fromEntries(
			Object.entries(value.properties).map(([name, child]) => [name, parseSchema(child, `${at}.${name}`)]),
		);
	}
	if (value.required !== undefined) {
		if (!Array.isArray(value.required) || !value.required.every((name) => typeof name === 'string')) {
			throw new Error(`${at}.required must list names`);
		}
		schema.required = value.required;
	}
	if (value.items !== undefined) schema.items = parseSchema(value.items, `${at}[]`);
	return schema;
}

function typeOf(value: unknown): string {
	if (Array.isArray(value)) return 'array';
	if (value === null) return 'null';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value;
}

/** Every way `value` departs from `schema`, as `path: what`; empty when it conforms. */
export function departures(value: unknown, schema: Schema, at = '$'): string[] {
	const actual = typeOf(value);
	if (schema.type !== undefined && actual !== schema.type && !(schema.type === 'number' && actual === 'integer')) {
		return [`${at}: ${actual}, the schema says ${schema.type}`];
	}
	const found: string[] = [];
	if (isSchemaRecord(value)) {
		for (const name of schema.required ?? []) if (!(name in value)) found.push(`${at}.${name}: missing (required)`);
		if (schema.properties !== undefined) {
			for (const [name, child] of Object.entries(value)) {
				const declared = schema.properties[name];
				if (declared === undefined) found.push(`${at}.${name}: not in the schema`);
				else found.push(...departures(child, declared, `${at}.${name}`));
			}
		}
	}
	if (Array.isArray(value) && schema.items !== undefined) {
		const items = schema.items;
		value.forEach((item, index) => found.push(...departures(item, items, `${at}[${index}]`)));
	}
	return found;
}

/** The declared property paths, for checking that a test saw each at least once. */
export function declaredPaths(schema: Schema, at = ''): string[] {
	return Object.entries(schema.properties ?? {}).flatMap(([name, child]) => {
		const path = at === '' ? name : `${at}.${name}`;
		const below = child.type === 'array' && child.items !== undefined ? declaredPaths(child.items, `${path}[]`) : declaredPaths(child, path);
		return [path, ...below];
	});
}

/** The property paths present in `value`, in the notation of declaredPaths. */
export function presentPaths(value: unknown, at = ''): string[] {
	if (Array.isArray(value)) return value.flatMap((item) => presentPaths(item, `${at}[]`));
	if (!isSchemaRecord(value)) return [];
	return Object.entries(value).flatMap(([name, child]) => {
		const path = at === '' ? name : `${at}.${name}`;
		return [path, ...presentPaths(child, path)];
	});
}
