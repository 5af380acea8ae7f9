import { useTestEmulator } from '../helpers/emulatorFixture';
import { endpointOf, endpointPageOf, subcategoryPageOf } from './wire';

const DOCS_URL = 'https://example.com/fullstory-webhooks';
const DOCS_ID = 'aHR0cHM6Ly9leGFtcGxlLmNvbS9mdWxsc3Rvcnktd2ViaG9va3M';
const RFC3339_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const NOT_FOUND = { message: 'Requested resource does not exist', code: 'resource_not_found' };
const NOTES = [{ eventName: 'note.created' }];

describe('endpoints: create, get, list, delete (fullstory-api.md §2.1–§2.3)', () => {
	const emulator = useTestEmulator();
	let customSubcategory: string;
	let alertSubcategory: string;

	beforeEach(async () => {
		customSubcategory = await firstSubcategory('recording.event.custom');
		alertSubcategory = await firstSubcategory('segment.trend.alert');
	});

	async function firstSubcategory(eventName: string): Promise<string> {
		const reply = await emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`);
		return subcategoryPageOf(reply.body).subcategoryDefs[0].subcategory;
	}

	async function create(body: unknown) {
		return await emulator.api('POST', '/webhooks/v1/endpoints', { body });
	}

	it('creates with 200 and answers the documented endpoint object, without the secret', async () => {
		const reply = await create({
			url: DOCS_URL,
			secret: 's3cr3t-random',
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'recording.event.custom', subcategory: customSubcategory }],
		});
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			id: DOCS_ID,
			created: expect.stringMatching(RFC3339_MS_Z),
			modified: expect.stringMatching(RFC3339_MS_Z),
			enabled: true,
			url: DOCS_URL,
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'recording.event.custom', subcategory: customSubcategory }],
		});
		const endpoint = endpointOf(reply.body);
		expect(endpoint.created).toBe(endpoint.modified);
		expect(reply.text).not.toContain('s3cr3t-random');
		expect(Buffer.from(DOCS_ID, 'base64url').toString()).toBe(DOCS_URL);
	});

	it('stores the secret (visible only through the control API), or an empty one when none is sent', async () => {
		await create({ url: DOCS_URL, secret: 'whsec-1', eventTypes: [{ eventName: 'note.created' }] });
		await create({ url: 'https://example.com/no-secret', eventTypes: [{ eventName: 'note.created' }] });
		const stored = await emulator.client.endpoints();
		expect(stored.map(({ url, secret, orgId }) => ({ url, secret, orgId }))).toEqual([
			{ url: DOCS_URL, secret: 'whsec-1', orgId: emulator.orgId },
			{ url: 'https://example.com/no-secret', secret: '', orgId: emulator.orgId },
		]);
	});

	it('accepts the proto snake_case spellings event_types and event_name', async () => {
		const reply = await create({ url: DOCS_URL, secret: 's', event_types: [{ event_name: 'note.created' }] });
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ eventTypes: [{ eventName: 'note.created' }] });
	});

	it('deduplicates repeated entries and treats an empty subcategory as none', async () => {
		const reply = await create({
			url: DOCS_URL,
			secret: 's',
			eventTypes: [
				{ eventName: 'note.created' },
				{ eventName: 'note.created', subcategory: '' },
				{ eventName: 'segment.trend.alert', subcategory: alertSubcategory },
				{ eventName: 'segment.trend.alert', subcategory: alertSubcategory },
			],
		});
		expect(reply.body).toMatchObject({
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'segment.trend.alert', subcategory: alertSubcategory }],
		});
		expect(endpointOf(reply.body).eventTypes).toHaveLength(2);
	});

	it.each([
		['no url', { eventTypes: NOTES }, 'required_field', 'url is required'],
		['an empty url', { url: '', eventTypes: NOTES }, 'required_field', 'url is required'],
		['a relative url', { url: '/hook', eventTypes: NOTES }, 'invalid_argument', '/hook'],
		['an ftp url', { url: 'ftp://example.com/x', eventTypes: NOTES }, 'invalid_argument', 'http or https'],
		['a url that is not a string', { url: 42, eventTypes: NOTES }, 'invalid_argument', 'url must be a string'],
		['no eventTypes', { url: DOCS_URL }, 'required_field', 'eventTypes is required'],
		['empty eventTypes', { url: DOCS_URL, eventTypes: [] }, 'required_field', 'eventTypes is required'],
		[
			'eventTypes that is not an array',
			{ url: DOCS_URL, eventTypes: 'note.created' },
			'invalid_argument',
			'eventTypes must be an array',
		],
		[
			'an entry without eventName',
			{ url: DOCS_URL, eventTypes: [{ subcategory: 'x' }] },
			'required_field',
			'eventTypes[0].eventName is required',
		],
		[
			'an unknown event name',
			{ url: DOCS_URL, eventTypes: [{ eventName: 'note.created' }, { eventName: 'user.created' }] },
			'invalid_argument',
			'eventTypes[1].eventName "user.created"',
		],
		[
			'a subcategory on a type without subcategories',
			{ url: DOCS_URL, eventTypes: [{ eventName: 'note.created', subcategory: 'abc' }] },
			'invalid_argument',
			'note.created has no subcategories',
		],
		[
			'an unknown subcategory',
			{ url: DOCS_URL, eventTypes: [{ eventName: 'recording.event.custom', subcategory: 'Product Added' }] },
			'invalid_argument',
			'"Product Added" is not a subcategory of recording.event.custom',
		],
		[
			'plain string entries',
			{ url: DOCS_URL, event_types: ['note.created'] },
			'invalid_argument',
			'event_types[0] must be an object {eventName, subcategory?}',
		],
		[
			'a secret that is not a string',
			{ url: DOCS_URL, eventTypes: NOTES, secret: 1 },
			'invalid_argument',
			'secret must be a string',
		],
		['a JSON array body', [], 'invalid_argument', 'request body must be a JSON object'],
	])('rejects %s with 400', async (_label, body, code, fragment) => {
		const reply = await create(body);
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code, message: expect.stringContaining(fragment) });
		expect(await emulator.client.endpoints()).toEqual([]);
	});

	it('requires a subcategory for types that have them, naming the entry', async () => {
		const reply = await create({
			url: DOCS_URL,
			eventTypes: [{ eventName: 'note.created' }, { eventName: 'segment.trend.alert' }],
		});
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({
			code: 'required_field',
			message: 'eventTypes[1].subcategory is required for segment.trend.alert',
		});
	});

	it('accepts a missing subcategory (meaning all of them) when requireSubcategory is off', async () => {
		await emulator.client.configure({ requireSubcategory: false });
		const reply = await create({ url: DOCS_URL, eventTypes: [{ eventName: 'recording.event.custom' }] });
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({ eventTypes: [{ eventName: 'recording.event.custom' }] });
	});

	it('rejects a second endpoint for the same URL with already_exists by default', async () => {
		await create({ url: DOCS_URL, secret: 'a', eventTypes: [{ eventName: 'note.created' }] });
		const metricAlert = await firstSubcategory('metric.alert');
		const reply = await create({
			url: DOCS_URL,
			secret: 'b',
			eventTypes: [{ eventName: 'metric.alert', subcategory: metricAlert }],
		});
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'already_exists', message: expect.stringContaining(DOCS_URL) });
		expect((await emulator.client.endpoints()).map((endpoint) => endpoint.secret)).toEqual(['a']);
	});

	it('replaces the endpoint for a known URL when duplicateUrl is "replace"', async () => {
		await emulator.client.configure({ duplicateUrl: 'replace' });
		await create({ url: 'https://example.com/first', secret: 'x', eventTypes: [{ eventName: 'note.created' }] });
		await create({ url: DOCS_URL, secret: 'a', eventTypes: [{ eventName: 'note.created' }] });
		await emulator.api('POST', `/webhooks/v1/endpoints/${DOCS_ID}`, { body: { disabled: true } });
		const reply = await create({ url: DOCS_URL, secret: 'b', eventTypes: [{ eventName: 'nativemobile.event.crash' }] });
		expect(reply.status).toBe(200);
		expect(reply.body).toMatchObject({
			id: DOCS_ID,
			enabled: true,
			eventTypes: [{ eventName: 'nativemobile.event.crash' }],
		});
		const stored = await emulator.client.endpoints();
		expect(stored.map(({ url, secret }) => ({ url, secret }))).toEqual([
			{ url: 'https://example.com/first', secret: 'x' },
			{ url: DOCS_URL, secret: 'b' },
		]);
	});

	it('gets an endpoint by id, and 404s an unknown one', async () => {
		const created = await create({ url: DOCS_URL, secret: 's', eventTypes: [{ eventName: 'note.created' }] });
		const got = await emulator.api('GET', `/webhooks/v1/endpoints/${DOCS_ID}`);
		expect(got.status).toBe(200);
		expect(got.body).toEqual(created.body);
		const missing = await emulator.api('GET', '/webhooks/v1/endpoints/aHR0cHM6Ly9ub3doZXJlLmV4YW1wbGU');
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual(NOT_FOUND);
	});

	it('lists endpoints in creation order, with no token when everything fits', async () => {
		await create({ url: 'https://example.com/a', secret: 's', eventTypes: [{ eventName: 'note.created' }] });
		await create({ url: 'https://example.com/b', secret: 's', eventTypes: [{ eventName: 'note.created' }] });
		const reply = await emulator.api('GET', '/webhooks/v1/endpoints');
		expect(reply.status).toBe(200);
		const page = endpointPageOf(reply.body);
		expect(Object.keys(page)).toEqual(['endpoints']);
		expect(page.endpoints.map((endpoint) => endpoint.url)).toEqual([
			'https://example.com/a',
			'https://example.com/b',
		]);
		expect(reply.text).not.toContain('secret');
	});

	it('deletes with 200 {}, then 404s a get and a second delete', async () => {
		await create({ url: DOCS_URL, secret: 's', eventTypes: [{ eventName: 'note.created' }] });
		const deleted = await emulator.api('DELETE', `/webhooks/v1/endpoints/${DOCS_ID}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({});
		expect((await emulator.api('GET', `/webhooks/v1/endpoints/${DOCS_ID}`)).status).toBe(404);
		const again = await emulator.api('DELETE', `/webhooks/v1/endpoints/${DOCS_ID}`);
		expect(again.status).toBe(404);
		expect(again.body).toEqual(NOT_FOUND);
		expect(await emulator.client.endpoints()).toEqual([]);
	});

	it('lets a deleted URL be created again', async () => {
		const body = { url: DOCS_URL, secret: 's', eventTypes: [{ eventName: 'note.created' }] };
		await create(body);
		await emulator.api('DELETE', `/webhooks/v1/endpoints/${DOCS_ID}`);
		expect((await create(body)).status).toBe(200);
	});
});
