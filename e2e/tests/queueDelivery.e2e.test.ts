/**
 * Delivery guarantees in n8n 2.40.7's queue mode (queueStack.ts: main, 2 workers, 1 webhook
 * processor, PostgreSQL, Redis), with FullStory's retries on (the emulator retries like FullStory
 * on a compressed schedule: 30 retries over about 5 hours become about 18 s) and a worker
 * SIGKILLed mid-burst and replaced each time.
 * - At least once: with Respond = When the Workflow Has Finished, n8n answers only after the
 *   execution ran, so the executions the killed worker held are answered 500 once n8n fails their
 *   stalled jobs, and FullStory retries them: every event sent ends in a successful execution.
 *   Retries and duplicates are counted, with what FullStory was answered and when
 *   (`build/e2e-results/queue-at-least-once.json`). A duplicate follows a delivery the webhook
 *   processor never answered although its execution succeeded (FullStory timed out and retried).
 * - Exactly once: the Postgres example (examples/fullstory-events-exactly-once-postgres.json)
 *   claims each eventKey in a table with a lease; 60 events and all 60 redelivered, 16 in flight,
 *   reach its handler once each, across workers, through the kill and FullStory's retries. n8n's
 *   Remove Duplicates example gets the same deliveries in the same run; what it let through goes
 *   beside it into `build/e2e-results/queue-exactly-once.json`.
 * - A claim held by another execution (live, or dead within its lease): the example answers 500
 *   (its Stop and Error) until the lease ends, then a retry handles the event, once.
 * - No process's debug log leaks a secret.
 *
 * Each example's "Handle Event" (a No Op placeholder) is replaced by an INSERT into a
 * `fullstory_handled` table (workflow, eventKey, execution id), so every handling is counted,
 * including one by an execution that died afterwards and left no run data.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { DeliveryLogEntry, DeliveryResult, DeliveryStatus } from '../../emulator/deliveries/types';
import { nodeOutput } from '../../harness/rest/execution-data';
import type { JsonObject } from '../../harness/rest/guards';
import { isArrayOf, isJsonObject, isString } from '../../harness/rest/guards';
import { log, seconds } from '../../harness/process/log';
import type { Credential, ExecutionSummary, WorkflowInput } from '../../harness/rest/n8n-api';
import { findRepoRoot } from '../../harness/install/paths';
import { mapConcurrently } from '../../harness/process/pool';
import { cleanEnv, runCommand } from '../../harness/install/run-command';
import { postgresBinDir } from '../../harness/process/services';
import type { QueueProcess, QueueStack } from '../../harness/stacks/queueStack';
import { executionRunners, executionsNeverSettledByWebhook, queueProductionUrl, stalledExecutions, startQueueStack } from '../../harness/stacks/queueStack';
import { itLeaksNoSecrets } from './secretsAudit';
import { CREDENTIAL_TYPE, decodedExecution, e2eOutputDir, endpointsAt, sleep, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';
import { burstWithWorkerKilled, eventKeyOf, unfinishedIn, waitForQueueToDrain, waitUntilBusy } from './workerLoss';

/** FullStory's retry schedule compressed a thousandfold: 10 s … 12 min waits become 10 ms … 0.72 s. */
const RETRY_TIME_SCALE = 0.001;
/**
 * Longer than a killed worker's jobs take to fail (the shortened lock: about 10-15 s), so the
 * webhook processor's own answer for them is seen rather than the emulator giving up first.
 */
const DELIVERY_TIMEOUT_MS = 25_000;
const SETTLE_TIMEOUT_MS = 150_000;
const AT_LEAST_ONCE_DELIVERIES = 120;
const EVENTS = 60;
const CONCURRENCY = 16;
/** The claim's lease in the test (the example's is 600 s): a dead execution's claim expires within FullStory's retries. */
const LEASE_SECONDS = 5;
/** The worker is killed once this many of the 120 deliveries (60 events, then their redeliveries) were answered. */
const KILL_AFTER = 40;

const APP_DATABASE = 'fullstory_app';
const EXACTLY_ONCE_FILE = 'fullstory-events-exactly-once-postgres.json';
const DEDUPE_FILE = 'fullstory-events-deduplicated.json';
const TRIGGER = 'FullStory Trigger';
const HANDLER = 'Handle Event';
const LABEL_EXACTLY_ONCE = 'exactly-once-postgres';
const LABEL_DEDUPE = 'remove-duplicates';

let stack: QueueStack;
let postgresCredential: Credential;
/** The published Postgres example (test 2), reused by the held-claim test. */
let exactlyOnce: { id: string; endpointId: string } | undefined;
const fileStarted = Date.now();

// ---- the application database (not n8n's) ------------------------------------------------------

/** Runs SQL with psql against the stack's PostgreSQL; rows as tab-separated fields. */
async function sql(database: string, statement: string): Promise<string[][]> {
	const { host, port, user, password } = stack.postgres;
	const output = await runCommand(
		join(postgresBinDir(), 'psql'),
		['-X', '-q', '-A', '-t', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-h', host, '-p', String(port), '-U', user, '-d', database, '-c', statement],
		{ cwd: tmpdir(), env: cleanEnv({ PGPASSWORD: password }), captureStdout: true },
	);
	return output
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => line.split('\t'));
}

async function createAppDatabase(): Promise<void> {
	await sql('postgres', `CREATE DATABASE ${APP_DATABASE}`);
	// The example's table, as its notes give it, and the test's record of every handling.
	await sql(
		APP_DATABASE,
		'CREATE TABLE fullstory_events (event_key text PRIMARY KEY, claimed_at timestamptz NOT NULL DEFAULT now(), done_at timestamptz); ' +
			'CREATE TABLE fullstory_handled (workflow text NOT NULL, event_key text NOT NULL, execution_id text NOT NULL, handled_at timestamptz NOT NULL DEFAULT now())',
	);
}

// ---- the examples, imported as a user would ------------------------------------------------------

function readExample(file: string): WorkflowInput {
	const example: unknown = JSON.parse(readFileSync(join(findRepoRoot(), 'examples', file), 'utf8'));
	if (!isJsonObject(example) || !isString(example.name) || !isArrayOf(example.nodes, isJsonObject) || !isJsonObject(example.connections)) {
		throw new Error(`examples/${file} is not a workflow`);
	}
	return { name: example.name, nodes: example.nodes, connections: example.connections, settings: isJsonObject(example.settings) ? example.settings : {} };
}

/** Each node's credential chosen by type, as the editor asks on import. */
function withCredentials(node: JsonObject): JsonObject {
	if (!isJsonObject(node.credentials)) return node;
	const chosen: JsonObject = {};
	for (const type of Object.keys(node.credentials)) {
		if (type === CREDENTIAL_TYPE) chosen[type] = { id: stack.credential.id, name: stack.credential.name };
		else if (type === 'postgres') chosen[type] = { id: postgresCredential.id, name: postgresCredential.name };
		else throw new Error(`e2e: the example asks for a ${type} credential`);
	}
	return { ...node, credentials: chosen };
}

/** The placeholder "Handle Event" as a recorded side effect: one row per handling, with the execution's id. */
function recordingHandler(placeholder: JsonObject, label: string): JsonObject {
	expect(placeholder.type).toBe('n8n-nodes-base.noOp');
	return {
		...placeholder,
		type: 'n8n-nodes-base.postgres',
		typeVersion: 2.6,
		parameters: {
			operation: 'executeQuery',
			query: 'INSERT INTO fullstory_handled (workflow, event_key, execution_id) VALUES ($1, $2, $3) RETURNING event_key',
			options: { queryReplacement: `={{ [${JSON.stringify(label)}, $('${TRIGGER}').item.json.eventKey, $execution.id] }}` },
		},
		credentials: { postgres: { id: postgresCredential.id, name: postgresCredential.name } },
	};
}

interface Prepared {
	workflow: WorkflowInput;
	trigger: JsonObject;
}

/** An example with credentials chosen, Respond = When the Workflow Has Finished, its handler recorded; `adjust` edits nodes. */
function prepareExample(file: string, label: string, adjust: (node: JsonObject) => JsonObject = (node) => node): Prepared {
	const example = readExample(file);
	const nodes = example.nodes.map((original) => {
		let node = adjust(withCredentials(original));
		if (node.name === HANDLER) node = recordingHandler(node, label);
		if (node.name === TRIGGER) {
			const parameters = isJsonObject(node.parameters) ? node.parameters : {};
			const options = isJsonObject(parameters.options) ? parameters.options : {};
			// A fresh webhook id: each imported copy gets its own URL.
			node = { ...node, webhookId: randomUUID(), parameters: { ...parameters, options: { ...options, respond: 'whenFinished' } } };
		}
		return node;
	});
	const trigger = nodes.find((node) => node.name === TRIGGER);
	if (trigger === undefined) throw new Error(`examples/${file} has no ${TRIGGER}`);
	return { workflow: { ...example, nodes }, trigger };
}

/** The lease is the Claim Event query's second parameter (600 s in the example). */
function withLease(node: JsonObject): JsonObject {
	if (node.name !== 'Claim Event') return node;
	const parameters = isJsonObject(node.parameters) ? node.parameters : {};
	const options = isJsonObject(parameters.options) ? parameters.options : {};
	const replacement = String(options.queryReplacement);
	expect(replacement.match(/\b600\b/g)).toHaveLength(1);
	return { ...node, parameters: { ...parameters, options: { ...options, queryReplacement: replacement.replace(/\b600\b/, String(LEASE_SECONDS)) } } };
}

async function publishPrepared({ workflow, trigger }: Prepared): Promise<{ id: string; endpointId: string }> {
	const created = await stack.api.createWorkflow(workflow);
	const status = await stack.api.publish(created.id, created.versionId);
	expect([workflow.name, status.status]).toEqual([workflow.name, 'published']);
	const endpoints = await endpointsAt(stack, queueProductionUrl(stack, trigger));
	expect(endpoints).toHaveLength(1);
	return { id: created.id, endpointId: endpoints[0].id };
}

// ---- accounting -----------------------------------------------------------------------------------

function tally(values: Iterable<string>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/** An attempt's outcome as FullStory sees it: the status, or why there was none. */
function answerOf(entry: { status?: number; error?: string }): string {
	if (entry.status !== undefined) return String(entry.status);
	return entry.error === undefined ? 'no answer' : entry.error.replace(/\d+ ?ms/, '<t>');
}

interface RetryAccount {
	deliveries: number;
	/** Deliveries that needed more than one attempt. */
	retriedDeliveries: number;
	/** Attempts after the first, over all deliveries. */
	retryAttempts: number;
	/** Settled states: every one should be `succeeded` (FullStory got a 2xx in the end). */
	states: Record<string, number>;
	/** Every attempt that was not answered 2xx, by its answer (status, or timeout/network error). */
	failedAttemptAnswers: Record<string, number>;
	/** The same, for first attempts only. */
	failedFirstAttemptAnswers: Record<string, number>;
	/** A body n8n sent with a non-2xx answer, for the record. */
	sampleErrorAnswer: string | undefined;
}

function retryAccount(statuses: DeliveryStatus[], attempts: DeliveryLogEntry[], endpointId: string): RetryAccount {
	const mine = statuses.filter((status) => status.endpointId === endpointId && status.state !== 'dropped');
	const failed = attempts.filter((entry) => entry.endpointId === endpointId && entry.dropped !== true && !(entry.status !== undefined && entry.status < 300));
	return {
		deliveries: mine.length,
		retriedDeliveries: mine.filter((status) => status.attempts > 1).length,
		retryAttempts: mine.reduce((sum, status) => sum + Math.max(0, status.attempts - 1), 0),
		states: tally(mine.map((status) => status.state)),
		failedAttemptAnswers: tally(failed.map(answerOf)),
		failedFirstAttemptAnswers: tally(failed.filter((entry) => entry.attempt === 1).map(answerOf)),
		sampleErrorAnswer: failed.find((entry) => entry.responseBody !== undefined && entry.responseBody !== '')?.responseBody?.slice(0, 300),
	};
}

/** Seconds from `since` to each non-2xx attempt's end, by answer: how long FullStory waited for each kind. */
function answerDelays(attempts: DeliveryLogEntry[], endpointId: string, since: string | undefined): Record<string, number[]> {
	const delays: Record<string, number[]> = {};
	if (since === undefined) return delays;
	for (const entry of attempts) {
		if (entry.endpointId !== endpointId || entry.dropped === true || (entry.status !== undefined && entry.status < 300)) continue;
		const delay = Math.round((Date.parse(entry.time) - Date.parse(since)) / 100) / 10;
		(delays[answerOf(entry)] ??= []).push(delay);
	}
	return delays;
}

/** eventKeys of the deliveries to one endpoint with an attempt that got no answer in time. */
function timedOutKeys(attempts: DeliveryLogEntry[], endpointId: string): Set<string> {
	return new Set(
		attempts
			.filter((entry) => entry.endpointId === endpointId && entry.status === undefined && entry.dropped !== true)
			.map((entry) => eventKeyOf({ eventName: entry.eventName, body: entry.body, deliveries: [] })),
	);
}

/** eventKeys of the delivery attempts to one endpoint that were retried (attempt > 1). */
function retriedKeys(attempts: DeliveryLogEntry[], endpointId: string): Set<string> {
	return new Set(attempts.filter((entry) => entry.endpointId === endpointId && entry.attempt > 1).map((entry) => eventKeyOf({ eventName: entry.eventName, body: entry.body, deliveries: [] })));
}

/** The workflow's executions once the queue is empty and the list stops changing. */
async function settledExecutions(workflowId: string): Promise<ExecutionSummary[]> {
	await waitForQueueToDrain(stack, 60_000);
	let executions = await stack.api.executions(workflowId);
	for (let round = 0; ; round++) {
		await sleep(1_000);
		const again = await stack.api.executions(workflowId);
		const same = JSON.stringify(again.map((e) => [e.id, e.status])) === JSON.stringify(executions.map((e) => [e.id, e.status]));
		executions = again;
		if (same) return executions;
		if (round > 60) throw new Error(`e2e: executions of ${workflowId} kept changing`);
	}
}

beforeAll(async () => {
	stack = await startQueueStack({ name: 'queue-delivery' });
	const config = await stack.fullstory.configure({ deliveryRetries: 'fullstory', retryTimeScale: RETRY_TIME_SCALE, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
	expect(config).toMatchObject({ deliveryRetries: 'fullstory', retryTimeScale: RETRY_TIME_SCALE, deliveryTimeoutMs: DELIVERY_TIMEOUT_MS });
	log(`queue delivery: stack up in ${seconds(Date.now() - fileStarted)}`);
});

afterAll(async () => {
	await stack?.stop();
	log(`queue delivery: whole file in ${seconds(Date.now() - fileStarted)}`);
});

it(`Respond = When the Workflow Has Finished, a worker SIGKILLed in a burst of ${AT_LEAST_ONCE_DELIVERIES} and replaced, FullStory retrying: no event lost`, async () => {
	const trigger = triggerNode(stack, { events: ['note.created'], options: { respond: 'whenFinished' } });
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp('queue mode, respond when finished', trigger));
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	const [endpoint] = await endpointsAt(stack, queueProductionUrl(stack, trigger));
	let statuses: DeliveryStatus[] = [];

	const outcome = await (async () => {
		try {
			return await burstWithWorkerKilled(stack, {
				workflowId: workflow.id,
				endpointId: endpoint.id,
				triggerName: String(trigger.name),
				deliveries: AT_LEAST_ONCE_DELIVERIES,
				concurrency: CONCURRENCY,
				killWhenBusy: true,
				settle: async () => {
					statuses = await stack.fullstory.waitForDeliveriesSettled({ timeoutMs: SETTLE_TIMEOUT_MS });
				},
			});
		} finally {
			// The next test's deliveries go to every note.created endpoint: this one must be gone.
			expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
		}
	})();
	const attempts = await stack.fullstory.deliveries();
	const retries = retryAccount(statuses, attempts, endpoint.id);
	const retried = retriedKeys(attempts, endpoint.id);
	const timedOut = timedOutKeys(attempts, endpoint.id);
	const ids = new Set((await stack.api.executions(workflow.id)).map((execution) => execution.id));
	// The killed worker's executions the webhook processor gave up on, and the ones it never answered.
	const stalled = stalledExecutions(stack).filter((id) => ids.has(id));
	const neverAnswered = executionsNeverSettledByWebhook(stack).filter((id) => ids.has(id));
	const figures = {
		mode: 'queue: 1 main, 2 workers (one SIGKILLed and replaced), 1 webhook processor, PostgreSQL, Redis',
		respond: 'whenFinished',
		retryTimeScale: RETRY_TIME_SCALE,
		deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
		...outcome,
		// Every event sent that never ran to success, whatever FullStory was told: the loss.
		lost: [...outcome.lostAccepted, ...outcome.refusedNeverRan],
		retries,
		/** Seconds after the SIGKILL at which each failed attempt ended, by answer. */
		failedAnswerSecondsAfterKill: answerDelays(attempts, endpoint.id, outcome.killedAt),
		stalledExecutionsFailedByWebhookProcessor: stalled,
		executionsTheWebhookProcessorNeverAnswered: neverAnswered,
		duplicatesAfterRetry: outcome.duplicates.filter((key) => retried.has(key)).length,
		/** Duplicates whose earlier, successful execution went unanswered until FullStory's timeout. */
		duplicatesAfterATimeout: outcome.duplicates.filter((key) => timedOut.has(key)).length,
	};
	writeFileSync(join(e2eOutputDir(), 'queue-at-least-once.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	log(`queue at least once: ${JSON.stringify({ ...figures, unsuccessful: figures.unsuccessful.length })}`);

	// FullStory got a 2xx for every delivery in the end, and every event ran to success: none lost.
	expect(retries.states).toEqual({ succeeded: AT_LEAST_ONCE_DELIVERIES });
	expect(figures.lost).toEqual([]);
	expect(outcome.eventsRun).toBe(AT_LEAST_ONCE_DELIVERIES);
	// When the kill cost executions (it can land between jobs: logged, not failed), FullStory's
	// retries paid for them.
	if (outcome.unsuccessful.length === 0) log('queue at least once: the kill cost no execution in this run');
	else expect(retries.retriedDeliveries).toBeGreaterThan(0);
	// No execution ran twice; a duplicate can only be a retried event's second successful execution.
	expect(outcome.executionsStartedTwice).toEqual([]);
	expect(outcome.duplicates.filter((key) => !retried.has(key))).toEqual([]);
	// n8n answers 500 only for an execution that failed: a second successful execution of an event
	// follows an attempt that got no answer in time (its first execution had succeeded unanswered).
	expect(outcome.duplicates.filter((key) => !timedOut.has(key))).toEqual([]);
	expect(outcome.replacement).toBeDefined();
	// FullStory saw only n8n's error answer (a job of the killed worker, failed by the stall check)
	// or no answer in time (a delivery the webhook processor never answered); both are retried.
	expect(Object.keys(retries.failedAttemptAnswers).filter((answer) => answer !== '500' && answer !== 'ETIMEDOUT')).toEqual([]);
	if (outcome.unsuccessful.length > 0) expect(stalled.length).toBeGreaterThan(0);
});

it(`exactly once across workers with the Postgres claim: ${EVENTS} events and their redeliveries, ${CONCURRENCY} in flight, a worker killed, each handled once; Remove Duplicates measured beside it`, async () => {
	await createAppDatabase();
	const credentialData = { host: stack.postgres.host, port: stack.postgres.port, database: APP_DATABASE, user: stack.postgres.user, password: stack.postgres.password, ssl: 'disable', allowUnauthorizedCerts: false, maxConnections: 20 };
	postgresCredential = await stack.api.createCredential('Postgres (application database)', 'postgres', credentialData);
	expect((await stack.api.testCredential(postgresCredential, credentialData)).status).toBe('OK');

	const exactlyOnceExample = prepareExample(EXACTLY_ONCE_FILE, LABEL_EXACTLY_ONCE, withLease);
	const dedupeExample = prepareExample(DEDUPE_FILE, LABEL_DEDUPE);
	const claimWorkflow = await publishPrepared(exactlyOnceExample);
	exactlyOnce = claimWorkflow;
	const dedupe = await publishPrepared(dedupeExample);
	// Nothing else listens for note.created now: each delivery reaches these two endpoints.
	expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.id).sort()).toEqual([claimWorkflow.endpointId, dedupe.endpointId].sort());

	// 60 events (their bodies made, not sent), then each sent and redelivered: the same signed bytes twice.
	const bodies = await mapConcurrently(Array.from({ length: EVENTS }), 8, async () => (await stack.fullstory.deliver({ eventName: 'note.created', options: { drop: true } })).body);
	const sentKeys = bodies.map((body) => eventKeyOf({ eventName: 'note.created', body, deliveries: [] }));
	expect(new Set(sentKeys).size).toBe(EVENTS);

	const victim: QueueProcess | undefined = stack.workers[0];
	if (victim === undefined) throw new Error('e2e: no worker to kill');
	let answered = 0;
	let activeJobsAtKill = -1;
	let replacement: QueueProcess | undefined;
	let killing: Promise<void> | undefined;
	const started = Date.now();
	const results: DeliveryResult[] = await mapConcurrently([...bodies, ...bodies], CONCURRENCY, async (body) => {
		const result = await stack.fullstory.deliver({ eventName: 'note.created', body });
		if (++answered === KILL_AFTER) {
			killing = (async () => {
				// Mid-way, and while the victim runs an execution of the claim workflow: the kill must test it.
				await waitUntilBusy(victim, claimWorkflow.id);
				activeJobsAtKill = (await stack.queueCounts()).active;
				await stack.killWorker(victim);
				log(`exactly once: ${victim.role} SIGKILLed once ${KILL_AFTER} of ${EVENTS * 2} deliveries were answered (${activeJobsAtKill} jobs active)`);
				replacement = await stack.startWorker();
			})();
		}
		return result;
	});
	const answeredMs = Date.now() - started;
	await killing;
	expect(results.every((result) => result.deliveries.length === 2)).toBe(true);
	const statuses = await stack.fullstory.waitForDeliveriesSettled({ timeoutMs: SETTLE_TIMEOUT_MS });
	const settledMs = Date.now() - started;
	const attempts = await stack.fullstory.deliveries();

	const handledRows = await sql(APP_DATABASE, 'SELECT workflow, event_key, execution_id FROM fullstory_handled ORDER BY handled_at');
	const claims = await sql(APP_DATABASE, 'SELECT count(*), count(done_at) FROM fullstory_events');

	const killed = new Set([...unfinishedIn(victim.n8n.logText()), ...stalledExecutions(stack)]);
	const account = async (label: string, workflowId: string, endpointId: string) => {
		const executions = await settledExecutions(workflowId);
		const statusOf = new Map(executions.map((execution) => [execution.id, execution.status]));
		const rows = handledRows.filter(([workflow]) => workflow === label).map(([, key, executionId]) => ({ key, executionId, succeeded: statusOf.get(executionId) === 'success' }));
		const perKey = (which: typeof rows) => tally(which.map((row) => row.key));
		const all = perKey(rows);
		const bySuccessful = perKey(rows.filter((row) => row.succeeded));
		const byUnsuccessful = perKey(rows.filter((row) => !row.succeeded));
		const runners = executionRunners(stack);
		return {
			executions: executions.length,
			executionsByStatus: tally(executions.map((execution) => execution.status)),
			/** Handlings recorded (rows): side effects, whoever made them. */
			handlings: rows.length,
			handledInSuccessfulExecutions: rows.filter((row) => row.succeeded).length,
			handledByExecutionsThatDidNotSucceed: rows.filter((row) => !row.succeeded).length,
			distinctEventsHandled: Object.keys(all).length,
			lost: sentKeys.filter((key) => all[key] === undefined),
			/** Handlings beyond the first, per event: redeliveries let through. */
			duplicates: Object.values(all).reduce((sum, count) => sum + count - 1, 0),
			duplicateKeys: Object.keys(all).filter((key) => all[key] > 1),
			/** Events handled twice by successful executions: never allowed for the claim. */
			handledTwiceBySuccessfulExecutions: Object.keys(bySuccessful).filter((key) => bySuccessful[key] > 1),
			/** Duplicates that no died execution explains. */
			unexplainedDuplicates: Object.keys(all).filter((key) => all[key] - 1 > (byUnsuccessful[key] ?? 0)),
			/** What the kill cost: the killed worker's executions (unfinished in its log, or failed as stalled) that did not succeed. */
			killedExecutions: [...killed].filter((id) => statusOf.has(id) && statusOf.get(id) !== 'success').length,
			executionsStartedTwice: [...runners.entries()].filter(([id, roles]) => statusOf.has(id) && roles.length > 1).map(([id]) => id),
			retries: retryAccount(statuses, attempts, endpointId),
			executionsTheWebhookProcessorNeverAnswered: executionsNeverSettledByWebhook(stack).filter((id) => statusOf.has(id)).length,
			succeeded: executions.filter((execution) => execution.status === 'success'),
			all: executions,
		};
	};
	const claim = await account(LABEL_EXACTLY_ONCE, claimWorkflow.id, claimWorkflow.endpointId);
	const removeDuplicates = await account(LABEL_DEDUPE, dedupe.id, dedupe.endpointId);

	// Where each execution of the claim workflow ended (its last node), and what reached Handle
	// Event in the successful ones' run data (to match against the recorded handlings).
	// An execution of the killed worker can still have succeeded: saved as finished just before the
	// SIGKILL, whose log line about it was lost with the process. Its run data counts like any other.
	const runs = await mapConcurrently(claim.all, 8, async (execution) => {
		if (killed.has(execution.id) && execution.status !== 'success') return { path: `${execution.status}: killed with its worker`, handled: [] };
		const decoded = await decodedExecution(stack, execution.id);
		const handled = execution.status === 'success' && decoded.runs.has(HANDLER) ? nodeOutput(decoded, HANDLER).map((item) => String(item.event_key)) : [];
		const where = killed.has(execution.id) ? ' (finished on the killed worker)' : '';
		return { path: `${execution.status}: ${decoded.lastNodeExecuted ?? '(none)'}${where}`, handled };
	});
	const handledInRunData = runs.flatMap((run) => run.handled);
	const outcomeOf = ({ succeeded: _succeeded, all: _all, ...rest }: typeof claim) => rest;
	const figures = {
		mode: 'queue: 1 main, 2 workers (one SIGKILLed and replaced), 1 webhook processor, PostgreSQL, Redis',
		events: EVENTS,
		deliveriesPerWorkflow: EVENTS * 2,
		concurrency: CONCURRENCY,
		respond: 'whenFinished (both workflows)',
		retryTimeScale: RETRY_TIME_SCALE,
		deliveryTimeoutMs: DELIVERY_TIMEOUT_MS,
		leaseSeconds: LEASE_SECONDS,
		killedWorker: victim.role,
		killedAfterAnswered: KILL_AFTER,
		activeJobsAtKill,
		replacement: replacement?.role,
		answeredSeconds: answeredMs / 1000,
		settledSeconds: settledMs / 1000,
		exactlyOncePostgres: {
			...outcomeOf(claim),
			/** By status and the last node run: Mark Handled (handled), Drop Redelivery (already handled), Retry Later (claimed elsewhere). */
			executionsByPath: tally(runs.map((run) => run.path)),
			handleEventInSuccessfulRunData: handledInRunData.length,
			claimRows: Number(claims[0][0]),
			claimsDone: Number(claims[0][1]),
		},
		removeDuplicates: outcomeOf(removeDuplicates),
	};
	writeFileSync(join(e2eOutputDir(), 'queue-exactly-once.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	log(`queue exactly once: ${JSON.stringify(figures)}`);

	// FullStory got a 2xx for every delivery in the end (a claim held by a live execution answers 500, retried later).
	expect(claim.retries.states).toEqual({ succeeded: EVENTS * 2 });
	// Every event handled, and marked handled.
	expect(claim.lost).toEqual([]);
	expect(claim.distinctEventsHandled).toBe(EVENTS);
	expect([figures.exactlyOncePostgres.claimRows, figures.exactlyOncePostgres.claimsDone]).toEqual([EVENTS, EVENTS]);
	// Once: never twice by successful executions; a second handling only where an execution died after handling.
	expect(claim.handledTwiceBySuccessfulExecutions).toEqual([]);
	expect(claim.unexplainedDuplicates).toEqual([]);
	expect(claim.executionsStartedTwice).toEqual([]);
	// The run data agrees with the recorded handlings.
	expect(handledInRunData.sort()).toEqual(
		handledRows
			.filter(([workflow, , executionId]) => workflow === LABEL_EXACTLY_ONCE && claim.succeeded.some((execution) => execution.id === executionId))
			.map(([, key]) => key)
			.sort(),
	);
	expect(new Set(handledInRunData).size).toBe(handledInRunData.length);
	// When the kill cost executions (it can land between jobs: logged, not failed), retries followed.
	if (claim.killedExecutions + removeDuplicates.killedExecutions === 0) log('queue exactly once: the kill cost no execution in this run');
	else expect(claim.retries.retriedDeliveries).toBeGreaterThan(0);
	expect(replacement).toBeDefined();
	// Remove Duplicates is measured, not judged; it must at least have run the same load.
	expect(removeDuplicates.retries.deliveries).toBe(EVENTS * 2);
});

it(`a claim held by another execution: FullStory is answered 500 until the ${LEASE_SECONDS} s lease ends, then the event is handled once; a later redelivery is dropped`, async () => {
	if (exactlyOnce === undefined) throw new Error('e2e: the exactly-once workflow was not published (the previous test failed early)');
	const workflowId = exactlyOnce.id;
	const target = { endpointId: exactlyOnce.endpointId };
	const known = new Set((await stack.api.executions(workflowId)).map((execution) => execution.id));
	const { body } = await stack.fullstory.deliver({ eventName: 'note.created', target, options: { drop: true } });
	const key = eventKeyOf({ eventName: 'note.created', body, deliveries: [] });
	// Another execution claimed it just now (or claimed it and died): done_at stays empty.
	await sql(APP_DATABASE, `INSERT INTO fullstory_events (event_key) VALUES ('${key.replace(/'/g, "''")}')`);
	const claimedAt = Date.now();
	const first = await stack.fullstory.deliver({ eventName: 'note.created', target, body });
	const [attempt] = first.deliveries[0].attempts;
	expect(attempt.status).toBe(500);
	await stack.fullstory.waitForDeliveriesSettled({ timeoutMs: 60_000 });
	const [status] = (await stack.fullstory.deliveryStatus()).deliveries.filter((delivery) => delivery.deliveryId === attempt.deliveryId);
	expect(status).toMatchObject({ state: 'succeeded', lastStatus: 200 });
	const tries = (await stack.fullstory.deliveries()).filter((entry) => entry.deliveryId === attempt.deliveryId);
	const succeededAfterMs = Date.parse(tries[tries.length - 1].time) - claimedAt;
	// Refused while the lease ran (0.72 s apart at this scale), accepted once it ended.
	expect(tries.slice(0, -1).map((entry) => entry.status)).toEqual(new Array<number>(tries.length - 1).fill(500));
	expect(succeededAfterMs).toBeGreaterThanOrEqual(LEASE_SECONDS * 1000 - 1000);

	const again = await stack.fullstory.deliver({ eventName: 'note.created', target, body });
	expect(again.deliveries[0].attempts.map((entry) => entry.status)).toEqual([200]);
	const rows = await sql(APP_DATABASE, `SELECT execution_id FROM fullstory_handled WHERE event_key = '${key.replace(/'/g, "''")}'`);
	expect(rows).toHaveLength(1);
	expect(await sql(APP_DATABASE, `SELECT done_at IS NOT NULL FROM fullstory_events WHERE event_key = '${key.replace(/'/g, "''")}'`)).toEqual([['t']]);
	// Each refusal was the example's Stop and Error, not some other failure; then one handled, one dropped.
	const executions = (await settledExecutions(workflowId)).filter((execution) => !known.has(execution.id));
	const ends = await mapConcurrently(executions, 4, async (execution) => {
		const decoded = await decodedExecution(stack, execution.id);
		return `${execution.status}: ${decoded.lastNodeExecuted ?? '(none)'}${decoded.error === undefined ? '' : ` (${decoded.error})`}`;
	});
	expect(tally(ends)).toEqual({
		'error: Retry Later (Another execution is handling this event; FullStory retries it later)': tries.length - 1,
		'success: Mark Handled': 1,
		'success: Drop Redelivery': 1,
	});
	log(`held claim: ${tries.length - 1} attempts answered 500 (Retry Later), handled ${seconds(succeededAfterMs)} after the claim, once`);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
