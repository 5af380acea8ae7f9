/**
 * What the benchmarks that send items into FullStory share (import.bench.ts,
 * eventsUnderFaults.bench.ts): a stack whose senders reach the emulator through the loopback proxy;
 * a workflow of a Manual Trigger, a Code node that makes the items, and the node under test; run as
 * a manual execution through n8n's REST API, and timed until n8n has finished it, with n8n's
 * resident memory before, at its peak and after. The Code node is the same for every node
 * compared, and makes 10,000 items in n8n for less than pinned data would cost to store and load.
 */
import { randomUUID } from 'node:crypto';

import type { JsonObject } from '../harness/rest/guards';
import { isJsonObject, isNumber } from '../harness/rest/guards';
import type { Credential, WorkflowInput } from '../harness/rest/n8n-api';
import type { Stack } from '../harness/stacks/stack';
import { sleep } from '../harness/process/wait';
import { ACTION_TYPE, CREDENTIAL_TYPE, decodedExecution, startStack } from '../harness/stacks/stack';
import type { LoopbackProxy, ProxyOptions } from './loopbackProxy';
import { startLoopbackProxy } from './loopbackProxy';
import { round } from './report';
import { rssMiB } from './throughput';

const START = 'Start';
const ITEMS = 'Items';
const SENDER = 'Send';
const LOOP = 'Loop';

/** A whole number above 0 from the environment (a trial run's smaller size, another seed), else `fallback`. */
export function positiveIntegerFromEnv(name: string, fallback: number): number {
	const given = process.env[name];
	if (given === undefined || given === '') return fallback;
	const count = Number(given);
	if (!Number.isInteger(count) || count < 1) throw new Error(`bench: ${name} must be a whole number above 0, not ${JSON.stringify(given)}`);
	return count;
}

/** Retry On Fail as a user switches it on: n8n's own defaults, 3 tries 1 s apart. */
export const RETRY_ON_FAIL: JsonObject = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1000 };

function node(name: string, type: string, typeVersion: number, x: number, parameters: JsonObject, extra: JsonObject = {}): JsonObject {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

/** A Code node that outputs `count` items, each the JavaScript expression `item` of the index `i`. */
export function itemsNode(count: number, item: string): JsonObject {
	return node(ITEMS, 'n8n-nodes-base.code', 2, 200, { jsCode: `return Array.from({ length: ${count} }, (_, i) => ({ json: ${item} }));` });
}

/** The credentials the senders use, each reaching FullStory through `proxy`. */
export interface SenderCredentials {
	fullStory: Credential;
	/** FullStory's key in the Authorization header, as a user sets up n8n's HTTP Request node for it. */
	headerAuth: Credential;
}

async function proxiedCredentials(stack: Stack, proxy: LoopbackProxy): Promise<SenderCredentials> {
	return {
		fullStory: await stack.api.createCredential('FullStory (bench proxy)', CREDENTIAL_TYPE, { apiKey: stack.apiKey, region: 'custom', baseUrl: proxy.baseUrl }),
		headerAuth: await stack.api.createCredential('FullStory key (bench proxy)', 'httpHeaderAuth', { name: 'Authorization', value: `Basic ${stack.apiKey}` }),
	};
}

/** A stack whose senders reach its emulator through a loopback proxy. */
export interface ProxiedStack {
	stack: Stack;
	proxy: LoopbackProxy;
	credentials: SenderCredentials;
}

/** Starts a stack (n8n and the emulator) and a proxy in front of its emulator, runs `work`, then stops both. */
export async function withProxiedStack<T>(stackName: string, proxy: Omit<ProxyOptions, 'target'>, work: (proxied: ProxiedStack) => Promise<T>): Promise<T> {
	const stack = await startStack({ name: stackName, logLevel: 'info' });
	let started: LoopbackProxy | undefined;
	try {
		started = await startLoopbackProxy({ ...proxy, target: stack.emulator.baseUrl });
		return await work({ stack, proxy: started, credentials: await proxiedCredentials(stack, started) });
	} finally {
		await stack.stop();
		await started?.close();
	}
}

const ref = (credential: Credential): JsonObject => ({ id: credential.id, name: credential.name });

/** The FullStory node with `parameters`; `settings` are node settings such as RETRY_ON_FAIL. */
export function fullStoryNode(credentials: SenderCredentials, parameters: JsonObject, settings: JsonObject = {}): JsonObject {
	return node(SENDER, ACTION_TYPE, 1, 400, parameters, { credentials: { [CREDENTIAL_TYPE]: ref(credentials.fullStory) }, ...settings });
}

/** n8n's HTTP Request node POSTing `jsonBody` (an expression) to `url` with the key as a header, its options left at n8n's defaults. */
export function httpRequestNode(credentials: SenderCredentials, url: string, jsonBody: string, settings: JsonObject = {}): JsonObject {
	const parameters = { method: 'POST', url, authentication: 'genericCredentialType', genericAuthType: 'httpHeaderAuth', sendBody: true, specifyBody: 'json', jsonBody, options: {} };
	return node(SENDER, 'n8n-nodes-base.httpRequest', 4.2, 400, parameters, { credentials: { httpHeaderAuth: ref(credentials.headerAuth) }, ...settings });
}

const to = (target: string) => [{ node: target, type: 'main', index: 0 }];

/**
 * Start → Items → `sender`; with `loop`, Loop Over Items between them hands the sender one item at a
 * time (its output 1 is "loop", output 0 "done"), so that the sender's node settings apply per item.
 */
export function itemsWorkflow(name: string, items: JsonObject, sender: JsonObject, options: { loop?: boolean } = {}): WorkflowInput {
	const start = node(START, 'n8n-nodes-base.manualTrigger', 1, 0, {});
	if (options.loop !== true) {
		return { name, nodes: [start, items, sender], connections: { [START]: { main: [to(ITEMS)] }, [ITEMS]: { main: [to(SENDER)] } }, settings: { executionOrder: 'v1' } };
	}
	const loop = node(LOOP, 'n8n-nodes-base.splitInBatches', 3, 300, { batchSize: 1, options: {} });
	return {
		name,
		nodes: [start, items, loop, sender],
		connections: { [START]: { main: [to(ITEMS)] }, [ITEMS]: { main: [to(LOOP)] }, [LOOP]: { main: [[], to(SENDER)] }, [SENDER]: { main: [to(LOOP)] } },
		settings: { executionOrder: 'v1' },
	};
}

export interface MeasuredRun {
	status: string;
	/** n8n's message when the execution failed. */
	error?: string;
	/** From asking n8n to run the workflow until the bench saw the execution finished (polled every POLL_MS). */
	wallSeconds: number;
	/** The execution's own start to stop, as n8n recorded them. */
	n8nSeconds?: number;
	/** The sender node's time, over all its runs (one per item in a loop), from the run data. */
	senderSeconds?: number;
	/** n8n's main process: just before the run, the highest sample while it ran (every RSS_SAMPLE_MS), once it had finished. */
	rssMiB: { before?: number; peak?: number; after?: number };
}

const POLL_MS = 250;
const RSS_SAMPLE_MS = 250;

/** The sender's `executionTime` summed over its runs, in seconds; undefined when the run data has none. */
function senderSeconds(raw: JsonObject): number | undefined {
	const resultData = raw.resultData;
	const runData = isJsonObject(resultData) && isJsonObject(resultData.runData) ? resultData.runData : undefined;
	const tasks = runData?.[SENDER];
	if (!Array.isArray(tasks)) return undefined;
	const ms = tasks.reduce((sum: number, task: unknown) => sum + (isJsonObject(task) && isNumber(task.executionTime) ? task.executionTime : 0), 0);
	return round(ms / 1000, 2);
}

function secondsBetween(from: string | null, to: string | null): number | undefined {
	if (from === null || to === null) return undefined;
	return round((Date.parse(to) - Date.parse(from)) / 1000, 2);
}

/** Consecutive failed connections to n8n's REST API tolerated before giving up (see `patiently`). */
const CONNECTION_FAILURES = 20;

/**
 * `call`, tried again after a failed connection (fetch's TypeError): while n8n's one thread is busy
 * with 10,000 items for seconds on end, its HTTP server can close a kept-alive connection just as
 * the next poll is sent on it. An answer of any status is not retried.
 */
async function patiently<T>(call: () => Promise<T>): Promise<T> {
	for (let failures = 1; ; failures++) {
		try {
			return await call();
		} catch (error) {
			if (!(error instanceof TypeError) || failures >= CONNECTION_FAILURES) throw error;
			await sleep(POLL_MS);
		}
	}
}

async function waitUntilFinished(stack: Stack, workflowId: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while ((await patiently(async () => await stack.api.finishedExecutionCount(workflowId))) < 1) {
		if (Date.now() > deadline) throw new Error(`bench: workflow ${workflowId} had not finished after ${timeoutMs} ms`);
		await sleep(POLL_MS);
	}
}

/** Runs the workflow manually, once, and measures it (MeasuredRun); fails if it has not finished within `timeoutMs`. */
export async function runMeasured(stack: Stack, workflowId: string, timeoutMs: number): Promise<MeasuredRun> {
	const pid = stack.n8n.pid;
	const before = rssMiB(pid);
	let peak = before;
	const sample = () => {
		const now = rssMiB(pid);
		if (now !== undefined && (peak === undefined || now > peak)) peak = now;
	};
	const sampler = setInterval(sample, RSS_SAMPLE_MS);
	const started = Date.now();
	let wallMs: number;
	let after: number | undefined;
	let executionId: string;
	try {
		const run = await stack.api.runManually(workflowId, START);
		if (!('executionId' in run)) throw new Error(`bench: workflow ${workflowId} did not start: ${JSON.stringify(run)}`);
		executionId = run.executionId;
		await waitUntilFinished(stack, workflowId, timeoutMs);
		wallMs = Date.now() - started;
		after = rssMiB(pid);
		sample();
	} finally {
		clearInterval(sampler);
	}
	// Read once the measurement is over: the run data of 10,000 items is large to serve and decode.
	const summary = (await patiently(async () => await stack.api.executions(workflowId))).find((execution) => execution.id === executionId);
	const decoded = await patiently(async () => await decodedExecution(stack, executionId));
	return {
		status: summary?.status ?? 'unknown',
		...(decoded.error === undefined ? {} : { error: decoded.error.slice(0, 300) }),
		wallSeconds: round(wallMs / 1000, 2),
		n8nSeconds: summary === undefined ? undefined : secondsBetween(summary.startedAt, summary.stoppedAt),
		senderSeconds: senderSeconds(decoded.raw),
		rssMiB: { before, peak, after },
	};
}
