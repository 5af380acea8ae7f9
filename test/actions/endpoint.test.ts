/**
 * Every Webhook Endpoint operation against the emulator in strict mode, so a request in a shape
 * FullStory does not document fails the test.
 */
import { NodeOperationError } from 'n8n-workflow';

import { failAction, runAction } from '../helpers/actionNode';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { subcategoriesOf } from '../helpers/trigger';

const emulator = useTestEmulator();
let segmentAlerts: string[];

const URL_A = 'https://n8n.example.com/webhook/a';
const URL_B = 'https://n8n.example.com/webhook/b';
const SECRET = 'action-node-secret-123';

beforeAll(async () => {
	segmentAlerts = await subcategoriesOf(emulator, 'segment.trend.alert', 2);
});

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

async function createA(extra = {}) {
	const { output } = await runAction(emulator, {
		resource: 'endpoint',
		operation: 'create',
		url: URL_A,
		eventTypes: ['note.created'],
		secret: SECRET,
		...extra,
	});
	return output[0].json;
}

/** The id the emulator gives by default (base64url of the URL, as in FullStory's examples). */
function emulatorIdFor(url: string): string {
	return Buffer.from(url, 'utf8').toString('base64url');
}

describe('create', () => {
	it('creates the endpoint and outputs it without the secret', async () => {
		const { output } = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: URL_A,
			eventTypes: ['note.created', 'segment.trend.alert'],
			segmentAlertSubcategories: segmentAlerts,
			secret: SECRET,
		});
		expect(output).toHaveLength(1);
		expect(output[0].pairedItem).toEqual({ item: 0 });
		expect(output[0].json).toMatchObject({
			id: emulatorIdFor(URL_A),
			url: URL_A,
			enabled: true,
			eventTypes: [
				{ eventName: 'note.created' },
				{ eventName: 'segment.trend.alert', subcategory: segmentAlerts[0] },
				{ eventName: 'segment.trend.alert', subcategory: segmentAlerts[1] },
			],
		});
		expect(JSON.stringify(output)).not.toContain(SECRET);
		const [stored] = await emulator.client.endpoints();
		expect(stored.secret).toBe(SECRET);
	});

	it('takes subcategory IDs from an expression as a comma-separated string', async () => {
		const json = await createA({ eventTypes: 'segment.trend.alert', segmentAlertSubcategories: segmentAlerts.join(',') });
		expect(json.eventTypes).toHaveLength(2);
	});

	const NO_CALL: string[] = [];
	const CATALOG_ONLY = ['GET /webhooks/v1/event-types'];
	it.each([
		['a URL that is not http(s)', { url: 'ftp://example.com/x' }, 'URL "ftp://example.com/x" is not an http or https URL', NO_CALL],
		['an empty URL', { url: '' }, 'URL is empty', NO_CALL],
		['no secret', { secret: '' }, 'Signing Secret is empty', NO_CALL],
		['a blank secret', { secret: '   ' }, 'Signing Secret is empty', NO_CALL],
		['no event type', { eventTypes: [] }, 'Choose at least one event type in Event Types', NO_CALL],
		['a malformed event type', { eventTypes: ['Note Created'] }, '"Note Created" is not an event type FullStory offers this account', CATALOG_ONLY],
		['an unknown event type', { eventTypes: ['note.create'] }, '"note.create" is not an event type FullStory offers this account', CATALOG_ONLY],
		['the test event', { eventTypes: ['test'] }, 'The "test" event cannot be subscribed to', CATALOG_ONLY],
		['a type with subcategories but none chosen', { eventTypes: ['segment.trend.alert'] }, 'Choose at least one entry in "Segment Alert Names or IDs" to receive segment.trend.alert', CATALOG_ONLY],
	])('refuses %s before any change in FullStory', async (_, parameters, message, calls) => {
		const error = await failAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: URL_A,
			eventTypes: ['note.created'],
			secret: SECRET,
			...parameters,
		});
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(error.context?.itemIndex).toBe(0);
		expect((await emulator.client.requests()).map((entry) => `${entry.method} ${entry.path}`)).toEqual(calls);
	});

	it('sends the signing secret exactly as typed, surrounding spaces included', async () => {
		await createA({ secret: `  ${SECRET}  ` });
		const [stored] = await emulator.client.endpoints();
		expect(stored.secret).toBe(`  ${SECRET}  `);
	});

	it('an unknown event type: the error lists the types FullStory offers, and nothing is created', async () => {
		await emulator.client.setCatalog({ eventNames: ['note.created', 'metric.alert'] });
		const error = await failAction(emulator, { resource: 'endpoint', operation: 'create', url: URL_A, eventTypes: ['metric.alerts'], secret: SECRET });
		expect(error.description).toBe(
			'FullStory offers: note.created, metric.alert. Pick them from the list; which types there are depends on your FullStory plan.',
		);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('an event type the plan does not offer is refused before anything is sent', async () => {
		await emulator.client.setCatalog({ eventNames: ['note.created'] });
		const error = await failAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: URL_A,
			eventTypes: ['metric.alert'],
			metricAlertSubcategories: ['abc'],
			secret: SECRET,
		});
		expect(error.message).toBe('"metric.alert" is not an event type FullStory offers this account');
		expect((await emulator.client.requests()).filter((entry) => entry.method === 'POST')).toHaveLength(0);
		expect(JSON.stringify(error)).not.toContain(SECRET);
	});
});

describe('get, get many, delete', () => {
	it('gets an endpoint by ID, from the list, or by URL', async () => {
		const created = await createA();
		for (const endpoint of [
			byId(String(created.id)),
			{ __rl: true, mode: 'list', value: String(created.id) },
			{ __rl: true, mode: 'url', value: URL_A },
		]) {
			const { output } = await runAction(emulator, { resource: 'endpoint', operation: 'get', endpoint });
			expect(output[0].json).toEqual(created);
		}
	});

	it('get of an unknown endpoint names it', async () => {
		const error = await failAction(emulator, { resource: 'endpoint', operation: 'get', endpoint: byId('bm9uZQ') });
		expect(error.message).toBe('FullStory has no webhook endpoint with ID "bm9uZQ" (404)');
	});

	it.each([
		['no endpoint chosen', { operation: 'get', endpoint: byId('  ') }, 'No webhook endpoint is chosen'],
		['an endpoint URL that is not http(s)', { operation: 'delete', endpoint: { __rl: true, mode: 'url', value: 'n8n.example.com/hook' } }, 'Webhook Endpoint URL "n8n.example.com/hook" is not an http or https URL'],
		['a Limit below 1', { operation: 'getAll', returnAll: false, limit: 0 }, 'Limit must be a whole number of at least 1'],
	])('refuses %s before any call to FullStory', async (_, parameters, message) => {
		const error = await failAction(emulator, { resource: 'endpoint', ...parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(message);
		expect(await emulator.client.requests()).toHaveLength(0);
	});

	it('gets many: all, or up to a limit', async () => {
		for (let index = 0; index < 3; index++) {
			await createA({ url: `${URL_A}/${index}` });
		}
		const all = await runAction(emulator, { resource: 'endpoint', operation: 'getAll', returnAll: true });
		expect(all.output.map((item) => item.json.url)).toEqual([`${URL_A}/0`, `${URL_A}/1`, `${URL_A}/2`]);
		expect(all.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		const limited = await runAction(emulator, { resource: 'endpoint', operation: 'getAll', returnAll: false, limit: 2 });
		expect(limited.output).toHaveLength(2);
	});

	it('deletes and outputs {deleted: true, id}', async () => {
		const created = await createA();
		const { output } = await runAction(emulator, { resource: 'endpoint', operation: 'delete', endpoint: byId(String(created.id)) });
		expect(output[0].json).toEqual({ deleted: true, id: created.id });
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});
});

describe('update', () => {
	it('keeps a disabled endpoint disabled when only the events change', async () => {
		const created = await createA();
		await emulator.api('POST', `/webhooks/v1/endpoints/${String(created.id)}`, { body: { disabled: true } });
		await emulator.client.clearRequests();
		const { output } = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'update',
			endpoint: byId(String(created.id)),
			eventTypes: ['nativemobile.event.crash'],
			updateFields: {},
		});
		expect(output[0].json).toMatchObject({ enabled: false, eventTypes: [{ eventName: 'nativemobile.event.crash' }], idChanged: false });
		const update = (await emulator.client.requests()).find((entry) => entry.method === 'POST');
		expect(update?.body).toEqual({ disabled: true, eventTypes: [{ eventName: 'nativemobile.event.crash' }] });
	});

	it('enables and disables on request', async () => {
		const created = await createA();
		const disable = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'update',
			endpoint: byId(String(created.id)),
			eventTypes: [],
			updateFields: { enabled: false },
		});
		expect(disable.output[0].json.enabled).toBe(false);
		const enable = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'update',
			endpoint: byId(String(created.id)),
			eventTypes: [],
			updateFields: { enabled: true },
		});
		expect(enable.output[0].json).toMatchObject({ enabled: true, eventTypes: [{ eventName: 'note.created' }] });
	});

	it('a new URL gives a new ID, and the output says so', async () => {
		const created = await createA();
		const { output } = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'update',
			endpoint: { __rl: true, mode: 'url', value: URL_A },
			eventTypes: [],
			updateFields: { url: URL_B, secret: 'rotated-secret-456' },
		});
		expect(output[0].json).toMatchObject({
			id: emulatorIdFor(URL_B),
			url: URL_B,
			idChanged: true,
			previousId: created.id,
		});
		expect(JSON.stringify(output)).not.toContain('rotated-secret-456');
		const [stored] = await emulator.client.endpoints();
		expect(stored.secret).toBe('rotated-secret-456');
	});
});

describe('items', () => {
	it('processes each item, and with continueOnFail turns a failure into an error item paired to its input', async () => {
		const { output } = await runAction(
			emulator,
			{ resource: 'endpoint', operation: 'create', eventTypes: ['note.created'], secret: SECRET },
			{ itemParameters: [{ url: 'not a url' }, { url: URL_B }], continueOnFail: true },
		);
		expect(output).toHaveLength(2);
		expect(output[0]).toEqual({
			json: { error: 'URL "not a url" is not an http or https URL', description: expect.any(String) },
			pairedItem: { item: 0 },
		});
		expect(output[1].json.url).toBe(URL_B);
		expect(output[1].pairedItem).toEqual({ item: 1 });
	});

	it('an unknown operation is a clear error', async () => {
		const error = await failAction(emulator, { resource: 'endpoint', operation: 'explode' });
		expect(error.message).toBe('The operation "explode" is not supported for "endpoint"');
	});

	it('a key without webhook rights: a clear error on any operation', async () => {
		const error = await failAction(emulator, { resource: 'endpoint', operation: 'getAll', returnAll: true }, { apiKey: emulator.standardKey });
		expect(error.message).toMatch(/403/);
		expect(JSON.stringify(error)).not.toContain(emulator.standardKey);
	});
});
