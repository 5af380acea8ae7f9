import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

import { ME_PATH } from '../nodes/api/account/identity';
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
				'A FullStory API key (Settings > Integrations > API Keys). Admin and Architect keys can do everything; Standard keys can create and update users, send events and import jobs and create annotations, but cannot manage webhooks (the trigger included) or read or delete data.',
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

	// GET /me answers for a key of any role, so a Standard key, good for the create operations,
	// passes. What needs Admin or Architect (the trigger, the webhook operations) says so in its own
	// 403, naming the key's role (api/account/roles.ts). n8n shows only its fixed "Connection tested
	// successfully" on success, whatever a test returns, so the test cannot say more than that.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: ME_PATH,
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
		],
	};
}
