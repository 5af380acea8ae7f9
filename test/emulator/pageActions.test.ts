/**
 * The page's actions, run by the page's own script (loaded in a `vm`, see pageScript.ts) against a live
 * emulator and receiver: over HTTP, through the control routes the page calls.
 */
import { fixtureSubcategory } from '../../emulator/state/catalog';
import { isJsonObject } from '../../emulator/guards';
import { subcategoryBlob } from '../../emulator/state/subcategoryBlobs';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { loadPageScript, plain, type PageEndpoint, type PageModule } from './pageScript';
import { startReceiver, type Receiver } from './receiver';
import { verifies } from './signatureHeader';
import { BUILT_IN_EVENT_NAMES, endpointOf, subcategoryPageOf } from './wire';

const SECRETS = { a: 'whsec-page-a-0123456789', b: 'whsec-page-b-0123456789', c: 'whsec-page-c-0123456789' };
const HOSTILE_ANSWER = `<script>alert("x")</script>${'y'.repeat(400)}`;

function byUrl<T extends { url: string }>(items: T[]): T[] {
	return [...items].sort((left, right) => left.url.localeCompare(right.url));
}

function envelopeOf(raw: Buffer): { eventName: unknown; data: Record<string, unknown> } {
	const parsed: unknown = JSON.parse(raw.toString('utf8'));
	if (!isJsonObject(parsed) || !isJsonObject(parsed.data)) throw new Error('not an envelope');
	return { eventName: parsed.eventName, data: parsed.data };
}

describe('the emulator page, driven by its own script', () => {
	const emulator = useTestEmulator();
	let receiver: Receiver;
	let page: PageModule;
	let ids: { a: string; b: string; c: string };
	let metricSubcategory: { subcategory: string; displayName: string };

	beforeAll(async () => {
		receiver = await startReceiver();
		page = loadPageScript(emulator.baseUrl);
	});
	afterAll(async () => await receiver.close());

	async function createEndpoint(path: string, secret: string, eventTypes: unknown[]): Promise<string> {
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: `${receiver.url}${path}`, secret, eventTypes },
		});
		expect(reply.status).toBe(200);
		return endpointOf(reply.body).id;
	}

	/** A (note + one metric alert) and B (note) enabled, C (note) disabled; B answers 401 with markup. */
	beforeEach(async () => {
		receiver.received.length = 0;
		receiver.respondWith(200);
		receiver.respondWith(200, '/a');
		receiver.respondWith({ status: 401, body: HOSTILE_ANSWER }, '/b');
		const subcategories = await emulator.api('GET', '/webhooks/v1/event-types/metric.alert/subcategories');
		metricSubcategory = subcategoryPageOf(subcategories.body).subcategoryDefs[1];
		ids = {
			a: await createEndpoint('/a', SECRETS.a, [
				{ eventName: 'note.created' },
				{ eventName: 'metric.alert', subcategory: metricSubcategory.subcategory },
			]),
			b: await createEndpoint('/b', SECRETS.b, [{ eventName: 'note.created' }]),
			c: await createEndpoint('/c', SECRETS.c, [{ eventName: 'note.created' }]),
		};
		const disabled = await emulator.api('POST', `/webhooks/v1/endpoints/${encodeURIComponent(ids.c)}`, {
			body: { disabled: true },
		});
		expect(endpointOf(disabled.body).enabled).toBe(false);
	});

	async function pageEndpoint(id: string): Promise<PageEndpoint> {
		const found = (await page.api.endpoints()).find((endpoint) => endpoint.id === id);
		if (found === undefined) throw new Error(`no endpoint ${id} on the page`);
		return found;
	}

	it('lists every endpoint without its secret, with the display names of its events', async () => {
		const endpoints = await page.api.endpoints();
		expect(plain(endpoints)).toEqual([
			{
				id: ids.a,
				url: `${receiver.url}/a`,
				enabled: true,
				orgId: emulator.orgId,
				eventTypes: [
					{ eventName: 'note.created' },
					{ eventName: 'metric.alert', subcategory: metricSubcategory.subcategory },
				],
			},
			{ id: ids.b, url: `${receiver.url}/b`, enabled: true, orgId: emulator.orgId, eventTypes: [{ eventName: 'note.created' }] },
			{ id: ids.c, url: `${receiver.url}/c`, enabled: false, orgId: emulator.orgId, eventTypes: [{ eventName: 'note.created' }] },
		]);
		expect(JSON.stringify(endpoints)).not.toMatch(/whsec|secret/);

		const catalog = await page.api.catalog();
		expect(catalog.orgId).toBe(emulator.orgId);
		expect(catalog.eventDefs.map((def) => def.eventName)).toEqual(BUILT_IN_EVENT_NAMES);
		const names = page.displayNamesOf(catalog);
		expect(endpoints[0].eventTypes.map((ref) => page.eventLabel(ref, names))).toEqual([
			'Note Created (note.created)',
			`Metric Alert (metric.alert): ${metricSubcategory.displayName}`,
		]);
		expect(page.eventLabel({ eventName: 'added.later' }, names)).toBe('added.later');
	});

	it('names a subcategory where its value tells the name, and shortens it otherwise', async () => {
		const name = 'Café ✓ "checkout" <drop>';
		expect(page.subcategoryName(fixtureSubcategory(emulator.orgId, 'metric.alert', name).subcategory)).toBe(name);
		expect(page.subcategoryName(subcategoryBlob(emulator.orgId, [['Seat', 'system']]))).toBeUndefined();
		for (const value of ['%%%', 'aGVsbG8gd29ybGQ=', '', '////']) expect(page.subcategoryName(value)).toBeUndefined();

		await emulator.client.setCatalog({
			subcategories: { 'metric.alert': [{ subcategory: 'opaque-subcategory-value', displayName: 'Known elsewhere' }] },
		});
		const label = page.eventLabel({ eventName: 'metric.alert', subcategory: 'opaque-subcategory-value' }, { 'metric.alert': 'Metric Alert' });
		expect(label).toBe('Metric Alert (metric.alert): subcategory opaque-subcatego\u2026');
	});

	it('sends a realistic signed event to the enabled, subscribed endpoints and shows each answer', async () => {
		const answers = byUrl(plain(await page.api.deliver('note.created')));
		expect(answers).toEqual([
			{ endpointId: ids.a, url: `${receiver.url}/a`, dropped: false, status: 200, answer: 'ok' },
			{ endpointId: ids.b, url: `${receiver.url}/b`, dropped: false, status: 401, answer: `${HOSTILE_ANSWER.slice(0, 200)}\u2026` },
		]);
		expect(answers.map((answer) => page.outcomeText(answer))).toEqual(['200', '401']);
		expect(receiver.receivedAt('/c')).toEqual([]);
		const [request] = receiver.receivedAt('/a');
		expect(verifies(request, SECRETS.a)).toBe(true);
		const { eventName, data } = envelopeOf(request.rawBody);
		expect(eventName).toBe('note.created');
		expect(data).toMatchObject({ author: expect.any(String), sessionUrl: expect.stringContaining(emulator.orgId) });

		// A type nobody takes: nothing is sent, and the page says so.
		expect(plain(await page.api.deliver('nativemobile.event.crash'))).toEqual([]);
	});

	it("sends FullStory's test event to one endpoint, or to every enabled endpoint", async () => {
		const one = plain(await page.api.testEndpoint(await pageEndpoint(ids.c)));
		expect(one).toEqual([{ endpointId: ids.c, url: `${receiver.url}/c`, dropped: false, status: 200, answer: 'ok' }]);
		const [request] = receiver.receivedAt('/c');
		expect(verifies(request, SECRETS.c)).toBe(true);
		expect(envelopeOf(request.rawBody)).toMatchObject({ eventName: 'test', data: { target: `${receiver.url}/c` } });

		const endpoints = await page.api.endpoints();
		const all = byUrl(plain(await page.api.testAll(endpoints, emulator.orgId)));
		expect(all.map((answer) => [answer.endpointId, answer.status])).toEqual([
			[ids.a, 200],
			[ids.b, 401],
		]);
		expect(receiver.receivedAt('/c')).toHaveLength(1);

		// An endpoint deleted since the page listed it is one error line, not a failed button.
		expect((await emulator.api('DELETE', `/webhooks/v1/endpoints/${encodeURIComponent(ids.a)}`)).status).toBe(200);
		const stale = byUrl(plain(await page.api.testAll(endpoints, emulator.orgId)));
		expect(stale[0]).toMatchObject({ endpointId: ids.a, error: expect.stringContaining('answered 400') });
		expect(page.outcomeText(stale[0])).toMatch(/^error: POST \/__emulator\/deliver answered 400/);
		expect(stale[1]).toMatchObject({ endpointId: ids.b, status: 401 });
	});

	it('shows a delivery the receiver never answered as an error', async () => {
		receiver.respondWith('drop', '/a');
		const [answer] = plain(await page.api.testEndpoint(await pageEndpoint(ids.a)));
		expect(answer).toMatchObject({ endpointId: ids.a, dropped: false, answer: '', error: expect.any(String) });
		expect(answer.status).toBeUndefined();
		expect(page.outcomeText(answer)).toMatch(/^error: /);
	});

	it('injects faults into the next API calls, lists them and clears them', async () => {
		const id = await page.api.addFault({ kind: 'status500', count: '2', method: '', path: '', retryAfterSeconds: '9', hangMs: '' });
		expect(plain(await page.api.faults())).toEqual([{ id, kind: 'status500', remaining: 2, method: '', path: '' }]);
		expect((await emulator.api('GET', '/me')).status).toBe(500);
		expect((await emulator.api('GET', '/webhooks/v1/endpoints')).status).toBe(500);
		expect((await emulator.api('GET', '/me')).status).toBe(200);
		expect(plain(await page.api.faults())).toEqual([]);

		await page.api.addFault({ kind: 'status429', count: '1', method: 'GET', path: '/webhooks/v1/*', retryAfterSeconds: '7' });
		expect((await emulator.api('GET', '/me')).status).toBe(200);
		const limited = await emulator.api('GET', '/webhooks/v1/endpoints');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');

		await page.api.addFault({ kind: 'hang', count: '1', hangMs: '30' });
		const started = Date.now();
		expect((await emulator.api('GET', '/me')).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(25);

		await page.api.addFault({ kind: 'drop', count: '3' });
		await expect(emulator.api('GET', '/me')).rejects.toThrow();
		expect(plain(await page.api.faults())).toEqual([expect.objectContaining({ kind: 'drop', remaining: 2 })]);
		await page.api.clearFaults();
		expect(plain(await page.api.faults())).toEqual([]);
		expect((await emulator.api('GET', '/me')).status).toBe(200);
	});

	it('shows why a fault was refused', async () => {
		await expect(page.api.addFault({ kind: 'status500', count: 'two' })).rejects.toThrow('count must be a whole number');
		await expect(page.api.addFault({ kind: 'status500', count: '0' })).rejects.toThrow(
			/POST \/__emulator\/faults answered 400: .*count/,
		);
		await expect(page.api.addFault({ kind: 'status500', path: 'webhooks' })).rejects.toThrow(/answered 400: .*path/);
		expect(plain(await page.api.faults())).toEqual([]);
	});

	it('builds the fault from the form: the Retry-After only for a 429, the wait only for a hang', () => {
		const form = { count: ' 3 ', method: 'POST', path: ' /webhooks/v1/endpoints ', retryAfterSeconds: '5', hangMs: '100' };
		expect(plain(page.faultSpec({ ...form, kind: 'status429' }))).toEqual({
			kind: 'status429',
			count: 3,
			method: 'POST',
			path: '/webhooks/v1/endpoints',
			retryAfterSeconds: 5,
		});
		expect(plain(page.faultSpec({ ...form, kind: 'hang' }))).toMatchObject({ kind: 'hang', hangMs: 100 });
		expect(plain(page.faultSpec({ ...form, kind: 'hang' }))).not.toHaveProperty('retryAfterSeconds');
		expect(plain(page.faultSpec({ kind: 'drop', count: '', method: '', path: '' }))).toEqual({ kind: 'drop' });
	});

	it('reads the last deliveries with their answers, newer than what it has, and clears them', async () => {
		await page.api.deliver('note.created');
		const rows = byUrl(plain(await page.api.deliveries(0)));
		expect(rows).toHaveLength(2);
		expect(rows[0]).toEqual({
			seq: expect.any(Number),
			time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			eventName: 'note.created',
			attempt: 1,
			orgId: emulator.orgId,
			endpointId: ids.a,
			url: `${receiver.url}/a`,
			dropped: false,
			status: 200,
			answer: 'ok',
		});
		expect(rows[1]).toMatchObject({ endpointId: ids.b, status: 401, answer: `${HOSTILE_ANSWER.slice(0, 200)}\u2026` });
		// The log's headers (the signature) and bodies stay out of what the page keeps.
		expect(JSON.stringify(rows)).not.toMatch(/fullstory-signature|"headers"|"body"|sessionUrl/i);

		const last = Math.max(...rows.map((row) => row.seq));
		expect(await page.api.deliveries(last)).toHaveLength(0);
		await page.api.deliver('metric.alert');
		expect(plain(await page.api.deliveries(last))).toEqual([
			expect.objectContaining({ eventName: 'metric.alert', endpointId: ids.a, status: 200 }),
		]);

		await page.api.clearDeliveries();
		expect(await page.api.deliveries(0)).toHaveLength(0);
		await page.api.deliver('metric.alert');
		const [next] = await page.api.deliveries(last);
		expect(next.seq).toBeGreaterThan(last + 1);
	});
});
