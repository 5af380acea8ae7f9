/**
 * The FullStory Trigger's life in a real n8n, as tests any stack can run: trigger.e2e.test.ts runs
 * them on n8n 2.40.7, n8n1.e2e.test.ts on n8n 1.123.81 (where "publish" is 1.x's activation; the
 * API client hides the difference). Publish registers exactly one endpoint, signed deliveries run
 * the workflow once, forged ones are refused, unpublish removes the endpoint, a restart keeps one
 * endpoint, and the editor's test registration coexists with production.
 */
import type { JsonObject } from '../../harness/rest/guards';
import type { ExecutionSummary, Workflow } from '../../harness/rest/n8n-api';
import type { Stack } from '../../harness/stacks/stack';
import { endpointsAt, outputOf, productionUrl, sleep, statusesOf, testUrl, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';

/** What the suite set up, for tests that follow it in the same file. */
export interface TriggerSuite {
	/** The trigger → No Op workflow; published again and running after the restart test. */
	workflow(): Workflow;
	trigger(): JsonObject;
	finishedExecutions(): Promise<ExecutionSummary[]>;
}

async function firstSubcategory(stack: Stack, eventName: string): Promise<string> {
	const response = await fetch(`${stack.emulator.baseUrl}/webhooks/v1/event-types/${eventName}/subcategories`, {
		headers: { Authorization: `Basic ${stack.apiKey}` },
	});
	const body: unknown = await response.json();
	const defs = typeof body === 'object' && body !== null && 'subcategoryDefs' in body ? body.subcategoryDefs : undefined;
	const first: unknown = Array.isArray(defs) ? defs[0] : undefined;
	if (typeof first !== 'object' || first === null || !('subcategory' in first) || typeof first.subcategory !== 'string') {
		throw new Error(`no subcategory for ${eventName}`);
	}
	return first.subcategory;
}

/** Registers the trigger tests (with a `beforeAll` that creates their workflow) and returns its handles. */
export function describeTriggerLifecycle(getStack: () => Stack): TriggerSuite {
	let stack: Stack;
	let workflow: Workflow;
	let trigger: JsonObject;
	let segmentAlert: string;

	async function deliver(eventName: string, extra: JsonObject = {}): Promise<number[]> {
		return statusesOf(await stack.fullstory.deliver({ eventName, ...extra }));
	}

	async function finishedExecutions() {
		return (await stack.api.executions(workflow.id)).filter((execution) => execution.status !== 'running' && execution.status !== 'new');
	}

	beforeAll(async () => {
		stack = getStack();
		segmentAlert = await firstSubcategory(stack, 'segment.trend.alert');
		trigger = triggerNode(stack, {
			events: ['note.created', 'segment.trend.alert'],
			segmentAlertSubcategories: [segmentAlert],
			options: {},
		});
		workflow = await stack.api.createWorkflow(workflowIntoNoOp('FullStory trigger e2e', trigger));
	});

	it('loads the package: both nodes and the credential type', async () => {
		const nodeTypes = (await stack.api.nodeTypes()).map((type) => type.name);
		expect(nodeTypes).toEqual(expect.arrayContaining(['n8n-nodes-fullstory.fullStory', 'n8n-nodes-fullstory.fullStoryTrigger']));
		expect((await stack.api.credentialTypes()).map((type) => type.name)).toContain('fullStoryApi');
	});

	it('publishing registers exactly one endpoint with the production URL and the chosen events', async () => {
		const status = await stack.api.publish(workflow.id, workflow.versionId);
		expect(status.status).toBe('published');
		const endpoints = await stack.fullstory.endpoints();
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0]).toMatchObject({
			url: productionUrl(stack, trigger),
			enabled: true,
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'segment.trend.alert', subcategory: segmentAlert }],
		});
		expect(endpoints[0].secret).toMatch(/^[0-9a-f]{64}$/);
	});

	it('a signed delivery runs the workflow exactly once with the documented item', async () => {
		const result = await stack.fullstory.deliver({ eventName: 'note.created' });
		expect(result.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200]);
		const [execution] = await stack.api.waitForExecutions(workflow.id, 1);
		expect(execution.status).toBe('success');
		expect(execution.mode).toBe('webhook');
		const sent = JSON.parse(result.body) as { data: JsonObject };
		const items = await outputOf(stack, execution, String(trigger.name));
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({
			eventName: 'note.created',
			version: 1,
			id: sent.data.id,
			text: sent.data.text,
			eventKey: `note.created:${String(sent.data.id)}`,
		});
		expect(items[0].created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(await finishedExecutions()).toHaveLength(1);
	});

	it('a segment alert for the chosen subcategory runs it too', async () => {
		expect(await deliver('segment.trend.alert', { subcategory: segmentAlert })).toEqual([200]);
		const executions = await stack.api.waitForExecutions(workflow.id, 2);
		const items = await outputOf(stack, executions[0], String(trigger.name));
		expect(items[0]).toMatchObject({ eventName: 'segment.trend.alert', alertConfig: expect.any(Object) });
	});

	it('tampered, unsigned, wrongly signed and stale deliveries get 401 and run nothing', async () => {
		const before = (await finishedExecutions()).length;
		expect(await deliver('note.created', { options: { tamperBody: true } })).toEqual([401]);
		expect(await deliver('note.created', { options: { omitSignature: true } })).toEqual([401]);
		expect(await deliver('note.created', { options: { wrongSecret: true } })).toEqual([401]);
		expect(await deliver('note.created', { options: { timestampOffsetSeconds: -3600 } })).toEqual([401]);
		await sleep(1500);
		expect(await finishedExecutions()).toHaveLength(before);
	});

	it('an event type the trigger does not subscribe to runs nothing', async () => {
		const before = (await finishedExecutions()).length;
		const [endpoint] = await stack.fullstory.endpoints();
		expect(await deliver('nativemobile.event.crash', { target: { endpointId: endpoint.id } })).toEqual([200]);
		expect(await deliver('test', { target: { endpointId: endpoint.id } })).toEqual([200]);
		await sleep(1500);
		expect(await finishedExecutions()).toHaveLength(before);
	});

	it('unpublishing deletes the endpoint', async () => {
		const status = await stack.api.unpublish(workflow.id);
		expect(status.status).toBe('not_published');
		expect(await stack.fullstory.endpoints()).toHaveLength(0);
	});

	it('publishing again and restarting n8n still leaves exactly one endpoint, and deliveries run', async () => {
		await stack.api.publish(workflow.id, workflow.versionId);
		expect(await endpointsAt(stack, productionUrl(stack, trigger))).toHaveLength(1);
		const before = (await finishedExecutions()).length;

		await stack.n8n.restart();
		await stack.api.login();
		expect(await stack.fullstory.endpoints()).toHaveLength(1);
		expect(await deliver('note.created')).toEqual([200]);
		await stack.api.waitForExecutions(workflow.id, before + 1);
		expect(await stack.fullstory.endpoints()).toHaveLength(1);
	});

	it('listening for a test event registers the test URL next to production; both receive', async () => {
		const before = (await finishedExecutions()).length;
		const run = await stack.api.runManually(workflow.id, String(trigger.name));
		expect(run).toEqual({ waitingForWebhook: true });
		const urls = (await stack.fullstory.endpoints()).map((endpoint) => endpoint.url).sort();
		expect(urls).toEqual([productionUrl(stack, trigger), testUrl(stack, trigger)].sort());

		expect(await deliver('note.created')).toEqual([200, 200]);
		const executions = await stack.api.waitForExecutions(workflow.id, before + 2);
		expect(executions.slice(0, 2).map((execution) => execution.mode).sort()).toEqual(['manual', 'webhook']);

		// n8n removes the test registration after its first event; our delete() removes its endpoint.
		for (let waited = 0; waited < 50 && (await stack.fullstory.endpoints()).length > 1; waited++) await sleep(200);
		expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.url)).toEqual([productionUrl(stack, trigger)]);
	});

	it('cancelling a test listen removes the test endpoint and keeps production', async () => {
		await stack.api.runManually(workflow.id, String(trigger.name));
		expect(await stack.fullstory.endpoints()).toHaveLength(2);
		await stack.api.cancelTestWebhook(workflow.id);
		for (let waited = 0; waited < 50 && (await stack.fullstory.endpoints()).length > 1; waited++) await sleep(200);
		expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.url)).toEqual([productionUrl(stack, trigger)]);
	});

	return { workflow: () => workflow, trigger: () => trigger, finishedExecutions };
}
