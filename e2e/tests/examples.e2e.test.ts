/**
 * The use-case examples in examples/, in a real n8n 2.40.7, each as a user takes it up: the file
 * imported as is through n8n's REST API (its credentials, referenced by name with an empty id,
 * resolved by n8n to the stored credentials of that name), the Settings node's URL pointed at a
 * recording loopback stub, published, and driven by a signed emulator delivery of its event.
 * - fullstory-note-to-chat.json: a note.created becomes one Slack-style `{text, blocks}` POST.
 * - fullstory-segment-alert-to-ticket.json: a segment.trend.alert opens one ticket (POST, Header
 *   Auth credential, `Idempotency-Key` = eventKey); a redelivery of the same alert opens none
 *   (Drop Redeliveries); a tracker that fails once is retried by the node with the same key; one
 *   still down after 3 tries fails the execution, and n8n's Retry resumes at Create Ticket.
 * - fullstory-custom-event-to-crm.json: an "Order Completed" custom event upserts the deal named
 *   by its `cart_id_str` property (PATCH); one without that property stops at the filter.
 * - The ticket and CRM tokens reach the stub only (not n8n's log or execution data), and the
 *   secrets audit ends the file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DeliveryRequest, DeliveryResult } from '../../emulator/deliveries/types';
import type { JsonObject } from '../../harness/rest/guards';
import { isArrayOf, isJsonObject, isString } from '../../harness/rest/guards';
import type { Credential, WorkflowInput } from '../../harness/rest/n8n-api';
import { findRepoRoot } from '../../harness/install/paths';
import type { RecordedRequest, StubServer } from '../../harness/stubs/stub-server';
import { startStubServer } from '../../harness/stubs/stub-server';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { CREDENTIAL_TYPE, decodedExecution, endpointsAt, productionUrl, startStack, statusesOf, TRIGGER_TYPE } from '../../harness/stacks/stack';

const CHAT_PATH = '/chat/services/T0000/B0000/stub-webhook';
const TICKETS_PATH = '/tickets/api/issues';
const CRM_PATH = '/crm/api/deals';

/** Each run's own, so finding one anywhere but in the stub's requests is a leak. */
const TICKET_TOKEN = `ticket-token-${randomUUID()}`;
const CRM_KEY = `crm-key-${randomUUID()}`;

let stack: Stack;
let stub: StubServer;
/** The credentials the examples name, created under those names before the import. */
const credentialsByName = new Map<string, Credential>();
/** How many of the next ticket requests the stub answers 503 (a tracker that is briefly down). */
let ticketFailuresToServe = 0;
let ticketsOpened = 0;

beforeAll(async () => {
	stack = await startStack({ name: 'examples' });
	stub = await startStubServer((request) => {
		if (request.url.startsWith(TICKETS_PATH)) {
			if (ticketFailuresToServe > 0) {
				ticketFailuresToServe--;
				return { status: 503, body: { message: 'tracker briefly unavailable' } };
			}
			ticketsOpened++;
			return { status: 201, body: { id: `TICKET-${ticketsOpened}` } };
		}
		// What Slack's incoming webhooks answer.
		if (request.url.startsWith(CHAT_PATH)) return { status: 200, body: 'ok', contentType: 'text/html' };
		if (request.url.startsWith(CRM_PATH)) return { status: 200, body: { id: decodeURIComponent(request.url.slice(CRM_PATH.length + 1)), updated: true } };
		return { status: 404, body: { message: 'no such stub route' } };
	});
	const credentials: Array<[string, string, JsonObject]> = [
		['FullStory account', CREDENTIAL_TYPE, { apiKey: stack.apiKey, region: 'custom', baseUrl: stack.emulator.baseUrl }],
		['Ticket system API', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${TICKET_TOKEN}` }],
		['CRM API', 'httpHeaderAuth', { name: 'X-Api-Key', value: CRM_KEY }],
	];
	for (const [name, type, data] of credentials) credentialsByName.set(name, await stack.api.createCredential(name, type, data));
});
afterAll(async () => {
	await stub?.close();
	await stack?.stop();
});

// ---- an example, taken up as a user would ------------------------------------------------------

function readExample(file: string): WorkflowInput {
	const example: unknown = JSON.parse(readFileSync(join(findRepoRoot(), 'examples', file), 'utf8'));
	if (!isJsonObject(example) || !isString(example.name) || !isArrayOf(example.nodes, isJsonObject) || !isJsonObject(example.connections)) {
		throw new Error(`examples/${file} is not a workflow`);
	}
	return { name: example.name, nodes: example.nodes, connections: example.connections, settings: isJsonObject(example.settings) ? example.settings : {} };
}

function parametersOf(node: JsonObject): JsonObject {
	return isJsonObject(node.parameters) ? node.parameters : {};
}

/** Every node's type at its version is one this n8n knows (n8n saves a workflow with unknown ones). */
async function expectKnownNodeTypes(workflow: WorkflowInput): Promise<void> {
	const known = new Set((await stack.api.nodeTypes()).flatMap((type) => (Array.isArray(type.version) ? type.version : [type.version]).map((version) => `${type.name}@${version}`)));
	const unknown = workflow.nodes.map((node) => `${String(node.type)}@${String(node.typeVersion)}`).filter((typeAtVersion) => !known.has(typeAtVersion));
	expect(unknown).toEqual([]);
}

/** Each credential reference of the saved nodes: what the file named, and what n8n stored. */
function credentialRefs(nodes: JsonObject[]): Array<{ node: string; type: string; name: unknown; id: unknown }> {
	return nodes.flatMap((node) =>
		Object.entries(isJsonObject(node.credentials) ? node.credentials : {}).map(([type, ref]) => ({
			node: String(node.name),
			type,
			name: isJsonObject(ref) ? ref.name : undefined,
			id: isJsonObject(ref) ? ref.id : undefined,
		})),
	);
}

/** The Settings node with `values` in place of its assignments' values (each name must exist). */
function withSettings(node: JsonObject, values: Record<string, string>): JsonObject {
	if (node.name !== 'Settings') return node;
	const parameters = parametersOf(node);
	const assignments = isJsonObject(parameters.assignments) && isArrayOf(parameters.assignments.assignments, isJsonObject) ? parameters.assignments.assignments : [];
	expect(Object.keys(values).filter((name) => !assignments.some((assignment) => assignment.name === name))).toEqual([]);
	const changed = assignments.map((assignment) => (isString(assignment.name) && assignment.name in values ? { ...assignment, value: values[assignment.name] } : assignment));
	return { ...node, parameters: { ...parameters, assignments: { assignments: changed } } };
}

interface Published {
	workflowId: string;
	/** The trigger's FullStory endpoint, to deliver to it alone. */
	endpointId: string;
	triggerParameters: JsonObject;
}

/**
 * Imports the file as is, checks n8n took it (known node types, each credential resolved by name),
 * sets Settings to `settings`, saves, publishes, and finds the trigger's endpoint.
 */
async function takeUpExample(file: string, settings: Record<string, string>): Promise<Published> {
	const example = readExample(file);
	await expectKnownNodeTypes(example);
	const imported = await stack.api.createWorkflow(example);
	const refs = credentialRefs(imported.nodes);
	expect(refs.length).toBeGreaterThan(0);
	for (const ref of refs) {
		const stored = credentialsByName.get(String(ref.name));
		expect({ ...ref, id: ref.id === '' ? 'unresolved' : ref.id }).toEqual({ ...ref, id: stored?.id });
	}

	await stack.api.http.call('PATCH', `/rest/workflows/${encodeURIComponent(imported.id)}`, { nodes: imported.nodes.map((node) => withSettings(node, settings)) });
	const status = await stack.api.publish(imported.id);
	expect([file, status.status]).toEqual([file, 'published']);

	const trigger = imported.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (trigger === undefined) throw new Error(`examples/${file} has no FullStory Trigger`);
	const endpoints = await endpointsAt(stack, productionUrl(stack, trigger));
	expect(endpoints).toHaveLength(1);
	return { workflowId: imported.id, endpointId: endpoints[0].id, triggerParameters: parametersOf(trigger) };
}

/** Sends one delivery to the workflow's endpoint and waits until n8n has finished its execution. */
async function deliverAndWait(published: Published, request: DeliveryRequest): Promise<DeliveryResult> {
	const before = await stack.api.finishedExecutionCount(published.workflowId);
	const result = await stack.fullstory.deliver({ ...request, target: { endpointId: published.endpointId } });
	expect(statusesOf(result)).toEqual([200]);
	await stack.api.waitForExecutions(published.workflowId, before + 1);
	return result;
}

/** The `data` of the envelope a delivery sent. */
function sentData(result: DeliveryResult): JsonObject {
	const envelope: unknown = JSON.parse(result.body);
	if (!isJsonObject(envelope) || !isJsonObject(envelope.data)) throw new Error(`e2e: the delivery sent no data: ${result.body}`);
	return envelope.data;
}

function requestsTo(path: string): RecordedRequest[] {
	return stub.requests.filter((request) => request.url.startsWith(path));
}

function jsonBody(request: RecordedRequest): JsonObject {
	const body: unknown = JSON.parse(request.body);
	if (!isJsonObject(body)) throw new Error(`e2e: the stub got a body that is not a JSON object: ${request.body}`);
	return body;
}

/** Every execution of the workflow succeeded; returns each one's decoded run data, oldest first. */
async function successfulRuns(workflowId: string, count: number) {
	const executions = await stack.api.executions(workflowId);
	expect(executions.map((execution) => execution.status)).toEqual(Array.from({ length: count }, () => 'success'));
	return await Promise.all([...executions].reverse().map(async (execution) => await decodedExecution(stack, execution.id)));
}

function itemsOut(decoded: Awaited<ReturnType<typeof decodedExecution>>, nodeName: string): number | 'did not run' {
	const run = decoded.runs.get(nodeName)?.[0];
	return run === undefined ? 'did not run' : (run.outputs[0] ?? []).length;
}

function subcategoryIn(parameters: JsonObject, name: string): string {
	const picked = parameters[name];
	if (!isArrayOf(picked, isString) || picked.length !== 1) throw new Error(`e2e: the trigger's ${name} is not one subcategory: ${JSON.stringify(picked)}`);
	return picked[0];
}

// ---- the examples ------------------------------------------------------------------------------

it('note to chat: a new note is posted once to the chat webhook as Slack {text, blocks}, with its text, author and session link', async () => {
	const published = await takeUpExample('fullstory-note-to-chat.json', { chatWebhookUrl: `${stub.url}${CHAT_PATH}` });
	expect(published.triggerParameters.events).toEqual(['note.created']);

	const note = sentData(await deliverAndWait(published, { eventName: 'note.created' }));
	const pageInfo = isJsonObject(note.pageInfo) ? note.pageInfo : {};

	const posts = requestsTo(CHAT_PATH);
	expect(posts).toHaveLength(1);
	const [post] = posts;
	expect(post.method).toBe('POST');
	expect(post.url).toBe(CHAT_PATH);
	expect(post.headers['content-type']).toMatch(/^application\/json/);
	expect(jsonBody(post)).toEqual({
		text: `New FullStory note from ${String(note.author)}: ${String(note.text)}\nSession: ${String(note.sessionUrl)}`,
		blocks: [
			{ type: 'section', text: { type: 'mrkdwn', text: `*${String(note.author)}* left a note in FullStory:\n>${String(note.text)}` } },
			{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${String(note.sessionUrl)}|Watch the session>  ·  on ${String(pageInfo.pageUrl)}` }] },
		],
	});
	const [run] = await successfulRuns(published.workflowId, 1);
	expect(itemsOut(run, 'Post to Chat')).toBe(1);
	expect((await stack.api.unpublish(published.workflowId)).status).toBe('not_published');
});

describe('segment alert to ticket', () => {
	let published: Published;
	let alertRequest: DeliveryRequest;

	beforeAll(async () => {
		published = await takeUpExample('fullstory-segment-alert-to-ticket.json', { ticketApiUrl: `${stub.url}${TICKETS_PATH}` });
		expect(published.triggerParameters.events).toEqual(['segment.trend.alert']);
		alertRequest = { eventName: 'segment.trend.alert', subcategory: subcategoryIn(published.triggerParameters, 'segmentAlertSubcategories') };
	});
	afterAll(async () => {
		if (published !== undefined) await stack.api.unpublish(published.workflowId);
	});

	it('opens one ticket per alert, and a redelivery of the same alert (same eventKey) opens none', async () => {
		const first = await deliverAndWait(published, alertRequest);
		const alert = sentData(first);
		const config = isJsonObject(alert.alertConfig) ? alert.alertConfig : {};
		const eventKey = `segment.trend.alert:${String(alert.id)}`;

		const tickets = requestsTo(TICKETS_PATH);
		expect(tickets).toHaveLength(1);
		const [ticket] = tickets;
		expect(ticket.method).toBe('POST');
		expect(ticket.url).toBe(TICKETS_PATH);
		expect(ticket.headers['content-type']).toMatch(/^application\/json/);
		expect(ticket.headers.authorization).toBe(`Bearer ${TICKET_TOKEN}`);
		expect(ticket.headers['idempotency-key']).toBe(eventKey);
		const body = jsonBody(ticket);
		const direction = String(config.direction).toLowerCase();
		expect(body).toEqual({
			title: `FullStory alert: ${String(config.segmentName)} is ${direction} ${String(config.threshold)} (now ${String(alert.value)})`,
			description: expect.any(String),
			externalId: eventKey,
			source: 'FullStory',
			labels: ['fullstory', 'segment-alert'],
			links: { notification: alert.notificationUrl, alert: config.alertUrl, segment: config.segmentUrl },
		});
		expect(String(body.description).split('\n')).toEqual([
			`Segment "${String(config.segmentName)}" is ${direction} its ${String(config.duration).toLowerCase()} threshold of ${String(config.threshold)}: the value is ${String(alert.value)}.`,
			`Alert: ${String(config.description)}`,
			`Notification: ${String(alert.notificationUrl)}`,
			`Alert settings: ${String(config.alertUrl)}`,
			`Segment: ${String(config.segmentUrl)}`,
			`FullStory event: ${eventKey} at ${String(alert.timestamp)}`,
		]);

		// FullStory's retry of the same alert: the same bytes, signed again, after the first run.
		await deliverAndWait(published, { eventName: alertRequest.eventName, body: first.body });
		expect(requestsTo(TICKETS_PATH)).toHaveLength(1);
		const [opened, redelivered] = await successfulRuns(published.workflowId, 2);
		expect(nodeCounts(opened)).toEqual({ 'Drop Redeliveries': 1, 'Create Ticket': 1 });
		expect(nodeCounts(redelivered)).toEqual({ 'Drop Redeliveries': 0, 'Create Ticket': 'did not run' });
		expect(ticketsOpened).toBe(1);
	});

	it('retries a tracker that fails once with the same Idempotency-Key and body: one ticket opened', async () => {
		const stubbedBefore = requestsTo(TICKETS_PATH).length;
		const openedBefore = ticketsOpened;
		ticketFailuresToServe = 1;
		const alert = sentData(await deliverAndWait(published, alertRequest));
		const eventKey = `segment.trend.alert:${String(alert.id)}`;

		const attempts = requestsTo(TICKETS_PATH).slice(stubbedBefore);
		expect(attempts.map((attempt) => attempt.headers['idempotency-key'])).toEqual([eventKey, eventKey]);
		expect(attempts[1].body).toBe(attempts[0].body);
		expect(jsonBody(attempts[1]).externalId).toBe(eventKey);
		expect(ticketFailuresToServe).toBe(0);
		expect(ticketsOpened).toBe(openedBefore + 1);
		const runs = await successfulRuns(published.workflowId, 3);
		expect(nodeCounts(runs[2])).toEqual({ 'Drop Redeliveries': 1, 'Create Ticket': 1 });
	});

	it("a tracker still down after the node's 3 tries fails the execution; retrying it in n8n resumes at Create Ticket and opens the ticket once", async () => {
		const stubbedBefore = requestsTo(TICKETS_PATH).length;
		const openedBefore = ticketsOpened;
		ticketFailuresToServe = 3;
		const alert = sentData(await deliverAndWait(published, alertRequest));
		const eventKey = `segment.trend.alert:${String(alert.id)}`;
		const [failed] = await stack.api.executions(published.workflowId);
		expect(failed.status).toBe('error');
		expect((await decodedExecution(stack, failed.id)).lastNodeExecuted).toBe('Create Ticket');
		expect(ticketsOpened).toBe(openedBefore);

		// The Executions list's "Retry" (with the original workflow): answered once the retry has run.
		await stack.api.http.call('POST', `/rest/executions/${encodeURIComponent(failed.id)}/retry`, { loadWorkflow: false });
		const [retried] = await stack.api.executions(published.workflowId);
		expect([retried.id === failed.id, retried.mode, retried.status]).toEqual([false, 'retry', 'success']);
		const decoded = await decodedExecution(stack, retried.id);
		// Drop Redeliveries' run is the failed execution's, carried over, not run again (which would drop the alert).
		expect([decoded.runs.get('Drop Redeliveries')?.length, decoded.runs.get('Create Ticket')?.map((run) => run.status)]).toEqual([1, ['success']]);

		const attempts = requestsTo(TICKETS_PATH).slice(stubbedBefore);
		expect(attempts.map((attempt) => attempt.headers['idempotency-key'])).toEqual([eventKey, eventKey, eventKey, eventKey]);
		expect(new Set(attempts.map((attempt) => attempt.body)).size).toBe(1);
		expect(ticketsOpened).toBe(openedBefore + 1);
	});

	function nodeCounts(decoded: Awaited<ReturnType<typeof decodedExecution>>) {
		return { 'Drop Redeliveries': itemsOut(decoded, 'Drop Redeliveries'), 'Create Ticket': itemsOut(decoded, 'Create Ticket') };
	}
});

it('custom event to CRM: an "Order Completed" upserts the deal its cart_id_str names, once; an event without it changes nothing', async () => {
	const published = await takeUpExample('fullstory-custom-event-to-crm.json', { crmRecordsUrl: `${stub.url}${CRM_PATH}` });
	expect(published.triggerParameters.events).toEqual(['recording.event.custom']);
	const subcategory = subcategoryIn(published.triggerParameters, 'customEventSubcategories');

	const event = sentData(await deliverAndWait(published, { eventName: 'recording.event.custom', subcategory }));
	expect(event.name).toBe('Order Completed');
	const properties = isJsonObject(event.properties) ? event.properties : {};
	const dealId = String(properties.cart_id_str);

	const upserts = requestsTo(CRM_PATH);
	expect(upserts).toHaveLength(1);
	const [upsert] = upserts;
	expect(upsert.method).toBe('PATCH');
	expect(upsert.url).toBe(`${CRM_PATH}/${encodeURIComponent(dealId)}`);
	expect(upsert.headers['content-type']).toMatch(/^application\/json/);
	expect(upsert.headers['x-api-key']).toBe(CRM_KEY);
	expect(jsonBody(upsert)).toEqual({
		externalId: dealId,
		lastFullStoryEvent: 'Order Completed',
		lastFullStoryEventAt: event.timestamp,
		lastPageUrl: event.pageUrl,
		fullStorySessionUrl: event.sessionUrl,
		properties,
	});

	// The same event name without the property that names the record: nothing to upsert.
	const { cart_id_str: _cartId, ...withoutId } = properties;
	await deliverAndWait(published, { eventName: 'recording.event.custom', data: { ...event, properties: withoutId } });
	expect(requestsTo(CRM_PATH)).toHaveLength(1);
	const [updated, skipped] = await successfulRuns(published.workflowId, 2);
	expect([itemsOut(updated, 'Has Record ID?'), itemsOut(updated, 'Upsert CRM Record')]).toEqual([1, 1]);
	expect([itemsOut(skipped, 'Has Record ID?'), itemsOut(skipped, 'Upsert CRM Record')]).toEqual([0, 'did not run']);
	expect((await stack.api.unpublish(published.workflowId)).status).toBe('not_published');
});

it("the ticket and CRM tokens reach the stub only: not n8n's log or any execution's data", async () => {
	expect(requestsTo(TICKETS_PATH).length).toBeGreaterThan(0);
	expect(requestsTo(CRM_PATH).length).toBeGreaterThan(0);
	const texts = [stack.n8n.logText(), ...(await Promise.all((await stack.api.executions()).map(async (execution) => (await stack.api.execution(execution.id)).data)))];
	const leaks = [TICKET_TOKEN, CRM_KEY].filter((secret) => texts.some((text) => text.includes(secret)));
	expect(leaks).toEqual([]);
	expect(stub.requests.map((request) => request.url).filter((url) => ![CHAT_PATH, TICKETS_PATH, CRM_PATH].some((path) => url.startsWith(path)))).toEqual([]);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions']);
