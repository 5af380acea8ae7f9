import type { INodeProperties } from 'n8n-workflow';

/** Which endpoint an operation works on: from FullStory's list, by ID, or by the URL it delivers to. */
export const endpointLocator: INodeProperties = {
	displayName: 'Webhook Endpoint',
	name: 'endpoint',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The webhook endpoint to use. "By URL" finds the endpoint that delivers to that address.',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchEndpoints', searchable: true },
		},
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'aHR0cHM6Ly9leGFtcGxlLmNvbS9mdWxsc3Rvcnktd2ViaG9va3M',
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://n8n.example.com/webhook/fullstory',
			validation: [
				{
					type: 'regex',
					properties: { regex: 'https?://.+', errorMessage: 'Enter an http or https URL' },
				},
			],
		},
	],
};
