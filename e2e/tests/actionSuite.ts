/**
 * The credential test and every action operation, as tests any stack can run: actions.e2e.test.ts
 * runs them on n8n 2.40.7, n8n1.e2e.test.ts on n8n 1.123.81. Each function registers jest tests
 * (call it at a test file's top level or inside a `describe`); `getStack` is read when they run.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { findRepoRoot } from '../../harness/install/paths';
import { nodeOutput } from '../../harness/rest/execution-data';
import type { JsonObject } from '../../harness/rest/guards';
import type { Stack } from '../../harness/stacks/stack';
import { ACTION_TYPE, credentialRef, decodedExecution } from '../../harness/stacks/stack';

/** The message a failed credential test shows for a wrong key (401). */
export interface CredentialTestMessages {
	wrongKey: RegExp;
}

/** The credential's own `responseCode` rules, as n8n 2.x shows them. */
export const CREDENTIAL_RULE_MESSAGES: CredentialTestMessages = { wrongKey: /FullStory rejected the API key/ };

/** The credential type's test (GET /me): Admin and Standard keys pass, a wrong key fails with its reason. */
export function describeCredentialTest(getStack: () => Stack, messages: CredentialTestMessages = CREDENTIAL_RULE_MESSAGES): void {
	describe('credential test', () => {
		it('passes for the Admin key', async () => {
			const stack = getStack();
			const result = await stack.api.testCredential(stack.credential, { apiKey: stack.apiKey, region: 'custom', baseUrl: stack.emulator.baseUrl });
			expect(result.status).toBe('OK');
		});

		it('fails for a wrong key with a clear message', async () => {
			const stack = getStack();
			const result = await stack.api.testCredential(stack.credential, { apiKey: 'na1.wrong/key', region: 'custom', baseUrl: stack.emulator.baseUrl });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(messages.wrongKey) });
		});

		it('passes for a Standard key too, which may send users, events and import jobs', async () => {
			const stack = getStack();
			const info = await stack.fullstory.info();
			const standard = info.orgs.flatMap((org) => org.keys).find((key) => key.role === 'USER');
			expect(standard).toBeDefined();
			const result = await stack.api.testCredential(stack.credential, { apiKey: String(standard?.key), region: 'custom', baseUrl: stack.emulator.baseUrl });
			expect(result.status).toBe('OK');
		});
	});
}

function actionNode(stack: Stack, name: string, position: [number, number], parameters: JsonObject): JsonObject {
	return { id: randomUUID(), name, type: ACTION_TYPE, typeVersion: 1, position, parameters, credentials: credentialRef(stack) };
}

/** Every operation of the action node in one manually run workflow, then one failing operation. */
export function describeActionOperations(getStack: () => Stack): void {
	it('runs every action operation in one workflow', async () => {
		const stack = getStack();
		const url = 'https://n8n.example.com/webhook/e2e-created';
		const movedUrl = 'https://n8n.example.com/webhook/e2e-moved';
		const idFromInput = { __rl: true, mode: 'id', value: '={{ $json.id }}' };
		const nodes: JsonObject[] = [
			{ id: '00000000-0000-4000-8000-000000000001', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			actionNode(stack, 'Create', [200, 0], { resource: 'endpoint', operation: 'create', url, eventTypes: ['note.created'], secret: 'e2e-action-secret-1' }),
			actionNode(stack, 'Get', [400, 0], { resource: 'endpoint', operation: 'get', endpoint: idFromInput }),
			actionNode(stack, 'Update', [600, 0], { resource: 'endpoint', operation: 'update', endpoint: idFromInput, eventTypes: ['note.created', 'nativemobile.event.crash'], updateFields: { url: movedUrl, enabled: false } }),
			actionNode(stack, 'Get Many', [800, 0], { resource: 'endpoint', operation: 'getAll', returnAll: true }),
			actionNode(stack, 'Delete', [1000, 0], { resource: 'endpoint', operation: 'delete', endpoint: idFromInput }),
			actionNode(stack, 'Event Types', [200, 200], { resource: 'eventType', operation: 'getAll', returnAll: true }),
			actionNode(stack, 'Subcategories', [200, 400], { resource: 'eventSubcategory', operation: 'getAll', eventName: 'recording.event.custom', returnAll: false, limit: 3 }),
		];
		const chain = (from: string, to: string) => ({ [from]: { main: [[{ node: to, type: 'main', index: 0 }]] } });
		const workflow = await stack.api.createWorkflow({
			name: 'FullStory actions e2e',
			nodes,
			connections: {
				Start: { main: [[{ node: 'Create', type: 'main', index: 0 }, { node: 'Event Types', type: 'main', index: 0 }, { node: 'Subcategories', type: 'main', index: 0 }]] },
				...chain('Create', 'Get'),
				...chain('Get', 'Update'),
				...chain('Update', 'Get Many'),
				...chain('Get Many', 'Delete'),
			},
			settings: { executionOrder: 'v1' },
		});

		// Only this run's calls: the credential tests sent other keys on purpose. (The log is kept
		// whole for the secrets audit.)
		const since = (await stack.fullstory.requests()).at(-1)?.seq ?? 0;
		const run = await stack.api.runManually(workflow.id, 'Start');
		expect(run).toEqual({ executionId: expect.any(String) });
		const [execution] = await stack.api.waitForExecutions(workflow.id, 1);
		const decoded = await decodedExecution(stack, execution.id);
		expect(decoded.error).toBeUndefined();
		expect(execution.status).toBe('success');

		const [created] = nodeOutput(decoded, 'Create');
		expect(created).toMatchObject({ url, enabled: true, eventTypes: [{ eventName: 'note.created' }] });
		expect(JSON.stringify(decoded.raw)).not.toContain('e2e-action-secret-1');
		expect(nodeOutput(decoded, 'Get')).toEqual([created]);
		const [updated] = nodeOutput(decoded, 'Update');
		expect(updated).toMatchObject({ url: movedUrl, enabled: false, idChanged: true, previousId: created.id });
		expect(nodeOutput(decoded, 'Get Many').map((item) => item.url)).toEqual([movedUrl]);
		expect(nodeOutput(decoded, 'Delete')).toEqual([{ deleted: true, id: updated.id }]);
		expect(nodeOutput(decoded, 'Event Types').map((item) => item.eventName)).toEqual(expect.arrayContaining(['note.created', 'metric.alert']));
		expect(nodeOutput(decoded, 'Subcategories')).toHaveLength(3);

		expect(await stack.fullstory.endpoints()).toHaveLength(0);
		const authorizations = new Set((await stack.fullstory.requests({ since })).map((entry) => entry.headers.authorization));
		expect([...authorizations]).toEqual([`Basic ${stack.apiKey}`]);
	});

	it("a failing operation shows FullStory's reason in the execution", async () => {
		const stack = getStack();
		const workflow = await stack.api.createWorkflow({
			name: 'FullStory failing action e2e',
			nodes: [
				{ id: '00000000-0000-4000-8000-000000000011', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				actionNode(stack, 'Get Missing', [200, 0], { resource: 'endpoint', operation: 'get', endpoint: { __rl: true, mode: 'id', value: 'bm8tc3VjaA' } }),
			],
			connections: { Start: { main: [[{ node: 'Get Missing', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		await stack.api.runManually(workflow.id, 'Start');
		const [execution] = await stack.api.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('error');
		const decoded = await decodedExecution(stack, execution.id);
		expect(decoded.error).toBe('FullStory has no webhook endpoint with ID "bm8tc3VjaA" (404)');
	});
}

/**
 * Data into FullStory in a real n8n: every user, event, import job, annotation and account
 * operation in one manually run workflow; a create whose answer is lost sent again with the same
 * Idempotency-Key, once in FullStory; a Standard key told, in the execution, which role reading
 * users needs.
 */
export function describeDataInOperations(getStack: () => Stack): void {
	const manualStart = (id: string): JsonObject => ({ id, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} });
	const chain = (...names: string[]) =>
		Object.fromEntries(names.slice(0, -1).map((name, index) => [name, { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] }]));

	async function runOnce(stack: Stack, name: string, nodes: JsonObject[], connections: JsonObject) {
		const workflow = await stack.api.createWorkflow({ name, nodes, connections, settings: { executionOrder: 'v1' } });
		await stack.api.runManually(workflow.id, 'Start');
		const [execution] = await stack.api.waitForExecutions(workflow.id, 1);
		return { execution, decoded: await decodedExecution(stack, execution.id) };
	}

	it('runs every user, event, import job, annotation and account operation in one workflow', async () => {
		const stack = getStack();
		await stack.fullstory.configure({ fullSessions: ['1:2'] });
		const fromInput = (field: string) => `={{ $json.${field} }}`;
		const nodes: JsonObject[] = [
			manualStart('00000000-0000-4000-8000-000000000021'),
			actionNode(stack, 'Upsert User', [200, 0], { resource: 'user', operation: 'create', uid: 'e2e-customer', additionalFields: { displayName: 'E2E Customer', email: 'e2e@example.com' }, propertiesInput: 'json', propertiesJson: '{"plan": "pro"}' }),
			actionNode(stack, 'Update User', [400, 0], { resource: 'user', operation: 'update', userId: fromInput('id'), updateFields: { displayName: 'E2E Customer (renamed)' } }),
			actionNode(stack, 'Get User', [600, 0], { resource: 'user', operation: 'get', userId: fromInput('id') }),
			actionNode(stack, 'Find Users', [800, 0], { resource: 'user', operation: 'getAll', returnAll: true, filters: { uid: 'e2e-customer' } }),
			actionNode(stack, 'Payment Event', [1000, 0], { resource: 'event', operation: 'create', name: 'Payment Succeeded', linkTo: 'mostRecentSession', userIdType: 'uid', user: fromInput('uid'), propertiesInput: 'pairs', properties: { property: [{ name: 'amount', value: 42 }] } }),
			actionNode(stack, 'Deploy Marker', [1200, 0], { resource: 'annotation', operation: 'create', text: 'E2E deploy', options: { source: 'e2e' } }),
			actionNode(stack, 'Who Am I', [1400, 0], { resource: 'account', operation: 'get' }),
			{ id: '00000000-0000-4000-8000-000000000022', name: 'Three Events', type: 'n8n-nodes-base.code', typeVersion: 2, position: [1600, 0], parameters: { jsCode: "return [{ json: { session: '7:8' } }, { json: { session: '1:2' } }, { json: { session: '9:10' } }];" } },
			actionNode(stack, 'Import Events', [1800, 0], { resource: 'importJob', operation: 'create', importKind: 'events', name: 'Synced', linkTo: 'session', session: fromInput('session'), jobOptions: { timeoutSeconds: 60 } }),
			actionNode(stack, 'Job Status', [2000, 0], { resource: 'importJob', operation: 'getStatus', importKind: 'events', jobId: fromInput('jobId') }),
		];
		const names = nodes.map((node) => String(node.name));
		// Job Status runs once per item of Import Events; one is enough to read the job.
		nodes[nodes.length - 1] = { ...nodes[nodes.length - 1], executeOnce: true };
		const { execution, decoded } = await runOnce(stack, 'FullStory data in e2e', nodes, chain(...names));
		expect(decoded.error).toBeUndefined();
		expect(execution.status).toBe('success');

		const [upserted] = nodeOutput(decoded, 'Upsert User');
		expect(upserted).toMatchObject({ id: expect.any(String), uid: 'e2e-customer', idempotencyKey: expect.stringMatching(/^n8n-/) });
		expect(nodeOutput(decoded, 'Get User')).toEqual([expect.objectContaining({ id: upserted.id, display_name: 'E2E Customer (renamed)', properties: { plan: 'pro' } })]);
		expect(nodeOutput(decoded, 'Find Users').map((user) => user.id)).toEqual([upserted.id]);
		expect(nodeOutput(decoded, 'Payment Event')).toEqual([expect.objectContaining({ name: 'Payment Succeeded', user: { uid: 'e2e-customer' }, session: { use_most_recent: true } })]);
		expect(nodeOutput(decoded, 'Deploy Marker')).toEqual([expect.objectContaining({ text: 'E2E deploy', source: 'e2e' })]);
		expect(nodeOutput(decoded, 'Who Am I')).toEqual([expect.objectContaining({ role: 'ADMIN', roleName: 'Admin' })]);
		expect(nodeOutput(decoded, 'Import Events').map((item) => item.status)).toEqual(['imported', 'failed', 'imported']);
		expect(nodeOutput(decoded, 'Job Status')).toEqual([expect.objectContaining({ status: 'FAILED', imports: 2, errors: 1 })]);

		// What FullStory holds.
		expect((await stack.fullstory.users()).map((user) => user.display_name)).toEqual(['E2E Customer (renamed)']);
		expect((await stack.fullstory.events()).map((event) => event.name).sort()).toEqual(['Payment Succeeded', 'Synced', 'Synced']);
		expect(await stack.fullstory.annotations()).toHaveLength(1);
		await stack.fullstory.configure({ fullSessions: [] });
	});

	it('an event whose answer is lost after FullStory stored it is sent again with the same key: one event', async () => {
		const stack = getStack();
		const before = (await stack.fullstory.events()).length;
		await stack.fullstory.injectFault({ method: 'POST', path: '/v2/events', kind: 'dropAfter', count: 1 });
		const { execution } = await runOnce(stack, 'FullStory lost answer e2e', [
			manualStart('00000000-0000-4000-8000-000000000031'),
			actionNode(stack, 'Refund Event', [200, 0], { resource: 'event', operation: 'create', name: 'Refund Issued', linkTo: 'user', userIdType: 'uid', user: 'e2e-customer' }),
		], chain('Start', 'Refund Event'));
		expect(execution.status).toBe('success');
		const events = await stack.fullstory.events();
		expect(events.filter((event) => event.name === 'Refund Issued')).toHaveLength(1);
		expect(events).toHaveLength(before + 1);
		const replays = (await stack.fullstory.requests()).filter((request) => request.path === '/v2/events' && request.idempotentReplay === true);
		expect(replays).toHaveLength(1);
	});

	it('a Standard key reading users: the execution says which role it needs and which the key has', async () => {
		const stack = getStack();
		const info = await stack.fullstory.info();
		const standardKey = String(info.orgs.flatMap((org) => org.keys).find((key) => key.role === 'USER')?.key);
		const credential = await stack.api.createCredential('FullStory (Standard key)', 'fullStoryApi', { apiKey: standardKey, region: 'custom', baseUrl: stack.emulator.baseUrl });
		const node = { ...actionNode(stack, 'Find Users', [200, 0], { resource: 'user', operation: 'getAll', returnAll: true }), credentials: { fullStoryApi: { id: credential.id, name: credential.name } } };
		const { execution, decoded } = await runOnce(stack, 'FullStory Standard key e2e', [manualStart('00000000-0000-4000-8000-000000000041'), node], chain('Start', 'Find Users'));
		expect(execution.status).toBe('error');
		expect(decoded.error).toBe('This FullStory API key is not allowed to do that: it needs an Admin or Architect key, and it is a Standard key (403 forbidden)');
	});
}

/**
 * n8n serves the package's output schemas from its public `/schemas/…` route (what the editor
 * shows before an action runs, and what n8n's AI builder reads): every operation's file and the
 * trigger's, byte for byte as the package ships them; an operation without one is a 404.
 */
export function describeOutputSchemas(getStack: () => Stack): void {
	const nodes = join(findRepoRoot(), 'nodes');
	const actionSchemas = join(nodes, 'FullStory', '__schema__', 'v1.0.0');
	const operations = readdirSync(actionSchemas).flatMap((resource) =>
		readdirSync(join(actionSchemas, resource)).map((file) => `${resource}/${file}`),
	);
	const served = async (path: string) => {
		const response = await fetch(`${getStack().n8n.baseUrl}/schemas/${path}`);
		return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
	};

	it.each(operations)('the action schema %s is served as shipped', async (file) => {
		const shipped: unknown = JSON.parse(readFileSync(join(actionSchemas, file), 'utf8'));
		expect(await served(`n8n-nodes-fullstory.fullStory/1.0.0/${file}`)).toEqual({ status: 200, body: shipped });
	});

	it('the trigger schema is served as shipped, and an unknown operation has none', async () => {
		const shipped: unknown = JSON.parse(readFileSync(join(nodes, 'FullStoryTrigger', '__schema__', 'v1.0.0.json'), 'utf8'));
		expect(await served('n8n-nodes-fullstory.fullStoryTrigger/1.0.0.json')).toEqual({ status: 200, body: shipped });
		expect((await served('n8n-nodes-fullstory.fullStory/1.0.0/endpoint/nothing.json')).status).toBe(404);
	});
}
