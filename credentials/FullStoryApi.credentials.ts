import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

// The same check of the Base URL as the nodes make, as the expression the credential test needs.
import { BASE_URL_EXPRESSION } from '../nodes/transport/baseUrlExpression';

export class FullStoryApi implements ICredentialType {
	name = 'fullStoryApi';

	displayName = 'FullStory API';

	icon: Icon = { light: 'file:fullstory.svg', dark: 'file:fullstory.dark.svg' };

	documentationUrl = 'https://developer.fullstory.com/server/authentication/';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A FullStory API key with the Admin or Architect role (Settings > Integrations > API Keys). Managing webhooks needs one of these roles.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			options: [
				{
					name: 'Automatic (api.fullstory.com)',
					value: 'default',
					description: 'Routes US and EU accounts to their data center',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'A proxy, a test stack or the local FullStory emulator',
				},
				{
					name: 'EU (api.eu1.fullstory.com)',
					value: 'eu1',
					description: 'Calls the EU data center directly',
				},
			],
			default: 'default',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://127.0.0.1:8787',
			description:
				'Where the FullStory API is reached: http:// or https://, a host, and optionally a port and a path. No user name or password, query (?) or fragment (#).',
			displayOptions: { show: { region: ['custom'] } },
		},
	];

	// FullStory wants the raw key after "Basic ", not base64 of user:password, so n8n's
	// httpBasicAuth would be wrong here.
	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Basic {{$credentials.apiKey}}' },
		},
	};

	// List Event Types proves more than the key: it needs webhook access, which only Admin and
	// Architect keys have, so a Standard key fails here instead of at activation.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/webhooks/v1/event-types',
			method: 'GET',
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'FullStory rejected the API key: check that it is copied whole and has not been revoked',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'This API key cannot manage webhooks: create a key with the Admin or Architect role in FullStory',
				},
			},
		],
	};
}
