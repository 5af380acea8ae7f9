/**
 * The v2 limits over HTTP (docs/fullstory-server-api.md §2.2, §3.2, §13.7, §13.17): field lengths and
 * property rules at their boundaries, 429 with `Retry-After` on every v2 route, the optional per-key token
 * bucket, and the batch routes' larger body cap.
 */
import { V2_LIMITS } from '../../emulator/api/v2/limits';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { errorOf, idOf, userOf } from './v2Wire';

/** An object of `count` leaf properties p0 … pN. */
function manyProperties(count: number): Record<string, number> {
	return Object.fromEntries(Array.from({ length: count }, (_, index) => [`p${index}`, index]));
}

/** A nested object whose dotted path `a.a.a…` is `chars` characters long. */
function nestedPath(chars: number): Record<string, unknown> {
	const depth = (chars + 1) / 2;
	let value: Record<string, unknown> = { a: 1 };
	for (let level = 1; level < depth; level++) value = { a: value };
	return value;
}

describe('v2 field limits (fullstory-server-api.md §2.2)', () => {
	const emulator = useTestEmulator();

	it.each([
		['uid', V2_LIMITS.uidChars],
		['display_name', V2_LIMITS.displayNameChars],
		['email', V2_LIMITS.emailChars],
	])('accepts %s of %i characters and refuses one more', async (field, limit) => {
		expect((await emulator.api('POST', '/v2/users', { body: { [field]: 'x'.repeat(limit) } })).status).toBe(200);
		const over = await emulator.api('POST', '/v2/users', { body: { [field]: 'x'.repeat(limit + 1) } });
		expect(over.status).toBe(400);
		expect(errorOf(over)).toEqual({ code: 'invalid_argument', message: `${field} must be at most ${limit} characters, got ${limit + 1}` });
	});

	it('accepts 500 properties, nested leaves counted by path, and refuses 501', async () => {
		expect((await emulator.api('POST', '/v2/users', { body: { properties: manyProperties(500) } })).status).toBe(200);
		const nested = { ...manyProperties(499), group: { a: 1, b: 2 } };
		const over = await emulator.api('POST', '/v2/users', { body: { properties: nested } });
		expect(over.status).toBe(400);
		expect(errorOf(over).message).toContain('501 properties');
	});

	it.each([['1starts_with_digit'], ['has-dash'], ['has space'], ['_underscore_first'], ['']])('refuses the property name %j', async (name) => {
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', properties: { ok: 1, [name]: 1 } } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain('must be a letter followed by letters, digits or underscores');
	});

	it('checks every segment of a nested name, and the dotted path up to 512 characters', async () => {
		expect((await emulator.api('POST', '/v2/users', { body: { properties: { outer: { 'in-ner': 1 } } } })).status).toBe(400);
		expect((await emulator.api('POST', '/v2/users', { body: { properties: nestedPath(511) } })).status).toBe(200);
		const over = await emulator.api('POST', '/v2/users', { body: { properties: nestedPath(513) } });
		expect(over.status).toBe(400);
		expect(errorOf(over).message).toContain('513 characters');
	});

	it('drops a property whose value is over 8192 bytes and keeps the rest (config oversizedPropertyValue dropProperty)', async () => {
		const id = idOf(
			await emulator.api('POST', '/v2/users', {
				body: { properties: { fits: 'é'.repeat(4096), big: 'x'.repeat(8193), nested: { big: 'y'.repeat(9000), small: 1 }, onlyBig: { big: 'z'.repeat(9000) } } },
			}),
		);
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).properties).toEqual({ fits: 'é'.repeat(4096), nested: { small: 1 } });
	});

	it('refuses the whole request for such a value with oversizedPropertyValue rejectRequest', async () => {
		await emulator.client.configure({ oversizedPropertyValue: 'rejectRequest' });
		const reply = await emulator.api('POST', '/v2/events', { body: { name: 'x', properties: { list: ['x'.repeat(8200)] } } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain('properties.list');
		expect(await emulator.client.events()).toEqual([]);
	});

	it.each(['bool', 'bools', 'date', 'dates', 'int', 'ints', 'real', 'reals', 'str', 'strs'])('accepts the schema type %s', async (type) => {
		expect((await emulator.api('POST', '/v2/users', { body: { schema: { properties: { a: type } } } })).status).toBe(200);
	});

	it.each([['string'], ['number'], ['INT'], [5]])('refuses the schema type %j', async (type) => {
		const reply = await emulator.api('POST', '/v2/users', { body: { schema: { properties: { a: type } } } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain('schema.properties.a must be one of');
	});
});

describe('429 on the v2 routes (fullstory-server-api.md §1.4, §13.17)', () => {
	const emulator = useTestEmulator();

	it.each([
		['POST', '/v2/users'],
		['GET', '/v2/users'],
		['GET', '/v2/users/1'],
		['POST', '/v2/users/1'],
		['DELETE', '/v2/users/1'],
		['DELETE', '/v2/users'],
		['POST', '/v2/events'],
		['POST', '/v2/users/batch'],
		['POST', '/v2/events/batch'],
		['GET', '/v2/users/batch/j'],
		['GET', '/v2/events/batch/j/imports'],
		['GET', '/v2/events/batch/j/errors'],
		['POST', '/v2/annotations'],
		['POST', '/v2beta/users'],
	])('injects a 429 with Retry-After in seconds on %s %s, without doing the work', async (method, path) => {
		await emulator.client.injectFault({ kind: 'status429', method, path, retryAfterSeconds: 4 });
		const reply = await emulator.api(method, path, { body: method === 'GET' || method === 'DELETE' ? undefined : { name: 'n', text: 't', requests: [{}] } });
		expect(reply.status).toBe(429);
		expect(reply.headers.get('retry-after')).toBe('4');
		expect(errorOf(reply).code).toBe('too_many_requests');
		expect((await emulator.client.users()).length + (await emulator.client.events()).length + (await emulator.client.jobs()).length).toBe(0);
	});

	it('limits each key with the optional token bucket (config rateLimit), and lets it refill', async () => {
		await emulator.client.configure({ rateLimit: { burst: 2, perSecond: 5 } });
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'a' } })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'b' } })).status).toBe(200);
		const limited = await emulator.api('POST', '/v2/events', { body: { name: 'c' } });
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('1');
		// Another key has its own bucket.
		expect((await emulator.api('POST', '/v2/events', { key: emulator.standardKey, body: { name: 'd' } })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 250));
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'e' } })).status).toBe(200);
		expect((await emulator.client.events()).map((event) => event.name)).toEqual(['a', 'b', 'd', 'e']);
		await emulator.client.configure({ rateLimit: null });
		for (let call = 0; call < 5; call++) expect((await emulator.api('GET', '/me')).status).toBe(200);
	});
});

describe('batch body size (fullstory-server-api.md §3.2)', () => {
	const emulator = useTestEmulator();

	it('takes a batch body well over the 1 MiB of other routes', async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const requests = Array.from({ length: 5000 }, (_, index) => ({ uid: `user-${index}`, properties: { note: 'x'.repeat(300) } }));
		const reply = await emulator.api('POST', '/v2/users/batch', { body: { requests } });
		expect(JSON.stringify({ requests }).length).toBeGreaterThan(1024 * 1024);
		expect(reply.status).toBe(200);
		expect((await emulator.api('POST', '/v2/users', { body: { properties: { note: 'x'.repeat(1024 * 1024) } } })).status).toBe(413);
	});
});
