/**
 * The FullStory Trigger in n8n 2.40.7's queue mode (queueStack.ts): PostgreSQL, Redis, one main,
 * two workers and one webhook processor, each its own process with the package installed.
 * - Publishing through main registers exactly one endpoint, for the webhook processor's URL
 *   (N8N_WEBHOOK_URL), with one create call: only the leader main runs the trigger's lifecycle.
 * - The webhook processor verifies signed deliveries with the secret main stored (it reads the
 *   workflow's static data from the database) and a worker runs them; forged ones get 401.
 * - A burst of 1,000 deliveries, 16 in flight, becomes exactly 1,000 successful executions, all
 *   on the workers; the rate goes to `build/e2e-results/queue-burst.json` (a figure, not a mark).
 * - A worker SIGKILLed in a burst and replaced: nothing runs twice; the accepted deliveries that
 *   never ran (n8n's known loss) are counted in `build/e2e-results/queue-worker-kill.json`.
 * - The webhook processor restarted keeps verifying; unpublishing removes the endpoint; a test
 *   listen works through main; no process's debug log leaks a secret.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { JsonObject } from '../../harness/rest/guards';
import { isJsonObject } from '../../harness/rest/guards';
import { log, seconds } from '../../harness/process/log';
import type { ExecutionSummary, Workflow } from '../../harness/rest/n8n-api';
import { mapConcurrently } from '../../harness/process/pool';
import type { QueueStack } from '../../harness/stacks/queueStack';
import { executionRunners, queueProductionUrl, queueRegisteredTestUrl, startQueueStack } from '../../harness/stacks/queueStack';
import { itLeaksNoSecrets } from './secretsAudit';
import { e2eOutputDir, outputOf, sleep, statusesOf, testUrl, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';
import { burstWithWorkerKilled, eventKeyOf } from './workerLoss';

const BURST_SIZE = 1000;
const BURST_CONCURRENCY = 16;
const KILL_BURST_SIZE = 300;
const CREATE_PATH = '/webhooks/v1/endpoints';

let stack: QueueStack;
let workflow: Workflow;
let trigger: JsonObject;
let endpointId: string;
const fileStarted = Date.now();

/** Every execution of the workflow, finished or not. */
async function allExecutions(): Promise<ExecutionSummary[]> {
	return await stack.api.executions(workflow.id);
}

/** POSTs that created an endpoint in FullStory (the emulator's request log). */
async function endpointCreates(): Promise<number> {
	return (await stack.fullstory.requests()).filter((request) => request.method === 'POST' && request.path === CREATE_PATH).length;
}

async function deliverSigned(): Promise<number[]> {
	return statusesOf(await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId } }));
}

interface Snapshot {
	ids: Set<string>;
	finished: number;
}

/** The workflow's executions so far (a lost one stays `running` or `new`, so both are kept). */
async function snapshot(): Promise<Snapshot> {
	return { finished: await stack.api.finishedExecutionCount(workflow.id), ids: new Set((await allExecutions()).map((execution) => execution.id)) };
}

/** Waits until `count` more executions than in `before` have finished, then returns the new ones. */
async function executionsAfter(before: Snapshot, count: number): Promise<ExecutionSummary[]> {
	await stack.api.waitForFinishedExecutionCount(workflow.id, before.finished + count, 60_000, 200);
	return (await allExecutions()).filter((execution) => !before.ids.has(execution.id));
}

/** The worker that ran an execution, from the workers' logs; fails unless exactly one did. */
function workerOf(executionId: string): string {
	const roles = executionRunners(stack).get(executionId) ?? [];
	expect([executionId, roles.length]).toEqual([executionId, 1]);
	expect(roles[0]).toMatch(/^worker-\d+$/);
	return roles[0];
}

beforeAll(async () => {
	stack = await startQueueStack({ name: 'queue-mode' });
	trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	workflow = await stack.api.createWorkflow(workflowIntoNoOp('FullStory trigger in queue mode', trigger));
	log(`queue mode: stack up in ${seconds(Date.now() - fileStarted)}`);
});

afterAll(async () => {
	await stack?.stop();
	log(`queue mode: whole file in ${seconds(Date.now() - fileStarted)}`);
});

it('publishing through main registers exactly one endpoint, for the webhook processor (N8N_WEBHOOK_URL), in one create', async () => {
	expect(await endpointCreates()).toBe(0);
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	expect(status.status).toBe('published');

	const endpoints = await stack.fullstory.endpoints();
	expect(endpoints).toHaveLength(1);
	expect(endpoints[0]).toMatchObject({ url: queueProductionUrl(stack, trigger), enabled: true, eventTypes: [{ eventName: 'note.created' }] });
	expect(endpoints[0].url.startsWith(stack.webhook.baseUrl)).toBe(true);
	expect(endpoints[0].secret).toMatch(/^[0-9a-f]{64}$/);
	endpointId = endpoints[0].id;
	// One registration for the whole stack: two workers and a webhook processor add none.
	expect(await endpointCreates()).toBe(1);

	// Main stored the endpoint's record in the workflow's static data, in the shared database.
	const stored = await stack.api.getWorkflow(workflow.id);
	expect(JSON.stringify(isJsonObject(stored.staticData) ? stored.staticData : {})).toContain('endpointSecret');
	// Main does not serve production webhooks (N8N_DISABLE_PRODUCTION_MAIN_PROCESS).
	const onMain = await fetch(`${stack.main.baseUrl}/webhook/${String(trigger.webhookId)}/webhook`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } });
	await onMain.arrayBuffer();
	expect(onMain.status).toBe(404);
});

it('the webhook processor verifies signed deliveries with the secret main stored, a worker runs them; forged ones get 401 and start nothing', async () => {
	const before = await snapshot();
	const result = await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId } });
	expect(statusesOf(result)).toEqual([200]);
	const [execution] = await executionsAfter(before, 1);
	expect(execution).toMatchObject({ status: 'success', mode: 'webhook' });
	const items = await outputOf(stack, execution, String(trigger.name));
	expect(items).toEqual([expect.objectContaining({ eventName: 'note.created', eventKey: eventKeyOf(result) })]);
	// Received and queued by the webhook processor, run by a worker, neither by main.
	expect(stack.webhook.logText()).toContain(`Enqueued execution ${execution.id} `);
	log(`queue mode: execution ${execution.id} ran on ${workerOf(execution.id)}`);
	expect(stack.main.logText()).not.toContain('Worker started execution');

	const rejectedBefore = stack.webhook.logText().split('FullStory Trigger rejected a delivery').length;
	// Four reasons, so four lines: a reason repeated within a minute is counted, not logged again.
	for (const options of [{ tamperBody: true }, { omitSignature: true }, { timestampOffsetSeconds: -3600 }, { timestampOffsetSeconds: 3600 }]) {
		expect([options, statusesOf(await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId }, options }))]).toEqual([options, [401]]);
	}
	await sleep(1500);
	expect(await allExecutions()).toHaveLength(before.ids.size + 1);
	// The four refusals were the webhook processor's (logged at warn, each with its reason).
	expect(stack.webhook.logText().split('FullStory Trigger rejected a delivery').length - rejectedBefore).toBe(4);
});

it(`a burst of ${BURST_SIZE} distinct signed deliveries, ${BURST_CONCURRENCY} in flight: exactly ${BURST_SIZE} successful executions, all on the workers`, async () => {
	const before = await snapshot();
	const started = Date.now();
	const results = await mapConcurrently(Array.from({ length: BURST_SIZE }), BURST_CONCURRENCY, async () =>
		await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId } }),
	);
	const answeredMs = Date.now() - started;
	const statuses = results.flatMap(statusesOf);
	expect(statuses.filter((status) => status !== 200)).toEqual([]);
	expect(statuses).toHaveLength(BURST_SIZE);

	await stack.api.waitForFinishedExecutionCount(workflow.id, before.finished + BURST_SIZE, 5 * 60_000);
	const finishedMs = Date.now() - started;
	const executions = (await allExecutions()).filter((execution) => !before.ids.has(execution.id));
	expect(executions).toHaveLength(BURST_SIZE);
	expect(executions.filter((execution) => execution.status !== 'success').map((e) => [e.id, e.status])).toEqual([]);

	const sentKeys = results.map(eventKeyOf);
	expect(new Set(sentKeys).size).toBe(BURST_SIZE);
	const receivedKeys = (
		await mapConcurrently(executions, 8, async (execution) => (await outputOf(stack, execution, String(trigger.name))).map((item) => String(item.eventKey)))
	).flat();
	expect(receivedKeys.sort()).toEqual([...sentKeys].sort());

	const runners = executionRunners(stack);
	const byWorker: Record<string, number> = {};
	for (const execution of executions) {
		const roles = runners.get(execution.id) ?? ['(no worker logged it)'];
		for (const role of roles) byWorker[role] = (byWorker[role] ?? 0) + 1;
	}
	expect(Object.values(byWorker).reduce((sum, count) => sum + count, 0)).toBe(BURST_SIZE);
	expect(Object.keys(byWorker).sort()).toEqual(stack.workers.map(({ role }) => role).sort());

	const figures = {
		mode: 'queue: 1 main, 2 workers, 1 webhook processor, PostgreSQL, Redis',
		deliveries: BURST_SIZE,
		concurrency: BURST_CONCURRENCY,
		answered200: statuses.length,
		executions: executions.length,
		distinctEventsExecuted: new Set(receivedKeys).size,
		executionsByWorker: byWorker,
		allAnsweredSeconds: answeredMs / 1000,
		allFinishedSeconds: finishedMs / 1000,
		deliveriesPerSecond: Math.round((BURST_SIZE / answeredMs) * 1000 * 10) / 10,
		n8nLogLevel: 'debug',
	};
	writeFileSync(join(e2eOutputDir(), 'queue-burst.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	log(`queue burst: ${JSON.stringify(figures)}`);
});

it(`a worker SIGKILLed in a burst of ${KILL_BURST_SIZE} and replaced: nothing runs twice; accepted deliveries lost are counted`, async () => {
	const outcome = await burstWithWorkerKilled(stack, { workflowId: workflow.id, endpointId, triggerName: String(trigger.name), deliveries: KILL_BURST_SIZE });
	writeFileSync(join(e2eOutputDir(), 'queue-worker-kill.json'), `${JSON.stringify(outcome, null, '\t')}\n`);

	expect(outcome.duplicates).toEqual([]);
	expect(outcome.executionsStartedTwice).toEqual([]);
	// The answer comes once the job is queued: the kill cannot turn a delivery away.
	expect(outcome.accepted).toBe(KILL_BURST_SIZE);
	// Every accepted delivery made one execution; each either ran once or is lost.
	expect(Object.values(outcome.executionsByStatus).reduce((sum, count) => sum + count, 0)).toBe(outcome.accepted);
	expect(outcome.eventsRun + outcome.lostAccepted.length).toBe(outcome.accepted);
	expect(outcome.replacement).toBeDefined();

	// The new worker takes jobs: deliveries after it joined all run, some of them on it.
	const before = await snapshot();
	const statuses = (await mapConcurrently(Array.from({ length: 40 }), 8, async () => await deliverSigned())).flat();
	expect(statuses.filter((status) => status !== 200)).toEqual([]);
	const after = await executionsAfter(before, 40);
	expect(after.filter((execution) => execution.status !== 'success')).toEqual([]);
	const roles = after.map((execution) => workerOf(execution.id));
	expect(roles).toContain(outcome.replacement);
	expect(roles).not.toContain(outcome.killedWorker);
});

it('the webhook processor restarted: deliveries keep verifying and running', async () => {
	const stopping = Date.now();
	await stack.webhook.restart();
	// n8n 2.40.7's webhook processor waits on shutdown for executions it enqueued and never saw
	// finish (Bull's job.finished() misses some quick jobs): a figure for the log, not a check.
	const waits = [...stack.webhook.logText().matchAll(/Waiting for (\d+) active executions to finish/g)].map((match) => Number(match[1]));
	log(`queue mode: webhook processor restarted in ${seconds(Date.now() - stopping)}; on shutdown it waited for ${String(waits.at(-1) ?? 0)} executions it had enqueued`);
	const before = await snapshot();
	expect(await deliverSigned()).toEqual([200]);
	const [execution] = await executionsAfter(before, 1);
	expect(execution.status).toBe('success');
	workerOf(execution.id);
	expect(statusesOf(await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId }, options: { wrongSecret: true } }))).toEqual([401]);
	// Still one endpoint, still one registration: restarting a webhook processor registers nothing.
	expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.id)).toEqual([endpointId]);
	expect(await endpointCreates()).toBe(1);
});

it('unpublishing through main removes the endpoint', async () => {
	const { secret } = (await stack.fullstory.endpoints())[0];
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	expect(await stack.fullstory.endpoints()).toEqual([]);
	// The webhook processor no longer knows the URL.
	const late = await stack.fullstory.deliver({ eventName: 'note.created', target: { url: queueProductionUrl(stack, trigger), secret } });
	expect(statusesOf(late)).toEqual([404]);
});

it('listening for a test event works through main: registers the test URL, the event runs on main, the endpoint goes', async () => {
	const before = await snapshot();
	expect(await stack.api.runManually(workflow.id, String(trigger.name))).toEqual({ waitingForWebhook: true });
	const [registered] = await stack.fullstory.endpoints();
	// Main registers what it sees: /webhook-test/ under N8N_WEBHOOK_URL, which a deployment routes to main.
	expect(registered?.url).toBe(queueRegisteredTestUrl(stack, trigger));
	const result = await stack.fullstory.deliver({ eventName: 'note.created', target: { url: testUrl(stack, trigger), secret: registered.secret } });
	expect(statusesOf(result)).toEqual([200]);
	const [execution] = await executionsAfter(before, 1);
	expect(execution).toMatchObject({ status: 'success', mode: 'manual' });
	expect(await outputOf(stack, execution, String(trigger.name))).toEqual([expect.objectContaining({ eventKey: eventKeyOf(result) })]);
	// Manual executions run on main in 2.40.7 (unless OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true).
	expect(executionRunners(stack).get(execution.id)).toBeUndefined();
	for (let waited = 0; waited < 50 && (await stack.fullstory.endpoints()).length > 0; waited++) await sleep(200);
	expect(await stack.fullstory.endpoints()).toEqual([]);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
