/** Events v2 over HTTP (docs/fullstory-server-api.md §4, §13.8). */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { errorOf } from './v2Wire';

describe('Events v2 (fullstory-server-api.md §4)', () => {
	const emulator = useTestEmulator();

	it('answers 200 {} and keeps the event, its timestamp defaulting to the server time', async () => {
		const before = Date.now();
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'Support Ticket', user: { uid: 'xyz123' }, properties: { id: 424242 } } });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({});
		const [event] = await emulator.client.events();
		expect(event).toMatchObject({
			orgId: emulator.orgId,
			source: 'api',
			name: 'Support Ticket',
			user: { uid: 'xyz123' },
			properties: { id: 424242 },
			attachedSession: null,
		});
		expect(Date.parse(event.timestamp)).toBeGreaterThanOrEqual(before - 1000);
		expect(event.timestamp).toBe(event.received);
	});

	it('keeps the docs example as sent, use_most_recent and all', async () => {
		const body = {
			user: { uid: 'xyz123' },
			session: { use_most_recent: true },
			name: 'Support Ticket',
			timestamp: '2022-03-15T14:23:23Z',
			properties: { id: 424242, priority: 'Normal', source: 'Email', title: 'Account locked out' },
		};
		expect((await emulator.api('POST', '/v2/events', { body })).status).toBe(200);
		const [event] = await emulator.client.events();
		expect(event).toMatchObject(body);
	});

	it('requires name, with required_field', async () => {
		for (const body of [{}, { name: '' }, { properties: { a: 1 } }]) {
			const reply = await emulator.api('POST', '/v2/events', { body });
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({ code: 'required_field', message: 'name is required' });
		}
		expect((await emulator.api('POST', '/v2/events', { body: { name: 5 } })).status).toBe(400);
		expect(await emulator.client.events()).toEqual([]);
	});

	it('refuses user together with session.id (invalid_argument)', async () => {
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', user: { uid: 'u' }, session: { id: '123:456' } } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply)).toEqual({ code: 'invalid_argument', message: expect.stringContaining('session.id') });
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', session: { id: '123:456' } } })).status).toBe(200);
	});

	it.each([
		['no user', {}],
		['both user fields', { user: { uid: 'u', id: '1' } }],
	])('refuses use_most_recent with %s', async (_label, extra) => {
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', session: { use_most_recent: true }, ...extra } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply)).toEqual({ code: 'invalid_argument', message: expect.stringContaining('exactly one') });
	});

	it('accepts an unknown session id and keeps the event without a session', async () => {
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', session: { id: '999:888' } } })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'y', session: { uid: 'checkout-42' }, user: { id: '1' } } })).status).toBe(200);
		const events = await emulator.client.events();
		expect(events.map((event) => [event.session, event.attachedSession])).toEqual([
			[{ id: '999:888' }, null],
			[{ uid: 'checkout-42' }, null],
		]);
	});

	it.each(['123', '123%3A456', 'a:b:c', ''])('refuses the session id %j unless it is "u:s" (an empty one reads as absent)', async (id) => {
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', session: { id } } });
		expect(reply.status).toBe(id === '' ? 200 : 400);
	});

	it('refuses a timestamp that is not ISO 8601', async () => {
		for (const timestamp of ['March 7', '2024-06-29', '1719670000', 1719670000]) {
			const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', timestamp } });
			expect(reply.status).toBe(400);
			expect(errorOf(reply).message).toContain('timestamp');
		}
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', timestamp: '2024-06-29T14:23:23.123+02:00' } })).status).toBe(200);
	});

	it('keeps the four context parts, and checks their fields', async () => {
		const context = {
			browser: { url: 'https://example.com/a', user_agent: 'UA', initial_referrer: 'https://ref.example' },
			mobile: { app_id: 'app', app_version: '1.2', app_name: 'App', build_variant: 'release' },
			device: { manufacturer: 'Acme', model: 'X', screen_width: 1024, screen_height: 768, viewport_width: 800, viewport_height: 600 },
			location: { country: 'US', region: 'US-CA', city: 'Oakland', latitude: 37.8, longitude: -122.27, ip_address: '127.0.0.1' },
		};
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', context } })).status).toBe(200);
		expect((await emulator.client.events())[0].context).toEqual(context);
		for (const bad of [{ device: { screen_width: 10.5 } }, { location: { latitude: 'north' } }, { browser: { url: 5 } }, { browser: 'x' }]) {
			const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', context: bad } });
			expect(reply.status).toBe(400);
			expect(errorOf(reply).message).toMatch(/^context\./);
		}
	});

	it('checks properties and schema as for users', async () => {
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', properties: { '1bad': 1 } } })).status).toBe(400);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', schema: { properties: { a: 'number' } } } })).status).toBe(400);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', properties: { a: '1' }, schema: { properties: { a: 'int' } } } })).status).toBe(200);
		expect((await emulator.client.events())[0].schema).toEqual({ a: 'int' });
	});
});

describe('full sessions: session_page_limit_exceeded (fullstory-server-api.md §4, §13.8)', () => {
	const emulator = useTestEmulator();

	it('refuses an event that names a full session, by id or uid, and keeps nothing', async () => {
		await emulator.client.configure({ fullSessions: ['111:222', 'checkout-full'] });
		for (const session of [{ id: '111:222' }, { uid: 'checkout-full' }]) {
			const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', session } });
			expect(reply.status).toBe(400);
			expect(errorOf(reply)).toEqual({ code: 'session_page_limit_exceeded', message: expect.stringContaining(Object.values(session)[0]) });
		}
		expect(await emulator.client.events()).toEqual([]);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x', session: { id: '111:333' } } })).status).toBe(200);
	});

	it('lets use_most_recent skip a full session instead of failing', async () => {
		await emulator.client.configure({ fullSessions: ['checkout-full'] });
		const reply = await emulator.api('POST', '/v2/events', {
			body: { name: 'x', user: { uid: 'u' }, session: { use_most_recent: true, uid: 'checkout-full' } },
		});
		expect(reply.status).toBe(200);
		expect((await emulator.client.events())[0].attachedSession).toBeNull();
	});
});
