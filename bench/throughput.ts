/**
 * The pieces of every throughput benchmark against a real n8n (n8n.bench.ts on one instance,
 * queue.bench.ts in queue mode): the FullStory Trigger and n8n's built-in Webhook node published
 * side by side, each into a No Op; rounds of deliveries from the same client (the emulator's signed
 * deliveries, `concurrency` in flight), each timed until n8n has finished that many more executions.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { DeliveryRequest } from '../emulator/deliveries/types';
import type { JsonObject } from '../harness/rest/guards';
import { log, seconds } from '../harness/process/log';
import { mapConcurrently } from '../harness/process/pool';
import type { Stack } from '../harness/stacks/stack';
import { endpointsAt, triggerNode, workflowIntoNoOp } from '../harness/stacks/stack';
import { round } from './report';

export type Kind = 'FullStory Trigger' | 'Webhook node';

export interface Receiver {
	kind: Kind;
	workflowId: string;
	target: DeliveryRequest['target'];
}

/** Where the published workflows are reached: n8n's production webhook URLs on this stack. */
export interface ReceiverUrls {
	/** The production URL of a trigger node (what the trigger registers in FullStory). */
	trigger(trigger: JsonObject): string;
	/** The production URL of a Webhook node listening on `path`. */
	webhook(path: string): string;
}

export interface RoundPlan {
	concurrency: number;
	/** Deliveries per receiver before the counted rounds, not counted (0: none). */
	warmUp: number;
	rounds: number;
	roundSize: number;
}

export interface Totals {
	deliveries: number;
	answeredMs: number;
	finishedMs: number;
}

async function publishWorkflow(stack: Stack, name: string, first: JsonObject): Promise<string> {
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp(name, first));
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	if (status.status !== 'published') throw new Error(`bench: ${name} did not publish: ${JSON.stringify(status)}`);
	return workflow.id;
}

/** Publishes the FullStory Trigger and the Webhook node, each into a No Op. */
export async function receivers(stack: Stack, urls: ReceiverUrls): Promise<Receiver[]> {
	const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	const triggerWorkflow = await publishWorkflow(stack, 'bench: FullStory Trigger', trigger);
	const [endpoint] = await endpointsAt(stack, urls.trigger(trigger));
	if (endpoint === undefined) throw new Error(`bench: the trigger registered no endpoint for ${urls.trigger(trigger)}`);

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
		{ kind: 'Webhook node', workflowId: webhookWorkflow, target: { url: urls.webhook(path), secret: 'unused-by-the-webhook-node' } },
	];
}

/** Sends `count` deliveries and waits until n8n has finished that many more executions. */
export async function runRound(stack: Stack, receiver: Receiver, count: number, concurrency: number): Promise<{ answeredMs: number; finishedMs: number }> {
	const before = await stack.api.finishedExecutionCount(receiver.workflowId);
	const started = Date.now();
	const results = await mapConcurrently(Array.from({ length: count }), concurrency, async () =>
		await stack.fullstory.deliver({ eventName: 'note.created', target: receiver.target }),
	);
	const answeredMs = Date.now() - started;
	const failed = results.flatMap((result) => result.deliveries.flatMap((delivery) => delivery.attempts)).filter((attempt) => attempt.status !== 200);
	if (failed.length > 0) throw new Error(`bench: ${failed.length} deliveries to the ${receiver.kind} were not answered 200: ${JSON.stringify(failed[0])}`);
	await stack.api.waitForFinishedExecutionCount(receiver.workflowId, before + count, 10 * 60_000, 250);
	return { answeredMs, finishedMs: Date.now() - started };
}

/**
 * A warm-up of each receiver (not counted), then `plan.rounds` rounds of each, alternating kinds
 * so that drift (caches, database growth) hits all alike. Logs every round under `label`.
 */
export async function measureRounds(stack: Stack, targets: Receiver[], plan: RoundPlan, label: string): Promise<Map<Kind, Totals>> {
	if (plan.warmUp > 0) for (const receiver of targets) await runRound(stack, receiver, plan.warmUp, plan.concurrency);
	const totals = new Map<Kind, Totals>();
	for (let index = 0; index < plan.rounds; index++) {
		for (const receiver of targets) {
			const { answeredMs, finishedMs } = await runRound(stack, receiver, plan.roundSize, plan.concurrency);
			const total = totals.get(receiver.kind) ?? { deliveries: 0, answeredMs: 0, finishedMs: 0 };
			totals.set(receiver.kind, { deliveries: total.deliveries + plan.roundSize, answeredMs: total.answeredMs + answeredMs, finishedMs: total.finishedMs + finishedMs });
			log(`${label}: ${receiver.kind} round ${index + 1}: ${plan.roundSize} answered in ${seconds(answeredMs)}, finished in ${seconds(finishedMs)}`);
		}
	}
	return totals;
}

export function addTotals(a: Totals, b: Totals): Totals {
	return { deliveries: a.deliveries + b.deliveries, answeredMs: a.answeredMs + b.answeredMs, finishedMs: a.finishedMs + b.finishedMs };
}

/** Deliveries per second until n8n finished the last execution. */
export function finishedPerSecond(total: Totals | undefined): number {
	return total === undefined || total.finishedMs === 0 ? 0 : round((total.deliveries / total.finishedMs) * 1000);
}

/** The comparison every real-n8n bench reports per setting: both finished rates and their ratio. */
export interface ComparisonRow {
	settings: string;
	env: Record<string, string>;
	fullStoryTriggerPerSecond: number;
	webhookNodePerSecond: number;
	ratio: number;
}

export function comparisonRow(setting: { name: string; env: Record<string, string> }, totals: Map<Kind, Totals>): ComparisonRow {
	const trigger = finishedPerSecond(totals.get('FullStory Trigger'));
	const webhook = finishedPerSecond(totals.get('Webhook node'));
	return { settings: setting.name, env: setting.env, fullStoryTriggerPerSecond: trigger, webhookNodePerSecond: webhook, ratio: round(trigger / webhook, 2) };
}

/** Deliveries per second until the last one was answered. */
export function answeredPerSecond(total: Totals | undefined): number {
	return total === undefined || total.answeredMs === 0 ? 0 : round((total.deliveries / total.answeredMs) * 1000);
}

/** Resident memory of a process, from /proc (Linux); undefined when it cannot be read. */
export function rssMiB(pid: number | undefined): number | undefined {
	if (pid === undefined) return undefined;
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const match = /VmRSS:\s+(\d+) kB/.exec(status);
		return match === null ? undefined : round(Number(match[1]) / 1024);
	} catch {
		return undefined;
	}
}
