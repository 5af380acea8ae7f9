/**
 * Deliveries in a real n8n 2.40.7.
 * - At least once made exactly once: the shipped example (trigger → Remove Duplicates on
 *   `eventKey`) gets every event three times, each redelivery after the previous execution, as
 *   FullStory retries, and one again later; each event reaches the node after Remove Duplicates
 *   exactly once.
 * - A burst of 1,000 distinct signed deliveries, 16 in flight, becomes exactly 1,000 executions,
 *   one per event. The rate goes to `build/e2e-results/burst.json`; it is a figure, not a pass mark.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DeliveryRequest, DeliveryResult } from '../../emulator/deliveries/types';
import type { JsonObject } from '../../harness/rest/guards';
import { isArrayOf, isJsonObject, isString } from '../../harness/rest/guards';
import { log, seconds } from '../../harness/process/log';
import { mapConcurrently } from '../../harness/process/pool';
import { eventKeysAt, failuresAmong, HANDLER_NODE, importedExample, publishExample, TRIGGER_NODE } from '../../harness/stacks/dedupeWorkflow';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { e2eOutputDir, endpointsAt, productionUrl, startStack, statusesOf, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';

const BURST_SIZE = 1000;
const BURST_CONCURRENCY = 16;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'deliveries' });
});
afterAll(async () => await stack?.stop());

/** Sends one delivery and waits until n8n has finished its execution. */
async function deliverAndWait(workflowId: string, request: DeliveryRequest): Promise<DeliveryResult> {
	const before = await stack.api.finishedExecutionCount(workflowId);
	const result = await stack.fullstory.deliver(request);
	expect(statusesOf(result)).toEqual([200]);
	await stack.api.waitForExecutions(workflowId, before + 1);
	return result;
}

it('at least once, processed once: every event three times and one again later, each reaches the flow once', async () => {
	const workflowId = await publishExample(stack);
	const { triggerParameters } = importedExample(stack);
	const [segmentAlert] = isArrayOf(triggerParameters.segmentAlertSubcategories, isString) ? triggerParameters.segmentAlertSubcategories : [];
	const [customEvent] = isArrayOf(triggerParameters.customEventSubcategories, isString) ? triggerParameters.customEventSubcategories : [];
	const events = [
		{ eventName: 'note.created' },
		{ eventName: 'note.created' },
		{ eventName: 'segment.trend.alert', subcategory: segmentAlert },
		{ eventName: 'recording.event.custom', subcategory: customEvent },
	];

	// FullStory redelivers the same body, signed again, after an attempt failed or timed out:
	// later than the first attempt's execution. (Overlapping executions are the concurrency
	// test's subject: dedupeUnderLoad.e2e.test.ts.)
	const firsts: DeliveryResult[] = [];
	for (const event of events) {
		const first = await deliverAndWait(workflowId, event);
		for (let again = 0; again < 2; again++) await deliverAndWait(workflowId, { eventName: event.eventName, body: first.body });
		firsts.push(first);
	}
	// A redelivery after other events ran: Remove Duplicates remembers across executions.
	await deliverAndWait(workflowId, { eventName: 'note.created', body: firsts[0].body });

	const deliveries = events.length * 3 + 1;
	const executions = await stack.api.executions(workflowId);
	expect(executions).toHaveLength(deliveries);
	expect(await failuresAmong(stack, executions)).toEqual([]);
	const receivedKeys = await eventKeysAt(stack, workflowId, TRIGGER_NODE);
	expect(receivedKeys).toHaveLength(deliveries);
	expect(new Set(receivedKeys).size).toBe(events.length);
	const handledKeys = await eventKeysAt(stack, workflowId, HANDLER_NODE);
	expect(handledKeys.sort()).toEqual([...new Set(receivedKeys)].sort());
	expect((await stack.api.unpublish(workflowId)).status).toBe('not_published');
});

it(`a burst of ${BURST_SIZE} signed deliveries, ${BURST_CONCURRENCY} in flight: exactly ${BURST_SIZE} executions, one per event`, async () => {
	const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp('burst', trigger));
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
	const finished = await stack.api.waitForFinishedExecutionCount(workflow.id, BURST_SIZE, 10 * 60_000);
	const finishedMs = Date.now() - started;
	expect(finished).toBe(BURST_SIZE);

	const executions = await stack.api.executions(workflow.id);
	expect(executions).toHaveLength(BURST_SIZE);
	expect(await failuresAmong(stack, executions)).toEqual([]);
	const sentKeys = results.map((result) => {
		const body: unknown = JSON.parse(result.body);
		const id = isJsonObject(body) && isJsonObject(body.data) ? body.data.id : undefined;
		return `note.created:${String(id)}`;
	});
	// One item per execution (1,000 executions, 1,000 keys), and every event sent is among them.
	const receivedKeys = await eventKeysAt(stack, workflow.id, String(trigger.name));
	expect(receivedKeys).toHaveLength(BURST_SIZE);
	expect(new Set(sentKeys).size).toBe(BURST_SIZE);
	expect(receivedKeys.sort()).toEqual([...sentKeys].sort());

	const figures = {
		deliveries: BURST_SIZE,
		concurrency: BURST_CONCURRENCY,
		answered200: statuses.length,
		executions: executions.length,
		distinctEventsExecuted: new Set(receivedKeys).size,
		allAnsweredSeconds: answeredMs / 1000,
		allFinishedSeconds: finishedMs / 1000,
		deliveriesPerSecond: Math.round((BURST_SIZE / answeredMs) * 1000 * 10) / 10,
		n8nLogLevel: 'debug',
	};
	writeFileSync(join(e2eOutputDir(), 'burst.json'), `${JSON.stringify(figures, null, '\t')}\n`);
	log(`burst: ${BURST_SIZE} deliveries answered in ${seconds(answeredMs)}, all executions finished in ${seconds(finishedMs)}`);
});

describe('Options > Respond to FullStory: When the Workflow Has Finished', () => {
	async function publishAnsweringWhenFinished(name: string, afterTrigger: JsonObject): Promise<{ workflowId: string; endpointId: string }> {
		const trigger = triggerNode(stack, { events: ['note.created'], options: { respond: 'whenFinished' } });
		const workflow = await stack.api.createWorkflow({
			name,
			nodes: [trigger, afterTrigger],
			connections: { [String(trigger.name)]: { main: [[{ node: String(afterTrigger.name), type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
		const [endpoint] = await endpointsAt(stack, productionUrl(stack, trigger));
		return { workflowId: workflow.id, endpointId: endpoint.id };
	}

	/** Only to this workflow's endpoint: other files' workflows in this stack may still be published. */
	async function deliverTo(endpointId: string): Promise<DeliveryResult> {
		return await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId } });
	}

	it('answers 200 only once the execution has finished', async () => {
		const { workflowId, endpointId } = await publishAnsweringWhenFinished('answer when finished', {
			id: randomUUID(),
			name: 'Take A Moment',
			type: 'n8n-nodes-base.wait',
			typeVersion: 1.1,
			position: [240, 0],
			parameters: { amount: 1, unit: 'seconds' },
		});
		const result = await deliverTo(endpointId);
		expect(statusesOf(result)).toEqual([200]);
		// The answer came after the execution: it is already recorded as finished and successful.
		const executions = await stack.api.executions(workflowId);
		expect(executions.map((execution) => execution.status)).toEqual(['success']);
		expect(result.deliveries[0].attempts[0].responseBody).toBe('');
		await stack.api.unpublish(workflowId);
	});

	it('answers a failed execution with a 500, which FullStory retries', async () => {
		const { workflowId, endpointId } = await publishAnsweringWhenFinished('fail when finished', {
			id: randomUUID(),
			name: 'Fail',
			type: 'n8n-nodes-base.stopAndError',
			typeVersion: 1,
			position: [240, 0],
			parameters: { errorMessage: 'the destination is down' },
		});
		const result = await deliverTo(endpointId);
		expect(statusesOf(result)).toEqual([500]);
		const executions = await stack.api.executions(workflowId);
		expect(executions.map((execution) => execution.status)).toEqual(['error']);
		await stack.api.unpublish(workflowId);
	});
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
