/**
 * The custom properties of a user or an event, entered as name/value pairs or as one JSON object
 * (what an AI agent fills most easily), with the optional type schema. Read and checked here,
 * against V2_LIMITS, before any call; the error names the property.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { PROPERTY_TYPES } from '../../../api/v2/limits';
import { propertiesProblem, typeSchemaProblem } from '../../../api/v2/properties';
import { isRecord } from '../../../transport/guards';
import { fail, readJsonObject } from '../params';

const OBJECT_FIX = 'Enter an object such as {"pricing_plan": "paid"}, or leave {} for none.';

/** The parameters, for the operations that send properties (`what`: "user" or "event"). */
export function propertyFields(what: 'user' | 'event'): INodeProperties[] {
	return [
		{
			displayName: 'Properties Input',
			name: 'propertiesInput',
			type: 'options',
			options: [
				{ name: 'Name and Value Pairs', value: 'pairs' },
				{ name: 'JSON', value: 'json' },
			],
			default: 'pairs',
			description: `How to give the ${what}'s custom properties`,
		},
		{
			displayName: 'Properties',
			name: 'properties',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Property',
			default: {},
			displayOptions: { show: { propertiesInput: ['pairs'] } },
			description: `Custom properties of the ${what}. Names start with a letter and use letters, digits and underscores; FullStory infers each value's type.`,
			options: [
				{
					displayName: 'Property',
					name: 'property',
					values: [
						{ displayName: 'Name', name: 'name', type: 'string', default: '', placeholder: 'pricing_plan' },
						{ displayName: 'Value', name: 'value', type: 'string', default: '', placeholder: 'paid' },
					],
				},
			],
		},
		{
			displayName: 'Properties (JSON)',
			name: 'propertiesJson',
			type: 'json',
			default: '{}',
			displayOptions: { show: { propertiesInput: ['json'] } },
			description: `Custom properties of the ${what} as one JSON object, e.g. {"pricing_plan": "paid", "total_spent": 14.55}. Nested objects are allowed.`,
		},
		{
			displayName: 'Property Types (JSON)',
			name: 'propertyTypes',
			type: 'json',
			default: '{}',
			description: `Optional: the type of some properties instead of FullStory's guess, e.g. {"signup_date": "date", "seats": "int"}. Types: ${PROPERTY_TYPES.join(', ')}.`,
		},
	];
}

function readPairs(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const collection: unknown = context.getNodeParameter('properties', itemIndex, {});
	const entries = isRecord(collection) && Array.isArray(collection.property) ? collection.property : [];
	const properties: IDataObject = {};
	for (const entry of entries) {
		if (!isRecord(entry) || typeof entry.name !== 'string' || entry.name.trim() === '') {
			fail(context, itemIndex, 'A property has no name', 'Give every property in "Properties" a name, or remove it.');
		}
		const name = entry.name.trim();
		if (Object.prototype.hasOwnProperty.call(properties, name)) {
			fail(context, itemIndex, `Property "${name}" is given twice`, 'Give each property once.');
		}
		// Defined, not assigned, so a property named __proto__ stays a property.
		Object.defineProperty(properties, name, { value: entry.value, enumerable: true, writable: true, configurable: true });
	}
	return properties;
}

export interface PropertyInput {
	properties: IDataObject;
	/** `{ name: type }`, or undefined when none is given. */
	types?: IDataObject;
}

/** The properties and their types, checked; undefined fields when none are given. */
export function readPropertyInput(context: IExecuteFunctions, itemIndex: number): PropertyInput {
	const mode = context.getNodeParameter('propertiesInput', itemIndex, 'pairs');
	const properties = mode === 'json' ? readJsonObject(context, itemIndex, 'propertiesJson', 'Properties (JSON)', OBJECT_FIX) : readPairs(context, itemIndex);
	const problem = propertiesProblem(properties);
	if (problem !== undefined) fail(context, itemIndex, `Properties: ${problem}`, 'Fix the property, then run the node again. Nothing was sent to FullStory.');
	const types = readJsonObject(context, itemIndex, 'propertyTypes', 'Property Types (JSON)', OBJECT_FIX);
	const typeProblem = typeSchemaProblem(types);
	if (typeProblem !== undefined) fail(context, itemIndex, `Property Types: ${typeProblem}`, 'Fix the type, then run the node again. Nothing was sent to FullStory.');
	return Object.keys(types).length === 0 ? { properties } : { properties, types };
}
