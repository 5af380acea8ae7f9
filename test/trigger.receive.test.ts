/**
 * Deliveries from the emulator's signer to the trigger's webhook() over real HTTP: every outcome
 * of receiving, and the item shape of every event type.
 */
import { createHash } from 'crypto';

import { FullStoryTrigger } from '../nodes/FullStoryTrigger/FullStoryTrigger.node';
import { REPLAY_WINDOW_OPTION, triggerOptionsProperty } from '../nodes/FullStoryTrigger/options';
import { receive } from '../nodes/FullStoryTrigger/delivery/receive';
import { useTestEmulator } from './helpers/emulatorFixture';
import { referenceHeader } from './helpers/referenceSigner';
import type { TriggerUnderTest } from './helpers/trigger';
import { startTrigger, subcategoriesOf } from './helpers/trigger';
import { callWebhook, postToWebhook } from './helpers/webhookServer';

const emulator = useTestEmulator();
let t: TriggerUnderTest;
let customEvent: string;
let segmentAlert: string;
let metricAlert: string;

const ALL_EVENTS = ['note.created', 'segment.trend.alert', 'metric.alert', 'nativemobile.event.crash', 'recording.event.custom'];

beforeAll(async () => {
	[customEvent] = await subcategoriesOf(emulator, 'recording.event.custom');
	[segmentAlert] = await subcategoriesOf(emulator, 'segment.trend.alert');
	[metricAlert] = await subcategoriesOf(emulator, 'metric.alert');
});

beforeEach(async () => {
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
const REJECTED = 'FullStory Trigger rejected a delivery';

const warnings = () => t.server.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);

/**
 * A note.created delivery signed (by the tests' reference signer) with this trigger's stored secret
 * and posted straight to its webhook server, so a test can choose every header the request carries.
 */
async function postSigned(headers: Record<string, string>) {
	const body = Buffer.from(JSON.stringify({ eventName: 'note.created', version: 1, data: { id: 'n-1', text: 'hi' } }));
	const unixSeconds = String(Math.floor(Date.now() / 1000));
	const signature = referenceHeader(body, String(t.staticData.endpointSecret), emulator.orgId, unixSeconds);
	const status = await postToWebhook(t.url, body, { 'Fullstory-Signature': signature, ...headers });
	return { status, signature };
}

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

	it('raw output keeps only the allowlisted headers: no cookie, credential, proxy or signature header', async () => {
		t.parameters.options = { output: 'raw' };
		const sensitive = {
			Cookie: 'session=cookie-value-1',
			Authorization: 'Bearer authorization-value-2',
			'Proxy-Authorization': 'Basic proxy-authorization-value-3',
			'X-Forwarded-For': '203.0.113.4',
			'X-Forwarded-Host': 'forwarded-host.example.com',
			'X-Real-IP': '203.0.113.5',
			'X-FullStory-Signature': 't=1,v1=other-scheme-signature-value-6',
			'X-Api-Key': 'api-key-value-7',
		};
		const { status, signature } = await postSigned({
			'Content-Type': 'application/json',
			'User-Agent': 'FullStory-Webhooks/1.0',
			'Fullstory-Delivery-Attempt': '1',
			'X-FS-Trace': 'trace-8',
			...sensitive,
		});
		expect(status).toBe(200);
		const [[item]] = t.server.executions;
		// Node adds host and connection itself; they are not on the list either.
		expect(item.headers).toEqual({
			'content-type': 'application/json',
			'content-length': expect.any(String),
			'user-agent': 'FullStory-Webhooks/1.0',
			'fullstory-delivery-attempt': '1',
			'x-fs-trace': 'trace-8',
		});
		const output = JSON.stringify(item);
		for (const value of [...Object.values(sensitive), signature]) expect(output).not.toContain(value);
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

	it.each([
		['old', -400, /timestamp is (\d+) seconds old, outside the replay window of 300 seconds/],
		['ahead', 400, /timestamp is (\d+) seconds in the future \(check this server's clock\), outside the replay window of 300 seconds/],
	])('a timestamp too far %s: the log says by how much and which option widens the window', async (_, offset, pattern) => {
		const result = await emulator.client.deliver({ eventName: 'note.created', options: { timestampOffsetSeconds: offset } });
		expect(result.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([401]);
		const [warning] = warnings();
		expect(warning.startsWith(`${REJECTED}: `)).toBe(true);
		expect(warning).toContain(`widen Options > ${REPLAY_WINDOW_OPTION}`);
		// The emulator signs whole seconds, and the delivery takes a moment: 400 or a little more.
		const seconds = Number(pattern.exec(warning)?.[1]);
		expect(seconds).toBeGreaterThanOrEqual(400);
		expect(seconds).toBeLessThanOrEqual(402);
		expect(warning).not.toContain(String(result.deliveries[0].signature).split('v:')[1]);
	});

	it('a multipart/form-data request, even validly signed: 401 from its header, its body never asked for', async () => {
		const { status } = await postSigned({ 'Content-Type': 'multipart/form-data; boundary=----fullstory' });
		expect(status).toBe(401);
		expect(t.server.executions).toHaveLength(0);
		// The fake n8n fails readRawBody for multipart, as n8n does after parsing it (a 500 before).
		expect(t.server.calls[0].readRawBodyCalled).toBe(false);
		expect(warnings()).toEqual([
			`${REJECTED}: it was sent as multipart/form-data; FullStory sends JSON, and n8n keeps no raw bytes of a multipart body, so its signature cannot be checked`,
		]);
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
	])('a validly signed body that is %s: 400, logged at warn', async (_, body) => {
		expect(await deliver('note.created', {}, { ...endpointTarget(), body })).toEqual([400]);
		expect(t.server.executions).toHaveLength(0);
		expect(warnings()).toEqual([
			`${REJECTED}: its signature is valid but its body is not a FullStory event (JSON with eventName, version and data)`,
		]);
	});
});

describe('webhook() without a socket', () => {
	it('rejects a request without raw body bytes', async () => {
		const result = await callWebhook(receive, { headers: {} }, { events: ['note.created'] }, { endpointSecret: 'x'.repeat(64) });
		expect(result.status).toBe(401);
		expect(result.response).toEqual({ noWebhookResponse: true });
		expect(result.logs).toEqual([{ level: 'warn', message: `${REJECTED}: its body could not be read as bytes`, meta: undefined }]);
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

describe("a delivery after n8n's webhook URL moved", () => {
	const path = '/webhook/test-workflow/webhook';
	const moved = (shownOldUrl: string) => {
		const id = String(t.staticData.endpointId);
		return `FullStory Trigger: endpoint ${id} is registered for ${shownOldUrl} but n8n's webhook URL is now ${t.url}; publish the workflow again so FullStory delivers to the new address. The old endpoint is then left alone unless Options > Remove Endpoint at Previous Address is on, or you delete endpoint ${id} in FullStory.`;
	};

	it('is still verified and run, with one warning naming the endpoint and both addresses (never a URL\'s user info or query)', async () => {
		t.staticData.endpointUrl = `https://user:password@old-n8n.example.com${path}?token=query-secret`;
		const before = JSON.stringify(t.staticData);
		expect(await deliver('note.created')).toEqual([200]);
		expect(t.server.executions).toHaveLength(1);
		expect(warnings()).toEqual([moved(`https://old-n8n.example.com${path}?…`)]);
		expect(warnings().join('\n')).not.toMatch(/password|query-secret/);
		// webhook() reads static data and never writes it (n8n saves it back without a lock).
		expect(JSON.stringify(t.staticData)).toBe(before);
	});

	it('warns only for a signed delivery: a rejected one logs its rejection alone', async () => {
		t.staticData.endpointUrl = `https://old-n8n.example.com${path}`;
		expect(await deliver('note.created', { wrongSecret: true })).toEqual([401]);
		expect(warnings()).toEqual([`${REJECTED}: the signature does not match the body and the endpoint secret`]);
	});

	it('a move that changed the path prefix is recognised too', async () => {
		t.staticData.endpointUrl = `${new URL(t.url).origin}/n8n${path}`;
		expect(await deliver('note.created')).toEqual([200]);
		expect(warnings()).toEqual([moved(`${new URL(t.url).origin}/n8n${path}`)]);
	});

	it.each([
		['the same URL', () => t.url],
		['another path (the test URL is a separate registration)', () => `https://old-n8n.example.com/webhook-test/test-workflow/webhook`],
		['a stored URL that does not parse', () => 'not a url'],
	])('no warning for %s', async (_, stored) => {
		t.staticData.endpointUrl = stored();
		expect(await deliver('note.created')).toEqual([200]);
		expect(warnings()).toEqual([]);
	});
});

describe('the Options collection', () => {
	it('is the one in FullStoryTrigger/options.ts, with the option the replay log names', () => {
		const { properties } = new FullStoryTrigger().description;
		expect(properties.filter((property) => property.name === 'options')).toEqual([triggerOptionsProperty]);
		const options = triggerOptionsProperty.options ?? [];
		expect(options.map((option) => option.name)).toEqual(['expectedOrgId', 'output', 'removePreviousEndpoint', 'replayWindowSeconds', 'respond', 'emitTestEvents']);
		const replay = options.find((option) => option.name === 'replayWindowSeconds');
		expect(replay).toMatchObject({ displayName: REPLAY_WINDOW_OPTION, default: 300 });
	});
});
