/**
 * Deliveries in a real n8n 2.40.7.
 * - At least once made exactly once: the shipped example (trigger → Remove Duplicates on
 *   `eventKey`) gets every event three times and one again later, and each event reaches the
 *   node after Remove Duplicates exactly once.
 * - A burst of 1,000 distinct signed deliveries, 16 in flight, becomes exactly 1,000 executions,
 *   one per event. The rate goes to `build/e2e/burst.json`; it is a figure, not a pass mark.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { isArrayOf, isJsonObject, isString, type JsonObject } from '../guards';
import { log, seconds } from '../log';
import type { Workflow } from '../n8n-api';
import { findRepoRoot } from '../paths';
import { mapConcurrently } from '../pool';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from './stack';
import { credentialRef, decodedExecution, endpointsAt, productionUrl, startStack, triggerNode } from './stack';
import { nodeOutput } from '../execution-data';

const BURST_SIZE = 1000;
const BURST_CONCURRENCY = 16;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack();
});
afterAll(async () => await stack?.stop());

/** The example as a user imports it, with the stack's credential chosen on its FullStory nodes. */
function importedExample(file: string): { name: string; nodes: JsonObject[]; connections: JsonObject; settings: JsonObject } {
	const example: unknown = JSON.parse(readFileSync(join(findRepoRoot(), 'examples', file), 'utf8'));
	if (!isJsonObject(example) || !isString(example.name) || !isArrayOf(example.nodes, isJsonObject) || !isJsonObject(example.connections)) {
		throw new Error(`examples/${file} is not a workflow`);
	}
	const nodes = example.nodes.map((node) => (node.credentials === undefined ? node : { ...node, credentials: credentialRef(stack) }));
	return { name: example.name, nodes, connections: example.connections, settings: isJsonObject(example.settings) ? example.settings : {} };
}

function stringsOf(value: unknown, field: string): string[] {
	return isJsonObject(value) && isArrayOf(value[field], isString) ? value[field] : [];
}

function statusesOf(result: { deliveries: Array<{ attempts: Array<{ status?: number }> }> }): number[] {
	return result.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.status ?? -1));
}

/** Each finished execution's items out of one node (none when the node did not run). */
async function itemsPerExecution(workflow: Workflow, nodeName: string): Promise<JsonObject[][]> {
	const executions = await stack.api.executions(workflow.id);
	return await mapConcurrently(executions, 4, async (execution) => {
		const decoded = await decodedExecution(stack, execution.id);
		return decoded.runs.has(nodeName) ? nodeOutput(decoded, nodeName) : [];
	});
}

it('at least once, processed once: every event three times and one again later, each reaches the flow once', async () => {
	const example = importedExample('fullstory-events-deduplicated.json');
	const workflow = await stack.api.createWorkflow(example);
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	const trigger = example.nodes.find((node) => node.type === 'n8n-nodes-fullstory.fullStoryTrigger');
	const parameters = isJsonObject(trigger?.parameters) ? trigger.parameters : {};
	const [segmentAlert] = stringsOf(parameters, 'segmentAlertSubcategories');
	const [customEvent] = stringsOf(parameters, 'customEventSubcategories');

	const events = [
		{ eventName: 'note.created' },
		{ eventName: 'note.created' },
		{ eventName: 'segment.trend.alert', subcategory: segmentAlert },
		{ eventName: 'recording.event.custom', subcategory: customEvent },
	];
	// FullStory redelivers the same body, signed again; `resign` gives each attempt a later `t`.
	const sent = [];
	for (const event of events) {
		const result = await stack.fullstory.deliver({ ...event, options: { times: 3, resign: true } });
		expect(statusesOf(result)).toEqual([200, 200, 200]);
		sent.push(result);
	}
	// A redelivery after other events ran: Remove Duplicates remembers across executions.
	const late = await stack.fullstory.deliver({ eventName: 'note.created', body: sent[0].body });
	expect(statusesOf(late)).toEqual([200]);

	const deliveries = events.length * 3 + 1;
	await stack.api.waitForExecutions(workflow.id, deliveries, 60_000);
	const executions = await stack.api.executions(workflow.id);
	expect(executions.map((execution) => execution.status)).toEqual(new Array<string>(deliveries).fill('success'));

	const received = (await itemsPerExecution(workflow, 'FullStory Trigger')).flat();
	const handled = (await itemsPerExecution(workflow, 'Handle Event')).flat();
	const receivedKeys = received.map((item) => String(item.eventKey));
	expect(receivedKeys).toHaveLength(deliveries);
	expect(new Set(receivedKeys).size).toBe(events.length);
	expect(handled.map((item) => String(item.eventKey)).sort()).toEqual([...new Set(receivedKeys)].sort());
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
});

it(`a burst of ${BURST_SIZE} signed deliveries, ${BURST_CONCURRENCY} in flight: exactly ${BURST_SIZE} executions, one per event`, async () => {
	const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	const workflow = await stack.api.createWorkflow({
		name: 'burst',
		nodes: [trigger, { id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} }],
		connections: { [String(trigger.name)]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	const [endpoint] = await endpointsAt(stack, productionUrl(stack, trigger));
	const target = { endpointId: endpoint.id };

	const started = Date.now();
	const results = await mapConcurrently(Array.from({ length: BURST_SIZE }), BURST_CONCURRENCY, async () => await stack.fullstory.deliver({ eventName: 'note.created', target }));
	const answeredMs = Date.now() - started;
	const statuses = results.flatMap(statusesOf);
	expect(statuses.filter((status) => status !== 200)).toEqual([]);
	expect(statuses).toHaveLength(BURST_SIZE);

	// Executions may still be finishing after the last answer; poll the count, not the list.
	const deadline = Date.now() + 10 * 60_000;
	let finished = 0;
	while ((finished = await stack.api.finishedExecutionCount(workflow.id)) < BURST_SIZE && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	const finishedMs = Date.now() - started;
	expect(finished).toBe(BURST_SIZE);

	const executions = await stack.api.executions(workflow.id);
	expect(executions).toHaveLength(BURST_SIZE);
	expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
	const sentKeys = results.map((result) => {
		const body: unknown = JSON.parse(result.body);
		const id = isJsonObject(body) && isJsonObject(body.data) ? body.data.id : undefined;
		return `note.created:${String(id)}`;
	});
	const receivedKeys = (await itemsPerExecution(workflow, String(trigger.name))).map((items) => items.map((item) => String(item.eventKey)));
	expect(receivedKeys.every((items) => items.length === 1)).toBe(true);
	expect(receivedKeys.flat().sort()).toEqual([...new Set(sentKeys)].sort());
	expect(new Set(sentKeys).size).toBe(BURST_SIZE);

	const figures = {
		deliveries: BURST_SIZE,
		concurrency: BURST_CONCURRENCY,
		answered200: statuses.length,
		executions: executions.length,
		distinctEventsExecuted: new Set(receivedKeys.flat()).size,
		allAnsweredSeconds: answeredMs / 1000,
		allFinishedSeconds: finishedMs / 1000,
		deliveriesPerSecond: Math.round((BURST_SIZE / answeredMs) * 1000 * 10) / 10,
		n8nLogLevel: 'debug',
	};
	const folder = join(findRepoRoot(), 'build', 'e2e');
	mkdirSync(folder, { recursive: true });
	writeFileSync(join(folder, 'burst.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	log(`burst: ${BURST_SIZE} deliveries answered in ${seconds(answeredMs)}, all executions finished in ${seconds(finishedMs)}`);
});

itLeaksNoSecrets(() => stack, 'deliveries', ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
