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
