/**
 * Deliveries from the emulator's signer to the trigger's webhook() over real HTTP: every outcome
 * of receiving, and the item shape of every event type.
 */
import { createHash } from 'crypto';

import { receive } from '../nodes/FullStory/trigger/receive';
import type { TestEmulator } from './helpers/emulator';
import { startTestEmulator } from './helpers/emulator';
import type { TriggerUnderTest } from './helpers/trigger';
import { startTrigger, subcategoriesOf } from './helpers/trigger';
import { callWebhook } from './helpers/webhookServer';

let emulator: TestEmulator;
let t: TriggerUnderTest;
let customEvent: string;
let segmentAlert: string;
let metricAlert: string;

const ALL_EVENTS = ['note.created', 'segment.trend.alert', 'metric.alert', 'nativemobile.event.crash', 'recording.event.custom'];

beforeAll(async () => {
	emulator = await startTestEmulator();
	[customEvent] = await subcategoriesOf(emulator, 'recording.event.custom');
	[segmentAlert] = await subcategoriesOf(emulator, 'segment.trend.alert');
	[metricAlert] = await subcategoriesOf(emulator, 'metric.alert');
});
afterAll(async () => await emulator.stop());

beforeEach(async () => {
	await emulator.client.reset();
	t = await startTrigger(emulator, {
		events: [...ALL_EVENTS],
		customEventSubcategories: [customEvent],
		segmentAlertSubcategories: [segmentAlert],
		metricAlertSubcategories: [metricAlert],
		options: {},
	});
	await t.activate();
});
afterEach(async () => await t.stop());

async function deliver(eventName: string, options = {}, extra = {}) {
	const result = await emulator.client.deliver({ eventName, options, ...extra });
	return result.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.status));
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('a valid delivery starts exactly one execution with one typed item', () => {
	it('note.created', async () => {
		const result = await emulator.client.deliver({ eventName: 'note.created' });
		expect(result.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
		const [[item]] = t.server.executions;
		const sent = JSON.parse(result.body) as { data: Record<string, unknown> };
		expect(Object.keys(item).slice(0, 2)).toEqual(['eventName', 'version']);
		expect(item).toMatchObject({
			eventName: 'note.created',
			version: 1,
			id: sent.data.id,
			author: sent.data.author,
			text: sent.data.text,
			eventKey: `note.created:${String(sent.data.id)}`,
		});
		expect(item.created).toMatch(ISO);
		expect(item.notedTime).toMatch(ISO);
		expect(item.pageInfo).toEqual(sent.data.pageInfo);
	});

	it.each([
		['segment.trend.alert', () => segmentAlert, ['value', 'notificationUrl', 'alertConfig'], 'timestamp'],
		['metric.alert', () => metricAlert, ['alertId', 'value', 'notificationUrl', 'alertConfig'], 'timestamp'],
	])('%s', async (eventName, subcategory, fields, timestampField) => {
		const result = await emulator.client.deliver({ eventName, subcategory: subcategory() });
		const [[item]] = t.server.executions;
		const sent = JSON.parse(result.body) as { data: Record<string, unknown> };
		expect(item.eventName).toBe(eventName);
		expect(item.eventKey).toBe(`${eventName}:${String(sent.data.id)}`);
		for (const field of fields) expect(item[field]).toEqual(sent.data[field]);
		expect(item[timestampField]).toMatch(ISO);
		expect(Date.parse(String(item[timestampField]))).toBe(Date.parse(String(sent.data[timestampField])));
	});

	it('recording.event.custom: keyed by the hash of the raw body', async () => {
		const result = await emulator.client.deliver({ eventName: 'recording.event.custom', subcategory: customEvent });
		const [[item]] = t.server.executions;
		const sent = JSON.parse(result.body) as { data: Record<string, unknown> };
		expect(item).toMatchObject({ eventName: 'recording.event.custom', version: 1, name: sent.data.name, properties: sent.data.properties });
		expect(item.timestamp).toMatch(ISO);
		expect(item.eventKey).toBe(`sha256:${createHash('sha256').update(result.body).digest('hex')}`);
	});

	it('nativemobile.event.crash', async () => {
		const result = await emulator.client.deliver({ eventName: 'nativemobile.event.crash' });
		const [[item]] = t.server.executions;
		const sent = JSON.parse(result.body) as { data: Record<string, unknown> };
		expect(item).toEqual({ eventName: 'nativemobile.event.crash', version: 1, ...sent.data, eventKey: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) });
	});

	it('segment.created (wire name and payload inferred): its fields pass through as sent', async () => {
		t.parameters.events = ['segment.created'];
		const result = await emulator.client.deliver({ eventName: 'segment.created', target: { endpointId: String(t.staticData.endpointId) } });
		const sent = JSON.parse(result.body) as { data: Record<string, unknown> };
		const [[item]] = t.server.executions;
		expect(item).toMatchObject({ eventName: 'segment.created', version: 1, ...sent.data, created: expect.stringMatching(ISO) });
		expect(item.eventKey).toMatch(/^sha256:/);
	});

	it('a redelivery carries the same event key, so Remove Duplicates can drop it', async () => {
		await emulator.client.deliver({ eventName: 'nativemobile.event.crash', options: { times: 2, resign: true } });
		expect(t.server.executions).toHaveLength(2);
		expect(t.server.executions[0][0].eventKey).toBe(t.server.executions[1][0].eventKey);
	});

	it('accepts the X-FS-Signature fallback header name in the same format', async () => {
		expect(await deliver('note.created', { headerName: 'X-FS-Signature' })).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
	});

	it('accepts a timestamp in milliseconds', async () => {
		expect(await deliver('note.created', { timestampUnit: 'ms' })).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
	});

	it('raw output: the envelope and headers, signature removed', async () => {
		t.parameters.options = { output: 'raw' };
		const result = await emulator.client.deliver({ eventName: 'note.created' });
		const [[item]] = t.server.executions;
		expect(item.body).toEqual(JSON.parse(result.body));
		expect(item.headers).toMatchObject({ 'content-type': 'application/json' });
		expect(JSON.stringify(item)).not.toMatch(/fullstory-signature/i);
		expect(JSON.stringify(item)).not.toContain(result.deliveries[0].signature ?? 'no-signature');
	});
});

describe('rejected deliveries start nothing and answer 401', () => {
	it.each([
		['a tampered body', { tamperBody: true }],
		['a wrong secret', { wrongSecret: true }],
		['no signature', { omitSignature: true }],
		['a stale timestamp', { timestampOffsetSeconds: -301 }],
		['a future timestamp', { timestampOffsetSeconds: 301 }],
		['an unknown header name', { headerName: 'X-FullStory-Signature' }],
	])('%s', async (_, options) => {
		expect(await deliver('note.created', options)).toEqual([401]);
		expect(t.server.executions).toHaveLength(0);
		expect(t.server.logs.some((entry) => entry.level === 'warn' && entry.message.startsWith('FullStory Trigger rejected a delivery'))).toBe(true);
	});

	it('a wrong organization, when one is expected', async () => {
		t.parameters.options = { expectedOrgId: 'o-OTHER-na1' };
		expect(await deliver('note.created')).toEqual([401]);
		t.parameters.options = { expectedOrgId: emulator.orgId };
		expect(await deliver('note.created')).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
	});

	it('anything once the secret is gone (fail closed)', async () => {
		delete t.staticData.endpointSecret;
		expect(await deliver('note.created')).toEqual([401]);
		expect(t.server.executions).toHaveLength(0);
	});

	it('a window of 0 accepts any timestamp', async () => {
		t.parameters.options = { replayWindowSeconds: 0 };
		expect(await deliver('note.created', { timestampOffsetSeconds: -86_400 })).toEqual([200]);
	});
});

describe('answered without an execution', () => {
	const endpointTarget = () => ({ target: { endpointId: String(t.staticData.endpointId) } });

	it('the test event: 200, nothing runs', async () => {
		expect(await deliver('test', {}, endpointTarget())).toEqual([200]);
		expect(t.server.executions).toHaveLength(0);
		expect(t.server.calls[0].responseBody).toBe(JSON.stringify({ message: 'Test event received' }));
	});

	it('the test event runs the workflow when the option says so', async () => {
		t.parameters.options = { emitTestEvents: true };
		expect(await deliver('test', {}, endpointTarget())).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
		expect(t.server.executions[0][0]).toMatchObject({ eventName: 'test', pirateQuote: expect.any(String) });
	});

	it('an event type not subscribed: 200, nothing runs', async () => {
		t.parameters.events = ['note.created'];
		expect(await deliver('nativemobile.event.crash', {}, endpointTarget())).toEqual([200]);
		expect(t.server.executions).toHaveLength(0);
	});

	it.each([
		['not JSON', 'hello'],
		['a JSON array', '[1,2,3]'],
		['an object without eventName', '{"version":1,"data":{}}'],
		['data that is not an object', '{"eventName":"note.created","version":1,"data":"x"}'],
	])('a validly signed body that is %s: 400', async (_, body) => {
		expect(await deliver('note.created', {}, { ...endpointTarget(), body })).toEqual([400]);
		expect(t.server.executions).toHaveLength(0);
	});
});

describe('webhook() without a socket', () => {
	it('rejects a request without raw body bytes', async () => {
		const result = await callWebhook(receive, { headers: {} }, { events: ['note.created'] }, { endpointSecret: 'x'.repeat(64) });
		expect(result.status).toBe(401);
		expect(result.response).toEqual({ noWebhookResponse: true });
	});

	it('logs no secret and no signature', async () => {
		const secret = String(t.staticData.endpointSecret);
		const outcomes = [await deliver('note.created'), await deliver('note.created', { wrongSecret: true }), await deliver('test', {}, { target: { endpointId: String(t.staticData.endpointId) } })];
		expect(outcomes).toEqual([[200], [401], [200]]);
		const deliveries = await emulator.client.deliveries();
		const logged = JSON.stringify(t.server.logs) + JSON.stringify(t.server.executions);
		expect(logged).not.toContain(secret);
		for (const delivery of deliveries) {
			const signature = delivery.headers['Fullstory-Signature'] ?? delivery.headers['fullstory-signature'];
			if (signature) expect(logged).not.toContain(signature.split('v:')[1]);
		}
	});
});
