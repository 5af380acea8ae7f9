/**
 * Deliveries per second in a real n8n 2.40.7: the FullStory Trigger (signature check over the raw
 * body, one typed item) against n8n's built-in Webhook node on the same instance, with the same
 * client (the emulator's signed deliveries, 16 in flight) and the same downstream (a No Op).
 *
 * n8n-guide §6: the server is CPU-bound, so only the ratio to the Webhook node means anything;
 * in 2.40.7 only the built-in Webhook node may skip the expression isolate, so the comparison is
 * made twice: with n8n's defaults, and with that skip turned off for both. The first round of
 * each kind warms caches and is not counted. Figures only, no pass mark; bounded to
 * 2 settings × 2 kinds × (WARM_UP + ROUNDS × ROUND_SIZE) deliveries.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { DeliveryRequest } from '../emulator/types';
import type { JsonObject } from '../e2e/guards';
import { log, seconds } from '../e2e/log';
import { mapConcurrently } from '../e2e/pool';
import type { Stack } from '../e2e/tests/stack';
import { endpointsAt, productionUrl, startStack, triggerNode, workflowIntoNoOp } from '../e2e/tests/stack';
import { runN8nBenchmark } from './realN8nBenchmark';
import { round } from './report';

const CONCURRENCY = 16;
const WARM_UP = 50;
const ROUND_SIZE = 200;
const ROUNDS = 2;

const SETTINGS: Array<{ name: string; stackName: string; env: Record<string, string> }> = [
	{ name: "n8n's defaults", stackName: 'bench-throughput-defaults', env: {} },
	{ name: 'isolate skip off for both', stackName: 'bench-throughput-no-skip', env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' } },
];

type Kind = 'FullStory Trigger' | 'Webhook node';

interface Receiver {
	kind: Kind;
	workflowId: string;
	target: DeliveryRequest['target'];
}

async function publishWorkflow(stack: Stack, name: string, first: JsonObject): Promise<string> {
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp(name, first));
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	if (status.status !== 'published') throw new Error(`bench: ${name} did not publish: ${JSON.stringify(status)}`);
	return workflow.id;
}

async function receivers(stack: Stack): Promise<Receiver[]> {
	const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	const triggerWorkflow = await publishWorkflow(stack, 'bench: FullStory Trigger', trigger);
	const [endpoint] = await endpointsAt(stack, productionUrl(stack, trigger));

	const path = randomUUID();
	const webhook: JsonObject = {
		id: randomUUID(),
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, options: {} },
	};
	const webhookWorkflow = await publishWorkflow(stack, 'bench: Webhook node', webhook);
	return [
		{ kind: 'FullStory Trigger', workflowId: triggerWorkflow, target: { endpointId: endpoint.id } },
		// Same signed body and headers; the Webhook node simply does not check them.
		{ kind: 'Webhook node', workflowId: webhookWorkflow, target: { url: `${stack.n8n.baseUrl}/webhook/${path}`, secret: 'unused-by-the-webhook-node' } },
	];
}

/** Sends `count` deliveries and waits until n8n has finished that many more executions. */
async function runRound(stack: Stack, receiver: Receiver, count: number) {
	const before = await stack.api.finishedExecutionCount(receiver.workflowId);
	const started = Date.now();
	const results = await mapConcurrently(Array.from({ length: count }), CONCURRENCY, async () =>
		await stack.fullstory.deliver({ eventName: 'note.created', target: receiver.target }),
	);
	const answeredMs = Date.now() - started;
	const failed = results.flatMap((result) => result.deliveries.flatMap((delivery) => delivery.attempts)).filter((attempt) => attempt.status !== 200);
	if (failed.length > 0) throw new Error(`bench: ${failed.length} deliveries to the ${receiver.kind} were not answered 200: ${JSON.stringify(failed[0])}`);
	await stack.api.waitForFinishedExecutionCount(receiver.workflowId, before + count, 10 * 60_000, 250);
	return { answeredMs, finishedMs: Date.now() - started };
}

function rssMiB(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /VmRSS:\s+(\d+) kB/.exec(status);
		return match === null ? undefined : round(Number(match[1]) / 1024);
	} catch {
		return undefined;
	}
}

async function measureSetting(setting: (typeof SETTINGS)[number]) {
	const stack = await startStack({ name: setting.stackName, logLevel: 'info', env: setting.env });
	try {
		const targets = await receivers(stack);
		const rssAtStart = rssMiB(stack.n8n.pid);
		for (const receiver of targets) await runRound(stack, receiver, WARM_UP);
		const totals = new Map<Kind, { deliveries: number; answeredMs: number; finishedMs: number }>();
		// Alternating kinds, so drift (caches, database growth) hits both alike.
		for (let index = 0; index < ROUNDS; index++) {
			for (const receiver of targets) {
				const { answeredMs, finishedMs } = await runRound(stack, receiver, ROUND_SIZE);
				const total = totals.get(receiver.kind) ?? { deliveries: 0, answeredMs: 0, finishedMs: 0 };
				totals.set(receiver.kind, { deliveries: total.deliveries + ROUND_SIZE, answeredMs: total.answeredMs + answeredMs, finishedMs: total.finishedMs + finishedMs });
				log(`${setting.name}: ${receiver.kind} round ${index + 1}: ${ROUND_SIZE} answered in ${seconds(answeredMs)}, finished in ${seconds(finishedMs)}`);
			}
		}
		const perSecond = (kind: Kind) => {
			const total = totals.get(kind);
			return total === undefined ? 0 : round((total.deliveries / total.finishedMs) * 1000);
		};
		const trigger = perSecond('FullStory Trigger');
		const webhook = perSecond('Webhook node');
		return {
			settings: setting.name,
			env: setting.env,
			fullStoryTriggerPerSecond: trigger,
			webhookNodePerSecond: webhook,
			ratio: round(trigger / webhook, 2),
			n8nRssMiBAtStart: rssAtStart,
			n8nRssMiBAtEnd: rssMiB(stack.n8n.pid),
		};
	} finally {
		await stack.stop();
	}
}

runN8nBenchmark(
	'n8n-throughput',
	SETTINGS,
	measureSetting,
	{
		n8n: '2.40.7',
		concurrency: CONCURRENCY,
		deliveriesCounted: ROUND_SIZE * ROUNDS,
		warmUpDiscarded: WARM_UP,
		rate: 'deliveries per second, from the first send until n8n finished the last execution',
	},
	({ env: _env, ...row }) => row,
);
