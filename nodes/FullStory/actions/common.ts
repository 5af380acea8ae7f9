import type { INodeProperties } from 'n8n-workflow';

/** The standard Return All / Limit pair of every Get Many operation. */
export const returnAllOrLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The Options collection every operation puts its optional settings in. */
export function optionsCollection(options: INodeProperties[], name = 'options', displayName = 'Options'): INodeProperties {
	return { displayName, name, type: 'collection', placeholder: 'Add Option', default: {}, options };
}
