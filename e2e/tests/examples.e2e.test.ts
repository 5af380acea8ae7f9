/**
 * The use-case examples in examples/, in a real n8n 2.40.7, each as a user takes it up: the file
 * imported as is through n8n's REST API (its credentials, referenced by name with an empty id,
 * resolved by n8n to the stored credentials of that name), the Settings node's URL pointed at a
 * recording loopback stub, published, and driven as in production: a signed emulator delivery of
 * its event, a POST to its Webhook node's production URL, or (the nightly one) a manual run.
 * - fullstory-note-to-chat.json: a note.created becomes one Slack-style `{text, blocks}` POST.
 * - fullstory-segment-alert-to-ticket.json: a segment.trend.alert opens one ticket (POST, Header
 *   Auth credential, `Idempotency-Key` = eventKey); a redelivery of the same alert opens none
 *   (Drop Redeliveries); a tracker that fails once is retried by the node with the same key; one
 *   still down after 3 tries fails the execution, and n8n's Retry resumes at Create Ticket.
 * - fullstory-custom-event-to-crm.json: an "Order Completed" custom event upserts the deal named
 *   by its `cart_id_str` property (PATCH); one without that property stops at the filter.
 * Data into FullStory (what the emulator holds afterwards is the proof):
 * - fullstory-payment-to-server-event.json: a paid invoice is one "Payment Succeeded" on the
 *   customer's most recent session, keyed by the invoice; its redelivery is FullStory's replay, not
 *   a second event; other billing events and unknown customers are acknowledged and not sent;
 *   a call without the billing login is refused.
 * - fullstory-crm-contact-to-user.json: a new contact is a FullStory user under its CRM ID, and an
 *   update changes that same user; other contact events are acknowledged, calls without the token refused.
 * - fullstory-nightly-contacts-import.json: the CRM's changed contacts (two pages) imported in one
 *   job with no message when all are imported; when FullStory fails the job, one chat message
 *   naming exactly that night's contacts; failures FullStory does not pair are reported as unconfirmed.
 * - fullstory-deploy-annotation.json: a CI call is one "Deploy <version>" annotation from "CI"
 *   starting now; a lost answer retried by the node is still one; a call without the token refused.
 * - The ticket and CRM tokens reach the stub only (not n8n's log or execution data), the webhook
 *   logins not n8n's log, and the secrets audit ends the file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { DeliveryRequest, DeliveryResult } from '../../emulator/deliveries/types';
import type { RequestLogEntry } from '../../emulator/state/types';
import type { JobSummary, StoredUser } from '../../emulator/state/v2/types';
import type { JsonObject } from '../../harness/rest/guards';
import { isArrayOf, isJsonObject, isString } from '../../harness/rest/guards';
import type { Credential, Workflow, WorkflowInput } from '../../harness/rest/n8n-api';
import { findRepoRoot } from '../../harness/install/paths';
import type { RecordedRequest, StubAnswer, StubServer } from '../../harness/stubs/stub-server';
import { startStubServer } from '../../harness/stubs/stub-server';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { CREDENTIAL_TYPE, decodedExecution, endpointsAt, productionUrl, sleep, startStack, statusesOf, TRIGGER_TYPE } from '../../harness/stacks/stack';
import { decodeExecutionData, nodeOutput } from '../../harness/rest/execution-data';

const CHAT_PATH = '/chat/services/T0000/B0000/stub-webhook';
const TICKETS_PATH = '/tickets/api/issues';
const CRM_PATH = '/crm/api/deals';
const CRM_CONTACTS_PATH = '/crm/api/contacts/changed';
const IMPORT_CHAT_PATH = '/chat/services/T0000/B0001/import-alerts';

/** Each run's own, so finding one anywhere but in the stub's requests is a leak. */
const TICKET_TOKEN = `ticket-token-${randomUUID()}`;
const CRM_KEY = `crm-key-${randomUUID()}`;
/** The logins the data-into-FullStory examples' Webhook nodes check (Basic Auth, Header Auth). */
const BILLING_LOGIN = { user: 'billing-system', password: `billing-password-${randomUUID()}` };
const CRM_WEBHOOK_TOKEN = `crm-webhook-token-${randomUUID()}`;
const CI_TOKEN = `ci-token-${randomUUID()}`;

let stack: Stack;
let stub: StubServer;
/** The credentials the examples name, created under those names before the import. */
const credentialsByName = new Map<string, Credential>();
/** How many of the next ticket requests the stub answers 503 (a tracker that is briefly down). */
let ticketFailuresToServe = 0;
let ticketsOpened = 0;
/** What the CRM's "contacts changed since" endpoint holds tonight, page by page (`?cursor=<page number>`). */
let contactPages: JsonObject[][] = [];

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
		if (request.url.startsWith(CRM_CONTACTS_PATH)) return contactsPage(request);
		if (request.url.startsWith(IMPORT_CHAT_PATH)) return { status: 200, body: 'ok', contentType: 'text/html' };
		return { status: 404, body: { message: 'no such stub route' } };
	});
	const credentials: Array<[string, string, JsonObject]> = [
		['FullStory account', CREDENTIAL_TYPE, { apiKey: stack.apiKey, region: 'custom', baseUrl: stack.emulator.baseUrl }],
		['Ticket system API', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${TICKET_TOKEN}` }],
		['CRM API', 'httpHeaderAuth', { name: 'X-Api-Key', value: CRM_KEY }],
		['Billing webhook login', 'httpBasicAuth', BILLING_LOGIN],
		['CRM webhook secret', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${CRM_WEBHOOK_TOKEN}` }],
		['CI webhook token', 'httpHeaderAuth', { name: 'Authorization', value: `Bearer ${CI_TOKEN}` }],
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
 * sets Settings to `settings` and saves; returns the saved workflow with those nodes.
 */
async function importExample(file: string, settings: Record<string, string>): Promise<Workflow> {
	const example = readExample(file);
	await expectKnownNodeTypes(example);
	const imported = await stack.api.createWorkflow(example);
	const refs = credentialRefs(imported.nodes);
	expect(refs.length).toBeGreaterThan(0);
	for (const ref of refs) {
		const stored = credentialsByName.get(String(ref.name));
		expect({ ...ref, id: ref.id === '' ? 'unresolved' : ref.id }).toEqual({ ...ref, id: stored?.id });
	}
	if (Object.keys(settings).length > 0) expect(imported.nodes.map((node) => node.name)).toContain('Settings');

	const nodes = imported.nodes.map((node) => withSettings(node, settings));
	await stack.api.http.call('PATCH', `/rest/workflows/${encodeURIComponent(imported.id)}`, { nodes });
	return { ...imported, nodes };
}

async function publishExample(file: string, workflowId: string): Promise<void> {
	const status = await stack.api.publish(workflowId);
	expect([file, status.status]).toEqual([file, 'published']);
}

/** Imports and publishes a FullStory Trigger example, and finds the trigger's endpoint. */
async function takeUpExample(file: string, settings: Record<string, string>): Promise<Published> {
	const imported = await importExample(file, settings);
	await publishExample(file, imported.id);

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

// ---- data into FullStory: the callers, the CRM, and what FullStory holds -----------------------

const WEBHOOK_TYPE = 'n8n-nodes-base.webhook';
const HOUR_MS = 60 * 60 * 1000;

interface WebhookExample {
	workflowId: string;
	/** The Webhook node's production URL: what the billing system, the CRM or CI is given. */
	url: string;
}

/** Imports and publishes an example that starts at a Webhook node; its URL is the one its path gives. */
async function takeUpWebhookExample(file: string): Promise<WebhookExample> {
	const imported = await importExample(file, {});
	await publishExample(file, imported.id);
	const webhooks = imported.nodes.filter((node) => node.type === WEBHOOK_TYPE);
	expect(webhooks).toHaveLength(1);
	const path = parametersOf(webhooks[0]).path;
	if (!isString(path)) throw new Error(`examples/${file}: the Webhook node has no path`);
	return { workflowId: imported.id, url: `${stack.n8n.baseUrl}/webhook/${path}` };
}

/** Takes the example up before the enclosing describe's tests and unpublishes it after them. */
function publishedWhileTheseRun(file: string): () => WebhookExample {
	let example: WebhookExample | undefined;
	beforeAll(async () => {
		example = await takeUpWebhookExample(file);
	});
	afterAll(async () => {
		if (example !== undefined) await stack.api.unpublish(example.workflowId);
	});
	return () => {
		if (example === undefined) throw new Error(`e2e: examples/${file} was not taken up`);
		return example;
	};
}

interface WebhookAnswer {
	status: number;
	/** Parsed JSON, or the text as it came. */
	body: unknown;
}

function parsedOrText(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/**
 * POSTs `payload` as the caller would and, when it `runs`, waits until n8n has finished that
 * execution: Respond to Webhook answers before n8n has saved it. A refused call (`runs` false) has
 * no run to wait for, and had it run, its FullStory call would have come before the answer (each
 * example answers after it), so what FullStory holds can be read as soon as it answers.
 */
async function callWebhook(example: WebhookExample, payload: JsonObject, authorization: string | undefined, runs = true): Promise<WebhookAnswer> {
	const before = await stack.api.finishedExecutionCount(example.workflowId);
	const response = await fetch(example.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...(authorization === undefined ? {} : { authorization }) },
		body: JSON.stringify(payload),
		signal: AbortSignal.timeout(60_000),
	});
	const body = parsedOrText(await response.text());
	if (runs) await stack.api.waitForExecutions(example.workflowId, before + 1);
	return { status: response.status, body };
}

function basicAuthorization(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** The last entry of the emulator's request log: the log is never cleared (the secrets audit reads it whole), so steps read what came after. */
async function lastFullStoryCall(): Promise<number> {
	return (await stack.fullstory.requests()).at(-1)?.seq ?? 0;
}

async function fullStoryCallsSince(since: number, path: string): Promise<RequestLogEntry[]> {
	return (await stack.fullstory.requests({ since })).filter((entry) => entry.path === path);
}

/** A contact as the CRM sends it, in its webhooks and its "changed since" list. */
interface CrmContact extends JsonObject {
	id: string;
	firstName: string;
	lastName: string;
	email: string;
	plan: string;
	lifecycleStage: string;
	updatedAt: string;
}

function crmContact(id: string, firstName: string, lastName: string, plan: string, lifecycleStage: string): CrmContact {
	return { id, firstName, lastName, email: `${firstName}.${lastName}@example.com`.toLowerCase(), plan, lifecycleStage, updatedAt: new Date().toISOString() };
}

/** The FullStory user a contact should be: its CRM ID as uid, the plan and stage as properties. */
function fullStoryUserOf(contact: CrmContact) {
	return { uid: contact.id, display_name: `${contact.firstName} ${contact.lastName}`, email: contact.email, properties: { plan: contact.plan, lifecycle_stage: contact.lifecycleStage } };
}

function identityOf(user: StoredUser) {
	return { uid: user.uid, display_name: user.display_name, email: user.email, properties: user.properties };
}

async function fullStoryUsersWithUid(uid: string) {
	return (await stack.fullstory.users()).filter((user) => user.uid === uid).map(identityOf);
}

/**
 * The CRM's "contacts changed since" endpoint: the API key checked, one page per `cursor`, and
 * `paging.next` on every page but the last (which has no `paging`, as HubSpot-style APIs end).
 */
function contactsPage(request: RecordedRequest): StubAnswer {
	if (request.headers['x-api-key'] !== CRM_KEY) return { status: 401, body: { message: 'invalid API key' } };
	const cursor = Number(new URL(request.url, stub.url).searchParams.get('cursor') ?? '1');
	const paging = cursor < contactPages.length ? { paging: { next: `${stub.url}${CRM_CONTACTS_PATH}?cursor=${cursor + 1}` } } : {};
	return { status: 200, body: { results: contactPages[cursor - 1] ?? [], ...paging } };
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

// ---- data into FullStory -----------------------------------------------------------------------

describe('paid invoice to a server event', () => {
	const billing = basicAuthorization(BILLING_LOGIN.user, BILLING_LOGIN.password);
	const example = publishedWhileTheseRun('fullstory-payment-to-server-event.json');

	/** A Stripe-style `invoice.paid` event: amounts in the currency's smallest unit, times in Unix seconds. */
	function invoicePaid(invoice: { eventId: string; invoiceId: string; uid?: string; amountPaid: number; currency: string; created: number }): JsonObject {
		return {
			id: invoice.eventId,
			object: 'event',
			api_version: '2024-06-20',
			created: invoice.created,
			livemode: false,
			pending_webhooks: 1,
			type: 'invoice.paid',
			data: {
				object: {
					id: invoice.invoiceId,
					object: 'invoice',
					customer: 'cus_QxR7e2LmN4pT',
					customer_email: 'jane.doe@example.com',
					amount_due: invoice.amountPaid,
					amount_paid: invoice.amountPaid,
					currency: invoice.currency,
					number: 'ACME-0042',
					status: 'paid',
					subscription: 'sub_1QxR8fGhJ2kL3mN4',
					status_transitions: { paid_at: invoice.created - 2 },
					metadata: invoice.uid === undefined ? {} : { app_user_id: invoice.uid },
				},
			},
		};
	}

	async function paymentEvents() {
		return (await stack.fullstory.events()).filter((event) => event.name === 'Payment Succeeded');
	}

	it('a paid invoice is one "Payment Succeeded" on the customer\'s most recent session with amount and currency, keyed by the invoice; its redelivery creates no second event', async () => {
		const invoice = invoicePaid({ eventId: 'evt_1QxPaid4711A', invoiceId: 'in_1QxInv4711A', uid: 'customer-4711', amountPaid: 4900, currency: 'eur', created: 1767777777 });
		const since = await lastFullStoryCall();
		expect(await callWebhook(example(), invoice, billing)).toEqual({ status: 200, body: { received: true } });
		const expected = {
			source: 'api',
			user: { uid: 'customer-4711' },
			session: { use_most_recent: true },
			timestamp: new Date(1767777777 * 1000).toISOString(),
			properties: { amount: 49, currency: 'EUR', invoice_id: 'in_1QxInv4711A' },
			schema: { amount: 'real' },
		};
		expect(await paymentEvents()).toEqual([expect.objectContaining(expected)]);

		// The billing system sends the same event again (it lost n8n's answer, or retries on its own).
		expect(await callWebhook(example(), invoice, billing)).toEqual({ status: 200, body: { received: true } });
		expect(await paymentEvents()).toEqual([expect.objectContaining(expected)]);
		const sent = await fullStoryCallsSince(since, '/v2/events');
		expect(sent.map((entry) => [entry.headers['idempotency-key'], entry.status, entry.idempotentReplay === true])).toEqual([
			['invoice-paid-in_1QxInv4711A', 200, false],
			['invoice-paid-in_1QxInv4711A', 200, true],
		]);
		expect(sent[1].body).toEqual(sent[0].body);
	});

	it('another invoice is another event, and a zero-decimal currency keeps its units (JPY 4900 is 4900)', async () => {
		const before = await paymentEvents();
		const invoice = invoicePaid({ eventId: 'evt_1QxPaid4712B', invoiceId: 'in_1QxInv4712B', uid: 'customer-4712', amountPaid: 4900, currency: 'jpy', created: 1767781111 });
		expect(await callWebhook(example(), invoice, billing)).toEqual({ status: 200, body: { received: true } });
		const after = await paymentEvents();
		expect(after.slice(0, before.length)).toEqual(before);
		expect(after.slice(before.length)).toEqual([
			expect.objectContaining({ user: { uid: 'customer-4712' }, properties: { amount: 4900, currency: 'JPY', invoice_id: 'in_1QxInv4712B' } }),
		]);
	});

	it("acknowledges billing events that are not paid invoices, and paid invoices without the app's user ID, and sends neither", async () => {
		const since = await lastFullStoryCall();
		const failedPayment = { ...invoicePaid({ eventId: 'evt_1QxFail4711C', invoiceId: 'in_1QxInv4711C', uid: 'customer-4711', amountPaid: 1900, currency: 'eur', created: 1767782222 }), type: 'invoice.payment_failed' };
		const unknownCustomer = invoicePaid({ eventId: 'evt_1QxPaid0000D', invoiceId: 'in_1QxInv0000D', amountPaid: 1900, currency: 'eur', created: 1767783333 });
		for (const payload of [failedPayment, unknownCustomer]) {
			expect(await callWebhook(example(), payload, billing)).toEqual({ status: 200, body: { received: true } });
		}
		expect(await fullStoryCallsSince(since, '/v2/events')).toEqual([]);
		const runs = (await successfulRuns(example().workflowId, 5)).slice(-2);
		expect(runs.map((run) => [itemsOut(run, 'Send Payment Succeeded'), itemsOut(run, 'Respond 200')])).toEqual([
			['did not run', 1],
			['did not run', 1],
		]);
	});

	it('refuses a call without the billing login or with a wrong one (401), and sends nothing to FullStory', async () => {
		const since = await lastFullStoryCall();
		const invoice = invoicePaid({ eventId: 'evt_1QxPaid4711E', invoiceId: 'in_1QxInv4711E', uid: 'customer-4711', amountPaid: 900, currency: 'eur', created: 1767784444 });
		for (const authorization of [undefined, basicAuthorization(BILLING_LOGIN.user, 'not-the-password')]) {
			expect((await callWebhook(example(), invoice, authorization, false)).status).toBe(401);
		}
		expect(await fullStoryCallsSince(since, '/v2/events')).toEqual([]);
	});
});

describe('CRM contact to a FullStory user', () => {
	const crm = `Bearer ${CRM_WEBHOOK_TOKEN}`;
	const example = publishedWhileTheseRun('fullstory-crm-contact-to-user.json');

	function contactEvent(event: string, contact: CrmContact): JsonObject {
		return { event, occurredAt: contact.updatedAt, contact };
	}

	it('a new contact becomes a FullStory user with its CRM ID as uid, its name, email, plan and lifecycle stage; an update changes that same user', async () => {
		const contact = crmContact('crm-contact-1042', 'Ada', 'Lovelace', 'starter', 'lead');
		expect(await callWebhook(example(), contactEvent('contact.created', contact), crm)).toEqual({ status: 200, body: { received: true } });
		expect(await fullStoryUsersWithUid(contact.id)).toEqual([fullStoryUserOf(contact)]);
		const [created] = (await stack.fullstory.users()).filter((user) => user.uid === contact.id);

		const upgraded: CrmContact = { ...contact, email: 'ada@analytical-engines.example.com', plan: 'pro', lifecycleStage: 'customer', updatedAt: new Date().toISOString() };
		expect(await callWebhook(example(), contactEvent('contact.updated', upgraded), crm)).toEqual({ status: 200, body: { received: true } });
		expect(await fullStoryUsersWithUid(contact.id)).toEqual([fullStoryUserOf(upgraded)]);
		expect((await stack.fullstory.users()).filter((user) => user.uid === contact.id).map((user) => user.id)).toEqual([created.id]);
	});

	it("acknowledges other contact events without a FullStory call, and refuses calls without the CRM's token (403)", async () => {
		const since = await lastFullStoryCall();
		const contact = crmContact('crm-contact-1043', 'Charles', 'Babbage', 'starter', 'lead');
		expect(await callWebhook(example(), contactEvent('contact.deleted', contact), crm)).toEqual({ status: 200, body: { received: true } });
		for (const authorization of [undefined, 'Bearer not-the-token']) {
			expect((await callWebhook(example(), contactEvent('contact.created', contact), authorization, false)).status).toBe(403);
		}
		expect(await fullStoryCallsSince(since, '/v2/users')).toEqual([]);
		expect(await fullStoryUsersWithUid(contact.id)).toEqual([]);
	});
});

describe('nightly import of changed CRM contacts', () => {
	const file = 'fullstory-nightly-contacts-import.json';
	const firstNight = [
		crmContact('crm-contact-2001', 'Grace', 'Hopper', 'pro', 'customer'),
		crmContact('crm-contact-2002', 'Alan', 'Turing', 'starter', 'lead'),
		crmContact('crm-contact-2003', 'Katherine', 'Johnson', 'enterprise', 'customer'),
		crmContact('crm-contact-2004', 'Edsger', 'Dijkstra', 'pro', 'opportunity'),
		crmContact('crm-contact-2005', 'Barbara', 'Liskov', 'starter', 'customer'),
	];
	/** The same contacts a day on, each on another plan. */
	const secondNight = firstNight.map((contact) => ({ ...contact, plan: contact.plan === 'enterprise' ? 'pro' : 'enterprise', lifecycleStage: 'customer', updatedAt: new Date().toISOString() }));
	let workflowId: string;

	beforeAll(async () => {
		// Not published: it would wait for 02:00. A manual run from its schedule trigger (the
		// editor's "Execute workflow") runs the same nodes now.
		const imported = await importExample(file, { crmContactsUrl: `${stub.url}${CRM_CONTACTS_PATH}`, chatWebhookUrl: `${stub.url}${IMPORT_CHAT_PATH}` });
		workflowId = imported.id;
	});

	/** The import job the run makes, once FullStory has it (the node creates it after reading the CRM). */
	async function jobAfter(jobsBefore: number): Promise<JobSummary> {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const job = (await stack.fullstory.jobs())[jobsBefore];
			if (job !== undefined) return job;
			if (Date.now() > deadline) throw new Error('e2e: the nightly workflow made no import job within 30 s');
			await sleep(100);
		}
	}

	/** One night's run; `whileProcessing` acts on the job while FullStory holds it PROCESSING. */
	async function runNight(whileProcessing?: (job: JobSummary) => Promise<void>) {
		const jobsBefore = (await stack.fullstory.jobs()).length;
		const executionsBefore = await stack.api.finishedExecutionCount(workflowId);
		expect(await stack.api.runManually(workflowId, 'Every Night')).toEqual({ executionId: expect.any(String) });
		if (whileProcessing !== undefined) await whileProcessing(await jobAfter(jobsBefore));
		const [execution] = await stack.api.waitForExecutions(workflowId, executionsBefore + 1, 60_000);
		const decoded = await decodedExecution(stack, execution.id);
		expect([execution.status, decoded.error]).toEqual(['success', undefined]);
		const jobs = (await stack.fullstory.jobs()).slice(jobsBefore);
		return { decoded, jobs: jobs.map((job) => ({ id: job.id, kind: job.kind, status: job.status, requestCount: job.requestCount, imports: job.imports, errors: job.errors })) };
	}

	/** A night on which FullStory fails the import job: held PROCESSING until failed, then back to finishing jobs on its timer. */
	async function runFailingNight(failure: { message: string; code: string }, config: { jobErrorRequests: 'echo' | 'omit' }) {
		await stack.fullstory.configure({ jobCompletion: 'manual', ...config });
		try {
			return await runNight(async (job) => {
				await stack.fullstory.failJob(job.id, failure);
			});
		} finally {
			await stack.fullstory.configure({ jobCompletion: 'timer', jobErrorRequests: 'echo' });
		}
	}

	function importResults(decoded: Awaited<ReturnType<typeof decodedExecution>>) {
		return nodeOutput(decoded, 'Import Contacts to FullStory').map((item) => [isJsonObject(item.request) ? item.request.uid : undefined, item.status, item.error]);
	}

	it('imports every contact changed in the last 25 hours, from every page, in one job it waits for; a night without failures posts nothing', async () => {
		contactPages = [firstNight.slice(0, 3), firstNight.slice(3)];
		const crmCallsBefore = requestsTo(CRM_CONTACTS_PATH).length;
		const startedAt = Date.now();
		const { decoded, jobs } = await runNight();
		const finishedAt = Date.now();

		const asked = requestsTo(CRM_CONTACTS_PATH).slice(crmCallsBefore).map((request) => ({ method: request.method, query: new URL(request.url, stub.url).searchParams }));
		expect(asked.map(({ method, query }) => [method, query.get('cursor'), query.getAll('updated_since').length])).toEqual([
			['GET', null, 1],
			['GET', '2', 1],
		]);
		for (const { query } of asked) {
			const since = Date.parse(String(query.get('updated_since')));
			expect(since).toBeGreaterThanOrEqual(startedAt - 25 * HOUR_MS - 1000);
			expect(since).toBeLessThanOrEqual(finishedAt - 25 * HOUR_MS);
		}

		expect(jobs).toEqual([{ id: expect.any(String), kind: 'users', status: 'COMPLETED', requestCount: 5, imports: 5, errors: 0 }]);
		for (const contact of firstNight) expect(await fullStoryUsersWithUid(contact.id)).toEqual([fullStoryUserOf(contact)]);
		expect(importResults(decoded)).toEqual(firstNight.map((contact) => [contact.id, 'imported', undefined]));
		const counts = ['Get Contacts Changed Since Yesterday', 'One Item per Contact', 'Keep Contacts Not Imported', 'Post to Chat'].map((node) => itemsOut(decoded, node));
		expect(counts).toEqual([2, 5, 0, 'did not run']);
		expect(requestsTo(IMPORT_CHAT_PATH)).toEqual([]);
	});

	it('a contact the node cannot send (no plan) is named in one chat message with the reason; the other four are imported', async () => {
		// The second night: every contact moved on, and the CRM sends one without a plan.
		const withoutPlan = secondNight[1];
		const { plan: _noPlan, ...sentWithoutPlan } = withoutPlan;
		contactPages = [secondNight.map((contact) => (contact === withoutPlan ? sentWithoutPlan : contact))];
		const { decoded, jobs } = await runNight();

		const imported = secondNight.filter((contact) => contact !== withoutPlan);
		expect(jobs).toEqual([{ id: expect.any(String), kind: 'users', status: 'COMPLETED', requestCount: 4, imports: 4, errors: 0 }]);
		const refusal = 'Properties: property "plan" has no value';
		expect(nodeOutput(decoded, 'Import Contacts to FullStory').map((item) => (isString(item.error) ? item.error : item.status))).toEqual(
			secondNight.map((contact) => (contact === withoutPlan ? refusal : 'imported')),
		);
		const posts = requestsTo(IMPORT_CHAT_PATH);
		expect(posts.map((post) => [post.method, post.url, post.headers['content-type']])).toEqual([['POST', IMPORT_CHAT_PATH, expect.stringMatching(/^application\/json/)]]);
		expect(jsonBody(posts[0])).toEqual({ text: `FullStory import of changed CRM contacts: 1 of 5 not imported\n• Alan Turing (crm-contact-2002): not sent: ${refusal}` });
		for (const contact of imported) expect(await fullStoryUsersWithUid(contact.id)).toEqual([fullStoryUserOf(contact)]);
		// Not sent, so FullStory keeps the first night's.
		expect(await fullStoryUsersWithUid(withoutPlan.id)).toEqual([fullStoryUserOf(firstNight[1])]);
	});

	it("when FullStory fails the import, one chat message names exactly that night's contacts with FullStory's reason, and FullStory keeps what it had", async () => {
		// FullStory's own per-user failures cannot be produced for a users import: the node refuses,
		// before sending, every user FullStory (the emulator) would refuse on its own (property names,
		// sizes and counts, field lengths), it never sends the batch `id` that fails with
		// user_not_found, and the emulator's one per-item fault, fullSessions, is for events. So
		// FullStory fails this night's job as a whole (the emulator's failJob: FAILED, every request
		// listed in /errors with the request echoed). The message must name tonight's two contacts
		// only, not the others FullStory holds from earlier nights.
		const chatBefore = requestsTo(IMPORT_CHAT_PATH).length;
		const [returning] = secondNight;
		const tonight = [{ ...returning, plan: 'starter', updatedAt: new Date().toISOString() }, crmContact('crm-contact-2006', 'Margaret', 'Hamilton', 'pro', 'lead')];
		contactPages = [tonight];
		const failure = { message: 'the import could not be processed', code: 'internal' };
		const { decoded, jobs } = await runFailingNight(failure, { jobErrorRequests: 'echo' });

		expect(jobs).toEqual([{ id: expect.any(String), kind: 'users', status: 'FAILED', requestCount: 2, imports: 0, errors: 2 }]);
		expect(importResults(decoded)).toEqual(tonight.map((contact) => [contact.id, 'failed', failure]));
		const posts = requestsTo(IMPORT_CHAT_PATH).slice(chatBefore);
		expect(posts.map(jsonBody)).toEqual([
			{
				text: [
					`FullStory import of changed CRM contacts: 2 of 2 not imported (job ${jobs[0].id})`,
					`• Grace Hopper (crm-contact-2001): the import could not be processed (internal)`,
					`• Margaret Hamilton (crm-contact-2006): the import could not be processed (internal)`,
				].join('\n'),
			},
		]);
		// Nothing of the failed job was applied: the returning contact keeps the last night's plan.
		expect(await fullStoryUsersWithUid(returning.id)).toEqual([fullStoryUserOf(returning)]);
		expect(await fullStoryUsersWithUid('crm-contact-2006')).toEqual([]);
	});

	it('failures FullStory lists without their requests are posted as unconfirmed, not taken for imported', async () => {
		const chatBefore = requestsTo(IMPORT_CHAT_PATH).length;
		const contact = crmContact('crm-contact-2007', 'Frances', 'Allen', 'starter', 'lead');
		contactPages = [[contact]];
		const { decoded, jobs } = await runFailingNight({ message: 'the import could not be processed', code: 'internal' }, { jobErrorRequests: 'omit' });

		expect(importResults(decoded)).toEqual([[contact.id, 'unconfirmed', undefined]]);
		const posts = requestsTo(IMPORT_CHAT_PATH).slice(chatBefore);
		expect(posts.map(jsonBody)).toEqual([
			{ text: `FullStory import of changed CRM contacts: 1 of 1 not imported (job ${jobs[0].id})\n• Frances Allen (crm-contact-2007): FullStory did not confirm it; check the job` },
		]);
	});
});

describe('deploy from CI to an annotation', () => {
	const ci = `Bearer ${CI_TOKEN}`;
	const example = publishedWhileTheseRun('fullstory-deploy-annotation.json');

	/** What the deploy job's last step sends, from GitHub Actions' context. */
	function deployFinished(version: string): JsonObject {
		return {
			repository: 'acme/shop',
			version,
			commit: '9fceb02d0ae598e95dc970b74767f19372d61af8',
			ref: `refs/tags/${version}`,
			workflow: 'Deploy',
			run_id: 13051987654,
			run_attempt: 1,
			run_url: 'https://github.com/acme/shop/actions/runs/13051987654',
			actor: 'octocat',
			environment: 'production',
		};
	}

	it('a finished deploy is one "Deploy <version>" annotation from "CI" starting now, and CI is answered with it', async () => {
		const before = (await stack.fullstory.annotations()).length;
		// $now has milliseconds; the bound's start is the second it falls in, in case a clock reads coarser.
		const startedAt = Math.floor(Date.now() / 1000) * 1000;
		const answer = await callWebhook(example(), deployFinished('v2.4.0'), ci);
		const finishedAt = Date.now();

		const annotations = (await stack.fullstory.annotations()).slice(before);
		expect(annotations.map(({ text, source }) => ({ text, source }))).toEqual([{ text: 'Deploy v2.4.0', source: 'CI' }]);
		const [{ text, start_time, end_time, source }] = annotations;
		expect(Date.parse(start_time)).toBeGreaterThanOrEqual(startedAt);
		expect(Date.parse(start_time)).toBeLessThanOrEqual(finishedAt);
		expect(end_time).toBe(start_time);
		expect(answer).toEqual({ status: 200, body: { text, start_time, end_time, source } });
	});

	it('an answer lost after FullStory stored the annotation is sent again by the node with the same key: still one annotation', async () => {
		const before = (await stack.fullstory.annotations()).length;
		const since = await lastFullStoryCall();
		await stack.fullstory.injectFault({ method: 'POST', path: '/v2/annotations', kind: 'dropAfter', count: 1 });
		expect((await callWebhook(example(), deployFinished('v2.4.1'), ci)).status).toBe(200);

		expect((await stack.fullstory.annotations()).slice(before).map((annotation) => annotation.text)).toEqual(['Deploy v2.4.1']);
		const sent = await fullStoryCallsSince(since, '/v2/annotations');
		expect(sent.map((entry) => [entry.status, entry.idempotentReplay === true])).toEqual([
			[null, false],
			[200, true],
		]);
		expect(sent[1].headers['idempotency-key']).toBe(sent[0].headers['idempotency-key']);
	});

	it('refuses a call without the CI token or with a wrong one (403), and marks nothing', async () => {
		const before = (await stack.fullstory.annotations()).length;
		for (const authorization of [undefined, 'Bearer not-the-token']) {
			expect((await callWebhook(example(), deployFinished('v2.4.2'), authorization, false)).status).toBe(403);
		}
		expect(await stack.fullstory.annotations()).toHaveLength(before);
	});
});

it("the ticket and CRM tokens reach the stub only: not n8n's log or any execution's data", async () => {
	expect(requestsTo(TICKETS_PATH).length).toBeGreaterThan(0);
	expect(requestsTo(CRM_PATH).length).toBeGreaterThan(0);
	const texts = [stack.n8n.logText(), ...(await Promise.all((await stack.api.executions()).map(async (execution) => (await stack.api.execution(execution.id)).data)))];
	const leaks = [TICKET_TOKEN, CRM_KEY].filter((secret) => texts.some((text) => text.includes(secret)));
	expect(leaks).toEqual([]);
	expect(stub.requests.map((request) => request.url).filter((url) => ![CHAT_PATH, TICKETS_PATH, CRM_PATH, CRM_CONTACTS_PATH, IMPORT_CHAT_PATH].some((path) => url.startsWith(path)))).toEqual([]);
});

/**
 * Each execution's data as text, less the one place n8n keeps a caller's login: the Webhook node's
 * output carries the request's headers, `authorization` included (the node declares it a
 * sensitive output field, which n8n 2.40.7 does not act on).
 */
function withoutWebhookAuthorization(decoded: Awaited<ReturnType<typeof decodedExecution>>, webhookNodes: string[]): { text: string; webhookNodes: number; authorizations: number } {
	const raw = structuredClone(decoded.raw);
	let authorizations = 0;
	const runData = isJsonObject(raw.resultData) && isJsonObject(raw.resultData.runData) ? raw.resultData.runData : {};
	for (const node of webhookNodes) {
		const tasks = runData[node];
		for (const task of isArrayOf(tasks, isJsonObject) ? tasks : []) {
			const outputs = isJsonObject(task.data) && isArrayOf(task.data.main, Array.isArray) ? task.data.main : [];
			for (const item of outputs.flat()) {
				if (isJsonObject(item) && isJsonObject(item.json) && isJsonObject(item.json.headers) && 'authorization' in item.json.headers) {
					delete item.json.headers.authorization;
					authorizations++;
				}
			}
		}
	}
	return { text: JSON.stringify(raw), webhookNodes: webhookNodes.length, authorizations };
}

it("the webhook logins (billing, CRM, CI) are in no log line, and in execution data only as the Webhook node's request header", async () => {
	const logins = { billingPassword: BILLING_LOGIN.password, billingHeader: basicAuthorization(BILLING_LOGIN.user, BILLING_LOGIN.password).slice('Basic '.length), crm: CRM_WEBHOOK_TOKEN, ci: CI_TOKEN };
	const executions = await Promise.all((await stack.api.executions()).map(async (execution) => await stack.api.execution(execution.id)));
	const scanned = executions.map((execution) => {
		const nodes = isArrayOf(execution.workflowData.nodes, isJsonObject) ? execution.workflowData.nodes : [];
		const webhookNodes = nodes.filter((node) => node.type === WEBHOOK_TYPE).map((node) => String(node.name));
		return withoutWebhookAuthorization(decodeExecutionData(execution.data), webhookNodes);
	});
	const texts = [stack.n8n.logText(), ...scanned.map((execution) => execution.text)];
	expect(Object.entries(logins).filter(([, secret]) => texts.some((text) => text.includes(secret))).map(([name]) => name)).toEqual([]);
	// And n8n does keep it there, once in every accepted call's execution: whoever may read a
	// workflow's executions can read its callers' logins.
	const webhookRuns = scanned.filter((execution) => execution.webhookNodes > 0);
	expect(webhookRuns.length).toBeGreaterThanOrEqual(10);
	expect(webhookRuns.map((execution) => execution.authorizations)).toEqual(webhookRuns.map(() => 1));
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions']);
