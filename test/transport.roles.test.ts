/**
 * A 403 of a call that says what it `needs` (nodes/api/account/roles.ts): the error names the
 * role needed, the role the credential's key has (from `GET /me`, asked only after the 403, once
 * per context) and the fix. Against the emulator, which answers 403 on the webhooks routes for a
 * Standard (USER) key; a local server plays the cases the emulator cannot: an Admin key refused
 * (the plan), a `/me` that fails (the error is no worse), a `/me` whose values are not shaped like
 * FullStory's (not reflected).
 */
import type { IncomingMessage, ServerResponse } from 'http';
import type { NodeApiError } from 'n8n-workflow';

import { KEY_ROLES, allRoleNeeds, needsMetBy, rolesMeeting } from '../nodes/api/account/roles';
import { createEndpoint, listEndpoints, listEventTypes } from '../nodes/api/webhooks/api';
import { acceptAnyBody } from '../nodes/transport/guards';
import { fullStoryRequest } from '../nodes/transport/request';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { apiRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

const emulator = useTestEmulator();

function contextFor(apiKey: string) {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, apiKey) }).context;
}

function text(error: NodeApiError): string {
	return `${error.message}\n${error.description ?? ''}`;
}

describe('the table', () => {
	it('Admin and Architect may do everything, Standard the creates, View Only nothing', () => {
		expect(rolesMeeting('adminOrArchitect')).toBe('Admin or Architect');
		expect(rolesMeeting('standard')).toBe('Admin, Architect or Standard');
		expect(KEY_ROLES.VIEW_ONLY.meets).toEqual([]);
		expect(allRoleNeeds()).toEqual(['standard', 'adminOrArchitect']);
		expect(needsMetBy('USER')).toEqual(['standard']);
		expect(needsMetBy('UMBRELLA_MANAGER')).toEqual([]);
	});
});

describe('a Standard key on a webhooks call', () => {
	it('names the role needed, the role the key has, its org, and the fix', async () => {
		const error = await apiRejection(listEventTypes(contextFor(emulator.standardKey)));
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe(
			'This FullStory API key is not allowed to do that: it needs an Admin or Architect key, and it is a Standard key (403 forbidden)',
		);
		expect(error.description).toBe(
			`This needs an Admin or Architect key: only they may read or delete users, read the items and errors of import jobs, and manage webhooks. The key in the credential has the Standard role (USER) in org ${emulator.orgId}. Create an Admin or Architect key in FullStory > Settings > Integrations > API Keys and put it in this credential, or in a second FullStory credential for the operations that need it.`,
		);
		expect(text(error)).not.toContain(emulator.standardKey);
	});

	it('asks /me only after the 403, once', async () => {
		await apiRejection(listEventTypes(contextFor(emulator.standardKey)));
		expect((await emulator.client.requests()).map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
			'GET /webhooks/v1/event-types 403',
			'GET /me 200',
		]);
	});

	it('the same words on a paged listing and on a create', async () => {
		const context = contextFor(emulator.standardKey);
		const listed = await apiRejection(listEndpoints(context));
		const created = await apiRejection(
			createEndpoint(context, { url: 'https://n8n.example.com/webhook/s', eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' }),
		);
		for (const error of [listed, created]) expect(error.message).toMatch(/needs an Admin or Architect key, and it is a Standard key/);
		// One context (one execution): /me is asked once for both 403s.
		expect((await emulator.client.requests()).filter((entry) => entry.path === '/me')).toHaveLength(1);
	});

	it('a call that succeeds never asks /me', async () => {
		await listEventTypes(contextFor(emulator.adminKey));
		expect((await emulator.client.requests()).map((entry) => entry.path)).toEqual(['/webhooks/v1/event-types']);
	});
});

it('a View Only key: named as such', async () => {
	const viewOnly = 'na1.view-only-key/for-roles-test';
	await emulator.client.addKey({ key: viewOnly, role: 'VIEW_ONLY', orgId: emulator.orgId });
	const error = await apiRejection(listEventTypes(contextFor(viewOnly)));
	expect(error.message).toMatch(/it needs an Admin or Architect key, and it is a View Only key/);
	expect(error.description).toMatch(/has the View Only role \(VIEW_ONLY\)/);
});

describe('cases the emulator cannot play', () => {
	/** 403 on everything but /me, which answers `me` (status and body). */
	async function withForbidden(me: [number, unknown], run: (origin: string, paths: string[]) => Promise<void>) {
		const paths: string[] = [];
		const handler = (request: IncomingMessage, response: ServerResponse) => {
			paths.push(request.url ?? '');
			const [status, body] = request.url === '/me' ? me : [403, { message: 'insufficient permissions', code: 'forbidden' }];
			response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		};
		await withLocalServer(handler, async (origin) => await run(origin, paths));
	}

	function call(origin: string, apiKey = 'na1.key/abc') {
		const { context } = createContext({ credentials: emulatorCredentials(origin, apiKey) });
		return fullStoryRequest(context, { method: 'GET', path: '/v2/users', expected: 'a list of users', needs: 'adminOrArchitect' }, acceptAnyBody);
	}

	it('an Admin key refused: the role is not the reason, the plan may be', async () => {
		await withForbidden([200, { email: 'a@example.com', orgId: 'o-1-na1', role: 'ADMIN' }], async (origin) => {
			const error = await apiRejection(call(origin));
			expect(error.message).toBe('FullStory refused the call although the key has the Admin role (403 forbidden)');
			expect(error.description).toMatch(/has the Admin role \(ADMIN\) in org o-1-na1, so FullStory refused for another reason: your FullStory plan may not include this feature/);
		});
	});

	it('/me fails: the 403 is reported, naming the role needed, never the /me failure', async () => {
		await withForbidden([500, { message: 'down', code: 'internal' }], async (origin, paths) => {
			const error = await apiRejection(call(origin));
			expect(error.httpCode).toBe('403');
			expect(error.message).toBe('This FullStory API key is not allowed to do that: it needs an Admin or Architect key (403 forbidden)');
			expect(error.description).toMatch(/The key's role could not be read \(GET \/me failed\)/);
			expect(error.description).toMatch(/Create an Admin or Architect key in FullStory > Settings > Integrations > API Keys/);
			// /me is an idempotent GET: retried within the budget, then given up.
			expect(paths).toEqual(['/v2/users', '/me', '/me', '/me']);
		});
	});

	it('a role or org id not shaped like FullStory\'s is not reflected', async () => {
		const me = { orgId: 'o-1 <script>x</script>', role: 'ADMIN" onclick="x' };
		await withForbidden([200, me], async (origin) => {
			const error = await apiRejection(call(origin));
			expect(error.message).toBe('This FullStory API key is not allowed to do that: it needs an Admin or Architect key, and its role is not one this node knows (403 forbidden)');
			expect(text(error)).not.toMatch(/script|onclick/);
		});
	});

	it('a role this table does not know is named as FullStory gave it', async () => {
		await withForbidden([200, { orgId: 'o-1-na1', role: 'UMBRELLA_MANAGER' }], async (origin) => {
			const error = await apiRejection(call(origin));
			expect(error.message).toMatch(/and its role is UMBRELLA_MANAGER \(403 forbidden\)$/);
		});
	});

	it('a /me that echoes the API key: redacted', async () => {
		await withForbidden([200, { orgId: 'na1.key-abc', role: 'USER' }], async (origin) => {
			const error = await apiRejection(call(origin, 'na1.key-abc'));
			expect(text(error)).not.toContain('na1.key-abc');
			expect(error.description).toMatch(/in org \[redacted\]/);
		});
	});

	it('a 403 of a call that says nothing of what it needs: the generic words, and no /me', async () => {
		await withForbidden([200, { orgId: 'o-1-na1', role: 'USER' }], async (origin, paths) => {
			const { context } = createContext({ credentials: emulatorCredentials(origin, 'na1.key/abc') });
			const error = await apiRejection(fullStoryRequest(context, { method: 'GET', path: '/v2/users', expected: 'x' }, acceptAnyBody));
			expect(error.message).toBe('This FullStory API key is not allowed to do that (403 forbidden)');
			expect(error.description).toMatch(/Check the key's role in FullStory > Settings > Integrations > API Keys/);
			expect(paths).toEqual(['/v2/users']);
		});
	});
});
