/**
 * The core of the suite on n8n 1.x (1.123.81, the newest 1.x that installs here, under Node 22),
 * on one stack: the credential test, every action operation, the trigger's life (activation
 * registers exactly one endpoint, signed deliveries run once with the documented item, forged ones
 * get 401, deactivation removes the endpoint, a restart keeps one endpoint, test listening), the
 * secrets audit, and the one thing n8n 1.x does differently with this package's secrets:
 *
 * n8n 1.x saves the workflow with every finished execution, static data included, and the trigger
 * keeps its endpoint secret in static data. That copy is measured under default settings (the
 * known issue), then n8n is restarted with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none and
 * EXECUTIONS_DATA_SAVE_ON_ERROR=none, which avoid it: deliveries still run (a loopback stub
 * receives each), and no execution row carries the secret. The figures go to
 * `build/e2e-results/n8n1-saved-static-data.json`.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { JsonObject } from '../../harness/rest/guards';
import type { Workflow } from '../../harness/rest/n8n-api';
import { runCommand } from '../../harness/install/run-command';
import type { StubServer } from '../../harness/stubs/stub-server';
import { startStubServer } from '../../harness/stubs/stub-server';
import { describeActionOperations, describeCredentialTest, describeOutputSchemas } from './actionSuite';
import type { SavedExecutionRow, SavedStaticDataFigures } from './savedStaticData';
import { lastExecutionId, measureSavedStaticData, triggerEndpointSecrets } from './savedStaticData';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { CREDENTIAL_TYPE, e2eOutputDir, endpointsAt, productionUrl, sleep, startStack, statusesOf, triggerNode } from '../../harness/stacks/stack';
import type { TriggerSuite } from './triggerSuite';
import { describeTriggerLifecycle } from './triggerSuite';

/**
 * The n8n 1.x settings that keep the static data (and so the endpoint secrets) out of saved
 * executions: production runs that end in success or error are then deleted, not saved, and a
 * manual run (a test event) is soft-deleted before its workflow copy is written.
 */
export const MITIGATION_ENV = {
	EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'none',
	EXECUTIONS_DATA_SAVE_ON_ERROR: 'none',
	EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'false',
} as const;

type Carrying = Array<Pick<SavedExecutionRow, 'id' | 'mode' | 'status' | 'deleted' | 'staticDataSecretRoles'>>;

function carrying(rows: SavedExecutionRow[]): Carrying {
	return rows.filter((row) => row.secretInStaticData).map(({ id, mode, status, deleted, staticDataSecretRoles }) => ({ id, mode, status, deleted, staticDataSecretRoles }));
}

let stack: Stack;
const figures: {
	n8n?: string;
	node?: string;
	defaults?: Omit<SavedStaticDataFigures, 'rows'> & { sinkExecutions: number; sinkWithSecretInStaticData: number; carrying: Carrying };
	mitigated?: Omit<SavedStaticDataFigures, 'rows'> & {
		env: typeof MITIGATION_ENV;
		productionDeliveries: number;
		failingOnPurpose: number;
		testEvents: number;
		stubReceived: number;
		rowsLeft: Array<Pick<SavedExecutionRow, 'id' | 'mode' | 'status' | 'deleted'>>;
	};
} = {};

beforeAll(async () => {
	stack = await startStack({ name: 'n8n1', n8nVersion: '1.x' });
	figures.n8n = stack.n8n.install.version;
	figures.node = (await runCommand(stack.n8n.install.nodeBin, ['--version'], { cwd: stack.n8n.userFolder, captureStdout: true })).trim();
});

afterAll(async () => {
	if (figures.defaults !== undefined || figures.mitigated !== undefined) {
		writeFileSync(join(e2eOutputDir(), 'n8n1-saved-static-data.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	}
	await stack?.stop();
});

it('runs n8n 1.x', async () => {
	expect(stack.n8nVersion).toBe('1.x');
	const settings = await stack.api.http.call('GET', '/rest/settings');
	const version = typeof settings === 'object' && settings !== null && 'data' in settings ? JSON.stringify(settings.data).match(/"versionCli":"([^"]+)"/)?.[1] : undefined;
	expect(version).toBe('1.123.81');
});

// n8n 1.123 fails a wrong key but shows its generic message for the status code instead of the
// credential's own `responseCode` rule (the failed request reaches its credential tester without
// the HTTP response attached), so the reason is less specific there.
describeCredentialTest(() => stack, {
	wrongKey: /^Authorization failed - please check your credentials$/,
});

describe('action operations', () => {
	describeActionOperations(() => stack);
	describeOutputSchemas(() => stack);
});

let triggerSuite: TriggerSuite;
describe('trigger (1.x activation for publish)', () => {
	triggerSuite = describeTriggerLifecycle(() => stack);
});

it('activation with a revoked key fails with the reason and registers nothing (1.x answers the activate call itself with 400)', async () => {
	const revoked = `na1.e2e-n8n1-revoked/${randomUUID()}`;
	await stack.fullstory.addKey({ key: revoked, role: 'ADMIN', orgId: (await stack.fullstory.info()).defaultOrgId });
	const credential = await stack.api.createCredential('FullStory (revoked key)', CREDENTIAL_TYPE, { apiKey: revoked, region: 'custom', baseUrl: stack.emulator.baseUrl });
	await stack.fullstory.revokeKey(revoked);
	const trigger = { ...triggerNode(stack, { events: ['note.created'], options: {} }), credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } } };
	const workflow = await stack.api.createWorkflow({ name: 'revoked key (1.x)', nodes: [trigger], connections: {}, settings: { executionOrder: 'v1' } });
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	expect(status.status).toBe('failed');
	// n8n 1.x answers with the node error's description where there is one (2.x shows its message,
	// "FullStory rejected the API key (401 unauthorized)"): the package's description says what to do.
	expect(status.triggers[0]?.errorMessage).toMatch(/^The key in the FullStory credential is wrong, was revoked, or belonged to a user who was removed\. Create a new Admin or Architect key/);
	expect((await stack.api.getWorkflow(workflow.id)).active).toBe(false);
	expect(await endpointsAt(stack, productionUrl(stack, trigger))).toHaveLength(0);
});

describe('the saved workflow copy and the endpoint secret in static data', () => {
	let stub: StubServer;
	let failNext = false;
	let sink: Workflow;
	let sinkTrigger: JsonObject;

	/** eventKeys the stub received (the HTTP Request node posts `{ eventKey }`). */
	function received(): string[] {
		return stub.requests.map((request) => {
			const body: unknown = JSON.parse(request.body === '' ? '{}' : request.body);
			return typeof body === 'object' && body !== null && 'eventKey' in body ? String(body.eventKey) : '';
		});
	}

	/** `count` note.created deliveries, the `failing`-th (1-based) answered 500 by the stub so its execution fails. */
	async function deliverNotes(count: number, failing: number): Promise<string[]> {
		const keys: string[] = [];
		for (let index = 1; index <= count; index++) {
			failNext = index === failing;
			const result = await stack.fullstory.deliver({ eventName: 'note.created' });
			expect(statusesOf(result)).toEqual([200]);
			const sent = JSON.parse(result.body) as { data: JsonObject };
			keys.push(`note.created:${String(sent.data.id)}`);
			// One at a time, so `failNext` hits the execution it was set for.
			for (let waited = 0; waited < 100 && !received().includes(keys[keys.length - 1]); waited++) await sleep(100);
		}
		failNext = false;
		return keys;
	}

	beforeAll(async () => {
		stub = await startStubServer(() => {
			if (failNext) {
				failNext = false;
				return { status: 500, body: { error: 'failing on purpose (e2e)' } };
			}
			return { status: 200, body: { ok: true } };
		});
	});
	afterAll(async () => await stub?.close());

	it('under default settings n8n 1.x saves the static data, endpoint secret included, with every finished production execution and test event (measured)', async () => {
		// Only the sink workflow stays active, so every delivery from here on is seen at the stub.
		expect((await stack.api.unpublish(triggerSuite.workflow().id)).status).toBe('not_published');
		sinkTrigger = triggerNode(stack, { events: ['note.created'], options: {} });
		sink = await stack.api.createWorkflow({
			name: 'FullStory trigger to a loopback sink',
			nodes: [
				sinkTrigger,
				{
					id: randomUUID(),
					name: 'Post to Sink',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion: 4.2,
					position: [240, 0],
					parameters: { method: 'POST', url: `${stub.url}/sink`, sendBody: true, specifyBody: 'json', jsonBody: '={{ { "eventKey": $json.eventKey } }}', options: {} },
				},
			],
			connections: { [String(sinkTrigger.name)]: { main: [[{ node: 'Post to Sink', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		expect((await stack.api.publish(sink.id, sink.versionId)).status).toBe('published');
		expect(await endpointsAt(stack, productionUrl(stack, sinkTrigger))).toHaveLength(1);

		const keys = await deliverNotes(4, 2);
		expect(received()).toEqual(keys);
		const executions = await stack.api.waitForExecutions(sink.id, 4);
		expect(executions.map((execution) => execution.status).sort()).toEqual(['error', 'success', 'success', 'success']);

		const measured = await measureSavedStaticData(stack, await triggerEndpointSecrets(stack));
		const sinkRows = measured.rows.filter((row) => row.workflowId === sink.id);
		const { rows: _rows, ...summary } = measured;
		figures.defaults = {
			...summary,
			sinkExecutions: sinkRows.length,
			sinkWithSecretInStaticData: sinkRows.filter((row) => row.secretInStaticData).length,
			carrying: carrying(measured.rows),
		};
		// The known issue, as n8n 1.x's code says: every finished production execution (success or
		// error) saves the static data with the workflow copy.
		expect(figures.defaults.sinkWithSecretInStaticData).toBe(4);
		expect(measured.api.byMode.webhook.withSecretInStaticData).toBe(measured.api.byMode.webhook.executions);
		// The test event of the trigger tests (a manual run) saved the production static data too;
		// the action workflows' manual runs have no trigger, so no static data.
		expect(figures.defaults.carrying.filter((row) => row.mode === 'manual')).toHaveLength(1);
		expect(measured.database.withSecretInStaticData).toBeGreaterThanOrEqual(measured.api.withSecretInStaticData);
	});

	it('with EXECUTIONS_DATA_SAVE_ON_SUCCESS=none, _ON_ERROR=none and _MANUAL_EXECUTIONS=false: deliveries and a test event still run, and no execution row carries a secret', async () => {
		const before = await lastExecutionId(stack);
		await stack.n8n.restart({ ...MITIGATION_ENV });
		await stack.api.login();
		expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.url)).toEqual([productionUrl(stack, sinkTrigger)]);

		const alreadyReceived = stub.requests.length;
		const keys = await deliverNotes(4, 3);
		// Each ran: the sink got every event once, the failing one included (its run ended in an error).
		expect(received().slice(alreadyReceived)).toEqual(keys);

		// A test event too: the test registration's static data holds the test endpoint's secret.
		expect(await stack.api.runManually(sink.id, String(sinkTrigger.name))).toEqual({ waitingForWebhook: true });
		const test = await stack.fullstory.deliver({ eventName: 'note.created' });
		expect(statusesOf(test)).toEqual([200, 200]);
		const testKey = `note.created:${String((JSON.parse(test.body) as { data: JsonObject }).data.id)}`;
		for (let waited = 0; waited < 100 && received().filter((key) => key === testKey).length < 2; waited++) await sleep(100);
		expect(received().filter((key) => key === testKey)).toHaveLength(2);
		for (let waited = 0; waited < 50 && (await stack.fullstory.endpoints()).length > 1; waited++) await sleep(200);

		// n8n inserts a row when a run starts, then hard-deletes it (production) or soft-deletes it
		// (manual) when the run ends unsaved: wait until every new row is one or the other.
		let measured = await measureSavedStaticData(stack, await triggerEndpointSecrets(stack), before);
		for (let waited = 0; waited < 50 && measured.rows.some((row) => !row.deleted); waited++) {
			await sleep(200);
			measured = await measureSavedStaticData(stack, await triggerEndpointSecrets(stack), before);
		}
		const { rows, ...summary } = measured;
		figures.mitigated = {
			...summary,
			env: MITIGATION_ENV,
			productionDeliveries: keys.length + 1,
			failingOnPurpose: 1,
			testEvents: 1,
			stubReceived: received().length - alreadyReceived,
			rowsLeft: rows.map(({ id, mode, status, deleted }) => ({ id, mode, status, deleted })),
		};
		expect(figures.mitigated.stubReceived).toBe(keys.length + 2);
		expect(measured.api.executions).toBe(0);
		expect(rows.filter((row) => row.secretAnywhere)).toEqual([]);
		// What is left is the test event's row, soft-deleted (hidden, pruned later) with the workflow
		// copy n8n wrote when the run started, which has no static data.
		expect(rows.map((row) => ({ mode: row.mode, deleted: row.deleted }))).toEqual([{ mode: 'manual', deleted: true }]);
	});
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers', 'reportedMessages']);
