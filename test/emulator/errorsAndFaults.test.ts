import { startTestEmulator } from '../helpers/emulator';
import { useTestEmulator } from '../helpers/emulatorFixture';

const CREATE_BODY = {
	url: 'https://example.com/faulty',
	secret: 's',
	eventTypes: [{ eventName: 'note.created' }],
};
const TOO_MANY = {
	message: 'Too many requests. Client has exceeded the rate limit for this endpoint.',
	code: 'too_many_requests',
};
const SERVER_ERROR = { message: 'Server error was encountered', code: 'server_error' };
const NOT_FOUND = { message: 'Requested resource does not exist', code: 'resource_not_found' };

/** Polls until `check` holds; the bound only keeps a broken emulator from hanging the suite. */
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
	for (let attempt = 0; attempt < 250; attempt++) {
		if (await check()) return true;
		await new Promise((resolve) => setTimeout(resolve, 20));
	}
	return false;
}

describe('documented errors (fullstory-api.md §6)', () => {
	const emulator = useTestEmulator();

	it('404s an unknown path with the documented body', async () => {
		// `GET /` is the emulator's page (page.test.ts); other paths outside the API are the API's 404.
		for (const path of ['/webhooks/v1/nothing', '/webhooks/v2/endpoints', '/favicon.ico', '/webhooks/v1/endpoints/a/b']) {
			const reply = await emulator.api('GET', path);
			expect(reply.status).toBe(404);
			expect(reply.body).toEqual(NOT_FOUND);
		}
	});

	it('checks the key before the path', async () => {
		expect((await emulator.api('GET', '/nowhere', { key: null })).status).toBe(401);
	});

	it.each([
		['PATCH', '/webhooks/v1/endpoints/aWQ', 'GET, POST, DELETE'],
		['DELETE', '/webhooks/v1/endpoints', 'GET, POST'],
		['POST', '/webhooks/v1/event-types', 'GET'],
		['POST', '/me', 'GET'],
	])('answers %s %s with 405 method_not_allowed and Allow', async (method, path, allow) => {
		const reply = await emulator.api(method, path, { body: {} });
		expect(reply.status).toBe(405);
		expect(reply.headers.get('allow')).toBe(allow);
		expect(reply.body).toEqual({ code: 'method_not_allowed', message: expect.stringContaining(method) });
	});

	it('answers invalid JSON with 400 invalid_argument', async () => {
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: '{"url": ' });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining('not valid JSON') });
	});

	it('refuses a body over 1 MiB with 413', async () => {
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { ...CREATE_BODY, secret: 'x'.repeat(1024 * 1024) },
		});
		expect(reply.status).toBe(413);
		expect(reply.body).toEqual({ code: 'payload_too_large', message: expect.stringContaining('1048576') });
		expect(await emulator.client.endpoints()).toEqual([]);
	});
});

describe('injected faults (fullstory-api.md §7.8)', () => {
	const emulator = useTestEmulator();

	it('answers 429 with the documented body and Retry-After in seconds, then recovers', async () => {
		await emulator.client.injectFault({ kind: 'status429', path: '/webhooks/v1/endpoints', retryAfterSeconds: 7 });
		const limited = await emulator.api('GET', '/webhooks/v1/endpoints');
		expect(limited.status).toBe(429);
		expect(limited.headers.get('retry-after')).toBe('7');
		expect(limited.body).toEqual(TOO_MANY);
		expect((await emulator.api('GET', '/webhooks/v1/endpoints')).status).toBe(200);
	});

	it('defaults Retry-After to 1 second', async () => {
		await emulator.client.injectFault({ kind: 'status429' });
		const reply = await emulator.api('GET', '/me');
		expect(reply.status).toBe(429);
		expect(reply.headers.get('retry-after')).toBe('1');
	});

	it('sends Retry-After as an HTTP-date that many seconds after the call with retryAfterFormat "http-date"', async () => {
		await emulator.client.injectFault({ kind: 'status429', retryAfterSeconds: 120, retryAfterFormat: 'http-date' });
		// Past a second boundary, so a date fixed at injection time would fall short of the bound below.
		await new Promise((resolve) => setTimeout(resolve, 1100));
		const before = Date.now();
		const reply = await emulator.api('GET', '/webhooks/v1/event-types');
		const after = Date.now();
		expect(reply.status).toBe(429);
		expect(reply.body).toEqual(TOO_MANY);
		const header = reply.headers.get('retry-after') ?? '';
		// IMF-fixdate, as Date#toUTCString writes it: "Sun, 06 Nov 1994 08:49:37 GMT".
		expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
		// Whole seconds: the date may fall up to a second short of now + 120 s.
		expect(Date.parse(header)).toBeGreaterThanOrEqual(before + 119_000);
		expect(Date.parse(header)).toBeLessThanOrEqual(after + 120_000);
	});

	it('keeps the seconds form for retryAfterFormat "seconds", and lists the format with the fault', async () => {
		const id = await emulator.client.injectFault({ kind: 'status429', retryAfterSeconds: 5, retryAfterFormat: 'seconds' });
		const fault = await emulator.client.injectFault({ kind: 'status429', retryAfterFormat: 'http-date' });
		expect(await emulator.client.faults()).toEqual([
			expect.objectContaining({ id, retryAfterSeconds: 5, retryAfterFormat: 'seconds' }),
			expect.objectContaining({ id: fault, retryAfterSeconds: 1, retryAfterFormat: 'http-date' }),
		]);
		expect((await emulator.api('GET', '/me')).headers.get('retry-after')).toBe('5');
	});

	it('answers 500 with the documented body, without applying the call', async () => {
		await emulator.client.injectFault({ kind: 'status500', method: 'POST', path: '/webhooks/v1/endpoints' });
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', { body: CREATE_BODY });
		expect(reply.status).toBe(500);
		expect(reply.body).toEqual(SERVER_ERROR);
		expect(await emulator.client.endpoints()).toEqual([]);
	});

	it('applies a fault to the next `count` matching calls only, and lists what remains', async () => {
		const id = await emulator.client.injectFault({ kind: 'status500', path: '/webhooks/v1/*', count: 2 });
		expect(await emulator.client.faults()).toEqual([
			{
				id,
				kind: 'status500',
				path: '/webhooks/v1/*',
				remaining: 2,
				retryAfterSeconds: 1,
				retryAfterFormat: 'seconds',
				hangMs: 60000,
			},
		]);
		expect((await emulator.api('GET', '/me')).status).toBe(200);
		expect((await emulator.api('GET', '/webhooks/v1/event-types')).status).toBe(500);
		expect((await emulator.client.faults())[0].remaining).toBe(1);
		expect((await emulator.api('GET', '/webhooks/v1/endpoints')).status).toBe(500);
		expect(await emulator.client.faults()).toEqual([]);
		expect((await emulator.api('GET', '/webhooks/v1/endpoints')).status).toBe(200);
	});

	it('matches the method and the exact path', async () => {
		await emulator.client.injectFault({ kind: 'status500', method: 'delete', path: '/webhooks/v1/endpoints/aWQ' });
		expect((await emulator.api('GET', '/webhooks/v1/endpoints/aWQ')).status).toBe(404);
		expect((await emulator.api('DELETE', '/webhooks/v1/endpoints/aWQx')).status).toBe(404);
		expect((await emulator.api('DELETE', '/webhooks/v1/endpoints/aWQ')).status).toBe(500);
	});

	it('strikes before authentication, as a gateway would', async () => {
		await emulator.client.injectFault({ kind: 'status429' });
		expect((await emulator.api('GET', '/me', { key: null })).status).toBe(429);
	});

	it('clears every fault', async () => {
		await emulator.client.injectFault({ kind: 'status500' });
		await emulator.client.clearFaults();
		expect(await emulator.client.faults()).toEqual([]);
		expect((await emulator.api('GET', '/me')).status).toBe(200);
	});

	it('hang: holds the call, then applies it even though the client gave up', async () => {
		await emulator.client.injectFault({ kind: 'hang', method: 'POST', hangMs: 600 });
		const controller = new AbortController();
		const call = emulator.api('POST', '/webhooks/v1/endpoints', { body: CREATE_BODY, signal: controller.signal });
		// Give up only once the emulator holds the call (its fault is used up), never before it arrived.
		expect(await eventually(async () => (await emulator.client.faults()).length === 0)).toBe(true);
		controller.abort();
		await expect(call).rejects.toThrow();
		expect(await eventually(async () => (await emulator.client.endpoints()).length === 1)).toBe(true);
		const [logged] = await emulator.client.requests();
		expect(logged).toMatchObject({ method: 'POST', status: 200, fault: 'hang' });
	});

	it('hang: answers normally once the hang is over if the client waits', async () => {
		await emulator.client.injectFault({ kind: 'hang', hangMs: 100 });
		const reply = await emulator.api('GET', '/webhooks/v1/event-types');
		expect(reply.status).toBe(200);
	});

	it('drop: closes the connection without processing the call', async () => {
		await emulator.client.injectFault({ kind: 'drop', method: 'POST' });
		await expect(emulator.api('POST', '/webhooks/v1/endpoints', { body: CREATE_BODY })).rejects.toThrow();
		expect(await emulator.client.endpoints()).toEqual([]);
		const [logged] = await emulator.client.requests();
		expect(logged).toMatchObject({ method: 'POST', status: null, fault: 'drop' });
	});

	it('dropAfter: applies the call, then closes the connection without an answer', async () => {
		await emulator.client.injectFault({ kind: 'dropAfter', method: 'POST' });
		await expect(emulator.api('POST', '/webhooks/v1/endpoints', { body: CREATE_BODY })).rejects.toThrow();
		expect((await emulator.client.endpoints()).map((endpoint) => endpoint.url)).toEqual([CREATE_BODY.url]);
		const [logged] = await emulator.client.requests();
		expect(logged).toMatchObject({ status: null, fault: 'dropAfter' });
		// A retry of the create now meets the endpoint the lost answer had created.
		expect((await emulator.api('POST', '/webhooks/v1/endpoints', { body: CREATE_BODY })).status).toBe(400);
	});

	it.each([
		[{ kind: 'explode' }, 'kind must be one of'],
		[{}, 'kind is required'],
		[{ kind: 'hang', hangMs: -5 }, 'hangMs must be'],
		[{ kind: 'status500', path: 'webhooks' }, 'path must be'],
		[{ kind: 'status500', count: 0 }, 'count must be'],
		[{ kind: 'status429', retryAfterFormat: 'date' }, 'retryAfterFormat must be "seconds" or "http-date"'],
	])('refuses the fault %j with 400 naming the field', async (spec, fragment) => {
		const reply = await emulator.api('POST', '/__emulator/faults', { key: null, body: spec });
		expect(reply.status).toBe(400);
		expect(reply.body).toMatchObject({ message: expect.stringContaining(fragment) });
	});
});

describe('closing the emulator', () => {
	it('ends hung connections instead of waiting for them', async () => {
		const emulator = await startTestEmulator();
		await emulator.client.injectFault({ kind: 'hang' });
		const call = emulator.api('GET', '/me').then(
			() => 'answered',
			() => 'connection closed',
		);
		expect(await eventually(async () => (await emulator.client.faults()).length === 0)).toBe(true);
		await emulator.stop();
		expect(await call).toBe('connection closed');
	});
});
