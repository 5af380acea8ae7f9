import { SEED_KEYS } from '../../emulator/state/seed';
import { startEmulator } from '../../emulator/server';
import { callApi } from '../helpers/emulator';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { endpointOf } from './wire';

const URL_A = 'https://example.com/strict';
const ID_A = Buffer.from(URL_A).toString('base64url');
const VALID = { url: URL_A, secret: 's', eventTypes: [{ eventName: 'note.created' }] };

describe('strictness switch (fullstory-api.md §0, §7.11)', () => {
	const emulator = useTestEmulator();

	async function createValid() {
		expect((await emulator.api('POST', '/webhooks/v1/endpoints', { body: VALID })).status).toBe(200);
	}

	describe('on (the test helper default)', () => {
		it('is on', async () => {
			expect((await emulator.client.info()).strict).toBe(true);
		});

		it.each([
			['events', { ...VALID, events: ['note.created'] }],
			['signingSecret', { ...VALID, signingSecret: 'abc' }],
		])('rejects the request field %s on create, naming it', async (field, body) => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', { body });
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining(`"${field}"`) });
			expect(await emulator.client.endpoints()).toEqual([]);
		});

		it.each([
			['events', { events: [{ eventName: 'note.created' }] }],
			['signingSecret', { signingSecret: 'abc', disabled: false }],
		])('rejects the request field %s on update, naming it', async (field, body) => {
			await createValid();
			const reply = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, { body });
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining(`"${field}"`) });
		});

		it('keeps the advice for the catalog-only fields', async () => {
			const events = await emulator.api('POST', '/webhooks/v1/endpoints', { body: { ...VALID, events: [] } });
			expect(events.body).toMatchObject({ message: expect.stringMatching(/catalog-only.*send "eventTypes"/) });
			const signing = await emulator.api('POST', '/webhooks/v1/endpoints', { body: { ...VALID, signingSecret: 'x' } });
			expect(signing.body).toMatchObject({ message: expect.stringMatching(/catalog-only.*send "secret"/) });
		});

		it.each([
			['enabled', { ...VALID, enabled: true }],
			['description', { ...VALID, description: 'n8n trigger' }],
			['foo', { ...VALID, foo: 1 }],
			['disabled', { ...VALID, disabled: false }],
			['event_type', { url: URL_A, event_type: [{ eventName: 'note.created' }], eventTypes: VALID.eventTypes }],
			['id', { id: ID_A, ...VALID }],
		])('rejects any other field on create, here %s, naming it and the documented ones', async (field, body) => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', { body });
			expect(reply.status).toBe(400);
			const documented = '(documented: url, eventTypes, event_types, secret)';
			const advice = field === 'enabled' ? '; an update enables the endpoint unless it sends "disabled": true' : '';
			expect(reply.body).toEqual({
				code: 'invalid_argument',
				message: `field "${field}" is not a documented field of Create Endpoint ${documented}${advice}`,
			});
			expect(await emulator.client.endpoints()).toEqual([]);
		});

		it.each([
			['enabled', { enabled: false }],
			['description', { description: 'x', disabled: false }],
			['foo', { foo: null }],
		])('rejects any other field on update, here %s, and changes nothing', async (field, body) => {
			await createValid();
			const before = await emulator.client.endpoints();
			const reply = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, { body });
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({
				code: 'invalid_argument',
				message: expect.stringContaining(`field "${field}" is not a documented field of Update Endpoint`),
			});
			expect(await emulator.client.endpoints()).toEqual(before);
		});

		it('rejects an update that echoes the whole endpoint object back, naming its first extra field', async () => {
			await createValid();
			const current = endpointOf((await emulator.api('GET', `/webhooks/v1/endpoints/${ID_A}`)).body);
			const reply = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, { body: current });
			expect(reply.status).toBe(400);
			expect(reply.body).toMatchObject({ message: expect.stringContaining('field "id"') });
		});

		it.each([
			['name', { eventName: 'note.created', name: 'Note Created' }],
			['displayName', { eventName: 'note.created', displayName: 'Note Created' }],
			['hasSubcategories', { event_name: 'note.created', hasSubcategories: false }],
		])('rejects any other field in an eventTypes entry, here %s, naming its path', async (field, entry) => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: URL_A, secret: 's', eventTypes: [{ eventName: 'note.created' }, entry] },
			});
			expect(reply.status).toBe(400);
			const documented = '(documented: eventName, event_name, subcategory)';
			expect(reply.body).toEqual({
				code: 'invalid_argument',
				message: `field "eventTypes[1].${field}" is not a documented field of an eventTypes entry ${documented}`,
			});
		});

		it('accepts every documented field, in both spellings', async () => {
			const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: URL_A, secret: 's', event_types: [{ event_name: 'note.created', subcategory: '' }] },
			});
			expect(created.status).toBe(200);
			const updated = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, {
				body: { url: URL_A, secret: 't', eventTypes: [{ eventName: 'nativemobile.event.crash' }], disabled: true },
			});
			expect(updated.status).toBe(200);
			expect(endpointOf(updated.body)).toMatchObject({
				enabled: false,
				eventTypes: [{ eventName: 'nativemobile.event.crash' }],
			});
		});

		it('rejects eventTypes entries given as plain strings, naming the entry', async () => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: URL_A, eventTypes: ['note.created'] },
			});
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({
				code: 'invalid_argument',
				message: 'eventTypes[0] must be an object {eventName, subcategory?}, not the string "note.created"',
			});
		});

		it('rejects PUT on an endpoint, naming PUT and pointing to POST', async () => {
			await createValid();
			const reply = await emulator.api('PUT', `/webhooks/v1/endpoints/${ID_A}`, { body: { disabled: true } });
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringMatching(/PUT.*POST/) });
			expect((await emulator.client.endpoints())[0].enabled).toBe(true);
		});

		it.each(['/webhooks/v1/event_types', '/webhooks/v1/event_types/recording.event.custom/subcategories'])(
			'rejects the path %s, naming it and the right one',
			async (path) => {
				const reply = await emulator.api('GET', path);
				expect(reply.status).toBe(400);
				expect(reply.body).toEqual({
					code: 'invalid_argument',
					message: expect.stringContaining(path),
				});
				expect(reply.body).toMatchObject({ message: expect.stringContaining('/webhooks/v1/event-types') });
			},
		);

		it('still answers a plain 405 to PUT elsewhere', async () => {
			expect((await emulator.api('PUT', '/webhooks/v1/endpoints', { body: {} })).status).toBe(405);
		});
	});

	describe('off (the server default)', () => {
		beforeEach(async () => {
			await emulator.client.configure({ strict: false });
		});

		it('is off after configure, and a reset returns to the start-up value', async () => {
			expect((await emulator.client.info()).strict).toBe(false);
			await emulator.client.reset();
			expect((await emulator.client.info()).strict).toBe(true);
		});

		it('ignores events and signingSecret on create', async () => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { ...VALID, events: ['metric.alert'], signingSecret: 'other' },
			});
			expect(reply.status).toBe(200);
			expect(endpointOf(reply.body).eventTypes).toEqual([{ eventName: 'note.created' }]);
			expect((await emulator.client.endpoints())[0].secret).toBe('s');
		});

		it('ignores any other field on create and update, and in eventTypes entries', async () => {
			const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: {
					...VALID,
					enabled: false,
					description: 'n8n trigger',
					eventTypes: [{ eventName: 'note.created', name: 'Note Created' }],
				},
			});
			expect(created.status).toBe(200);
			expect(endpointOf(created.body)).toMatchObject({ enabled: true, eventTypes: [{ eventName: 'note.created' }] });
			const updated = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, {
				body: { foo: 1, enabled: false, id: 'other' },
			});
			expect(updated.status).toBe(200);
			expect(endpointOf(updated.body)).toMatchObject({ id: ID_A, enabled: true });
		});

		it('does not take events as a substitute for eventTypes', async () => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: URL_A, events: [{ eventName: 'note.created' }] },
			});
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ code: 'required_field', message: 'eventTypes is required' });
		});

		it('ignores events and signingSecret on update', async () => {
			await createValid();
			const reply = await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`, {
				body: { signingSecret: 'other', events: [{ eventName: 'metric.alert' }] },
			});
			expect(reply.status).toBe(200);
			expect((await emulator.client.endpoints())[0]).toMatchObject({
				secret: 's',
				eventTypes: [{ eventName: 'note.created' }],
			});
		});

		it('still rejects eventTypes entries given as plain strings', async () => {
			const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: URL_A, eventTypes: ['note.created'] },
			});
			expect(reply.status).toBe(400);
			expect(reply.body).toMatchObject({ code: 'invalid_argument' });
		});

		it('answers PUT on an endpoint with 405', async () => {
			await createValid();
			const reply = await emulator.api('PUT', `/webhooks/v1/endpoints/${ID_A}`, { body: { disabled: true } });
			expect(reply.status).toBe(405);
			expect(reply.body).toMatchObject({ code: 'method_not_allowed' });
		});

		it('answers /webhooks/v1/event_types with 404', async () => {
			const reply = await emulator.api('GET', '/webhooks/v1/event_types');
			expect(reply.status).toBe(404);
			expect(reply.body).toEqual({ message: 'Requested resource does not exist', code: 'resource_not_found' });
		});
	});
});

describe('a server started without options', () => {
	it('is not strict', async () => {
		const emulator = await startEmulator();
		try {
			expect(emulator.info().strict).toBe(false);
			const reply = await callApi(emulator.baseUrl, 'GET', '/webhooks/v1/event_types', { key: SEED_KEYS.admin });
			expect(reply.status).toBe(404);
		} finally {
			await emulator.close();
		}
	});
});
