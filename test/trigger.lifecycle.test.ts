/**
 * The trigger's registration against the emulator (strict mode) over real HTTP: exactly one
 * correct endpoint per webhook URL through every path n8n takes, including failures half-way.
 */
import { TEST_INSTANCE_ID, createContext } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import type { TriggerUnderTest } from './helpers/trigger';
import { apiRejection, operationRejection, rejection } from './helpers/rejection';
import { endpointsAt, startTrigger, subcategoriesOf } from './helpers/trigger';
import { create } from '../nodes/FullStoryTrigger/registration/lifecycle';

const emulator = useTestEmulator();
let segmentAlert: string;
const triggers: TriggerUnderTest[] = [];

beforeAll(async () => {
	[segmentAlert] = await subcategoriesOf(emulator, 'segment.trend.alert');
});
// Opaque endpoint ids, set after the fixture's reset: the lifecycle finds its endpoint by URL and
// never derives an id from one.
beforeEach(async () => await emulator.client.configure({ endpointIds: 'opaque' }));
afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (trigger) => await trigger.stop()));
});

async function trigger(parameters = { events: ['note.created', 'segment.trend.alert'], segmentAlertSubcategories: [segmentAlert] }, options = {}) {
	const started = await startTrigger(emulator, { ...parameters }, options);
	triggers.push(started);
	return started;
}

describe('create', () => {
	it('registers the URL with a fresh secret and stores exactly what FullStory accepted', async () => {
		const t = await trigger();
		expect(await t.checkExists()).toBe(false);
		expect(await t.create()).toBe(true);

		const [endpoint] = await endpointsAt(emulator, t.url);
		expect(t.staticData).toEqual({
			endpointId: endpoint.id,
			endpointSecret: endpoint.secret,
			endpointUrl: t.url,
			subscriptions: [{ eventName: 'note.created' }, { eventName: 'segment.trend.alert', subcategory: segmentAlert }],
			instanceId: TEST_INSTANCE_ID,
			orgId: emulator.orgId,
		});
		expect(endpoint.secret).toMatch(/^[0-9a-f]{64}$/);
		expect(endpoint.enabled).toBe(true);

		const sent = (await emulator.client.requests()).find((entry) => entry.method === 'POST');
		expect(sent?.body).toEqual({
			url: t.url,
			secret: endpoint.secret,
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'segment.trend.alert', subcategory: segmentAlert }],
		});
	});

	it('generates a different secret every time', async () => {
		const first = await trigger();
		const second = await trigger();
		await first.create();
		await second.create();
		expect(first.staticData.endpointSecret).not.toEqual(second.staticData.endpointSecret);
	});

	it('checkExists is true once registered, and activation then makes no change', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.client.clearRequests();
		expect(await t.checkExists()).toBe(true);
		const requests = await emulator.client.requests();
		expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
			'GET /webhooks/v1/event-types',
			`GET /webhooks/v1/endpoints/${String(t.staticData.endpointId)}`,
		]);
	});

	it('refuses a subscription to a type with subcategories but none chosen, before any change', async () => {
		const t = await trigger({ events: ['metric.alert'], segmentAlertSubcategories: [] } as never);
		const error = await operationRejection(t.create());
		expect(error.message).toBe('Choose at least one entry in "Metric Alert Names or IDs" to receive metric.alert');
		const requests = await emulator.client.requests();
		expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /webhooks/v1/event-types']);
		expect(t.staticData).toEqual({});
	});

	it('refuses a URL FullStory cannot reach when the credential points at FullStory itself', async () => {
		const fake = createContext({
			credentials: { apiKey: 'na1.key/x', region: 'default' },
			parameters: { events: ['note.created'] },
			webhookUrl: 'http://localhost:5678/webhook/abc/webhook',
		});
		const error = await operationRejection(create.call(fake.context));
		expect(error.message).toBe(
			'FullStory cannot reach this trigger\'s URL http://localhost:5678/webhook/abc/webhook: it points at localhost',
		);
		expect(error.description).toMatch(/N8N_WEBHOOK_URL \(formerly WEBHOOK_URL\)/);
		expect(fake.requests).toHaveLength(0);
	});
});

describe('adoption and reconciliation', () => {
	it('adopts an endpoint that already exists for the URL: new secret, our events, enabled, no duplicate', async () => {
		const t = await trigger();
		const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: t.url, secret: 'someone-elses-secret', eventTypes: [{ eventName: 'nativemobile.event.crash' }] },
		});
		const { id } = created.body as { id: string };
		await emulator.api('POST', `/webhooks/v1/endpoints/${id}`, { body: { disabled: true } });
		await emulator.client.clearRequests();

		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].secret).toBe(t.staticData.endpointSecret);
		expect(endpoints[0].secret).not.toBe('someone-elses-secret');
		expect(endpoints[0].enabled).toBe(true);
		expect(endpoints[0].eventTypes).toEqual([
			{ eventName: 'note.created' },
			{ eventName: 'segment.trend.alert', subcategory: segmentAlert },
		]);
		const creates = (await emulator.client.requests()).filter((entry) => entry.method === 'POST' && entry.path === '/webhooks/v1/endpoints');
		expect(creates).toHaveLength(0);
	});

	it('reconciles a changed event selection into the same endpoint', async () => {
		const t = await trigger();
		await t.activate();
		t.parameters.events = ['note.created'];
		expect(await t.checkExists()).toBe(false);
		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].eventTypes).toEqual([{ eventName: 'note.created' }]);
		expect(await t.checkExists()).toBe(true);
	});

	it('re-enables an endpoint someone disabled', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.api('POST', `/webhooks/v1/endpoints/${String(t.staticData.endpointId)}`, { body: { disabled: true } });
		expect(await t.checkExists()).toBe(false);
		await t.activate();
		expect((await endpointsAt(emulator, t.url))[0].enabled).toBe(true);
	});

	it('recreates an endpoint deleted in FullStory', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.api('DELETE', `/webhooks/v1/endpoints/${String(t.staticData.endpointId)}`);
		expect(await t.checkExists()).toBe(false);
		await t.activate();
		expect(await endpointsAt(emulator, t.url)).toHaveLength(1);
	});

	it('lost static data gives no duplicate, and the new secret is the one FullStory holds', async () => {
		const t = await trigger();
		await t.activate();
		for (const key of Object.keys(t.staticData)) delete t.staticData[key];
		expect(await t.checkExists()).toBe(false);
		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].secret).toBe(t.staticData.endpointSecret);
	});

	it('never touches endpoints of other URLs', async () => {
		const t = await trigger();
		const otherUrl = `${t.url}-other`;
		await emulator.api('POST', '/webhooks/v1/endpoints', { body: { url: otherUrl, secret: 'x-secret', eventTypes: [{ eventName: 'note.created' }] } });
		await t.activate();
		expect(await endpointsAt(emulator, t.url)).toHaveLength(1);
		expect(await endpointsAt(emulator, otherUrl)).toHaveLength(1);
	});

	it('a copied workflow gets its own endpoint and leaves the original alone', async () => {
		const original = await trigger();
		await original.activate();
		const copy = await trigger(undefined, { path: '/webhook/copied-workflow/webhook', staticData: { ...original.staticData } });
		expect(await copy.checkExists()).toBe(false);
		await copy.activate();
		expect(copy.staticData.endpointUrl).toBe(copy.url);
		const [originalEndpoint] = await endpointsAt(emulator, original.url);
		expect(originalEndpoint.secret).toBe(original.staticData.endpointSecret);
		expect(await endpointsAt(emulator, copy.url)).toHaveLength(1);
		expect(await original.checkExists()).toBe(true);

		await copy.delete();
		expect(await endpointsAt(emulator, original.url)).toHaveLength(1);
	});

	it('test and production registrations coexist with separate static data', async () => {
		const production = await trigger(undefined, { path: '/webhook/wf/webhook' });
		const test = await trigger(undefined, { path: '/webhook-test/wf/webhook' });
		await production.activate();
		await test.activate();
		expect(await emulator.client.endpoints()).toHaveLength(2);
		await test.delete();
		expect(await endpointsAt(emulator, test.url)).toHaveLength(0);
		expect(await endpointsAt(emulator, production.url)).toHaveLength(1);
		expect(await production.checkExists()).toBe(true);
	});
});

describe('delete', () => {
	it('deletes the endpoint and clears every stored key', async () => {
		const t = await trigger();
		await t.activate();
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
		expect(t.staticData).toEqual({});
	});

	it('treats an endpoint already deleted in FullStory (404) as done', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.api('DELETE', `/webhooks/v1/endpoints/${String(t.staticData.endpointId)}`);
		expect(await t.delete()).toBe(true);
		expect(t.staticData).toEqual({});
	});

	it('with nothing stored, still removes an endpoint for its URL', async () => {
		const t = await trigger();
		await emulator.api('POST', '/webhooks/v1/endpoints', { body: { url: t.url, secret: 'orphan-secret', eventTypes: [{ eventName: 'note.created' }] } });
		expect(await t.delete()).toBe(true);
		expect(await endpointsAt(emulator, t.url)).toHaveLength(0);
	});

	it('with nothing stored and nothing registered, succeeds without deleting anything', async () => {
		const t = await trigger();
		expect(await t.delete()).toBe(true);
		expect((await emulator.client.requests()).filter((entry) => entry.method === 'DELETE')).toHaveLength(0);
	});

	it('retries a 500 and succeeds', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status500', count: 1 });
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('waits out a 429 and succeeds', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status429', count: 2, retryAfterSeconds: 0 });
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
		expect(t.staticData).toEqual({});
	});

	it('retries a delete that timed out', async () => {
		const t = await trigger(undefined, { requestTimeoutMs: 300 });
		await t.activate();
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'hang', count: 1, hangMs: 1000 });
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('reports a persistent failure, keeps what it knows, and a later delete finishes the job', async () => {
		const t = await trigger();
		await t.activate();
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status500', count: 3 });
		const error = await apiRejection(t.delete());
		expect(error.message).toBe('FullStory had a server error (500)');
		expect(t.staticData.endpointId).toBeDefined();
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});
});

describe('failures during activation leave no orphan and no duplicate', () => {
	it('429 during create: waits and registers once', async () => {
		const t = await trigger();
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'status429', count: 1, retryAfterSeconds: 0 });
		await t.activate();
		expect(await endpointsAt(emulator, t.url)).toHaveLength(1);
	});

	it('500 on create: reported, nothing stored, and the delete n8n runs next finds nothing left', async () => {
		const t = await trigger();
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'status500', count: 1 });
		const error = await rejection(t.activate());
		expect(error.message).toBe('FullStory had a server error (500)');
		expect(t.staticData).toEqual({});
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('a create that FullStory applied but whose answer was lost: found by its URL and adopted', async () => {
		const t = await trigger();
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'dropAfter', count: 1 });
		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].secret).toBe(t.staticData.endpointSecret);
		expect(await t.checkExists()).toBe(true);
	});

	it('a create that never reached FullStory: reported, and nothing is left behind', async () => {
		const t = await trigger();
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'drop', count: 1 });
		const error = await rejection(t.activate());
		expect(error.message).toMatch(/^Could not reach FullStory at 127\.0\.0\.1:\d+: the connection was closed before FullStory answered$/);
		expect(t.staticData).toEqual({});
		expect(await t.delete()).toBe(true);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it("n8n 2.40's failed-publish loop (checkExists, create, delete five times) ends with no endpoint", async () => {
		const t = await trigger();
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'status500', count: 5 });
		for (let attempt = 0; attempt < 5; attempt++) {
			if (!(await t.checkExists())) await rejection(t.create());
			await t.delete();
		}
		expect(await emulator.client.endpoints()).toHaveLength(0);
		expect(t.staticData).toEqual({});
	});

	it('an adoption whose update answer was lost: retried activation ends with one working endpoint', async () => {
		const t = await trigger();
		await t.activate();
		for (const key of Object.keys(t.staticData)) delete t.staticData[key];
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints/*', kind: 'dropAfter', count: 1 });
		await rejection(t.activate());
		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].secret).toBe(t.staticData.endpointSecret);
	});

	it('a revoked key gives a clear error, not a crash', async () => {
		const t = await trigger();
		await emulator.client.revokeKey(emulator.adminKey);
		const error = await rejection(t.activate());
		expect(error.message).toBe('FullStory rejected the API key (401 unauthorized)');
	});
});
