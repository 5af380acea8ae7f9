/**
 * The transport against the emulator over real HTTP: auth header, error mapping for every status
 * FullStory documents, Retry-After, bounded retries of idempotent calls only, timeouts, dropped
 * connections, pagination, and that no secret reaches an error.
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { NodeApiError } from 'n8n-workflow';

import {
	createEndpoint,
	getEndpoint,
	listEndpoints,
	listEventTypes,
	listSubcategories,
} from '../nodes/api/webhooks/api';
import { fullStoryRequest } from '../nodes/transport/request';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { apiRejection, operationRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

const emulator = useTestEmulator();

function contextFor(apiKey = emulator.adminKey, requestTimeoutMs?: number) {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, apiKey), requestTimeoutMs });
}

function text(error: NodeApiError): string {
	return `${error.message}\n${error.description ?? ''}`;
}

describe('requests', () => {
	it('sends the raw key after "Basic " and reads the typed answer', async () => {
		const { context } = contextFor();
		const types = await listEventTypes(context);
		expect(types.map((type) => type.eventName)).toContain('note.created');
		const [logged] = await emulator.client.requests();
		expect(logged.headers.authorization).toBe(`Basic ${emulator.adminKey}`);
		expect(logged.path).toBe('/webhooks/v1/event-types');
	});

	it('creates an endpoint with exactly the documented fields', async () => {
		const { context } = contextFor();
		const endpoint = await createEndpoint(context, {
			url: 'https://n8n.example.com/webhook/a',
			eventTypes: [{ eventName: 'note.created' }],
			secret: 'secret-for-test',
		});
		expect(endpoint).toMatchObject({ url: 'https://n8n.example.com/webhook/a', enabled: true });
		const [logged] = await emulator.client.requests();
		expect(logged.body).toEqual({
			url: 'https://n8n.example.com/webhook/a',
			eventTypes: [{ eventName: 'note.created' }],
			secret: 'secret-for-test',
		});
	});
});

describe('error mapping', () => {
	it('401: says the key is wrong or revoked, without the key', async () => {
		const { context } = contextFor('na1.not-a-real-key/abcdef');
		const error = await apiRejection(listEventTypes(context));
		expect(error.httpCode).toBe('401');
		expect(error.message).toBe('FullStory rejected the API key (401 unauthorized)');
		expect(error.description).toMatch(/Admin or Architect/);
		expect(text(error)).not.toContain('na1.not-a-real-key/abcdef');
	});

	it('403: says which role is needed and which the key has (transport.roles.test.ts has the rest)', async () => {
		const { context } = contextFor(emulator.standardKey);
		const error = await apiRejection(listEventTypes(context));
		expect(error.httpCode).toBe('403');
		expect(error.message).toMatch(/not allowed/);
		expect(error.message).toMatch(/needs an Admin or Architect key, and it is a Standard key/);
		expect(error.description).toMatch(/FullStory > Settings > Integrations > API Keys/);
	});

	it('404: names the endpoint that does not exist', async () => {
		const { context } = contextFor();
		const error = await apiRejection(getEndpoint(context, 'bm8tc3VjaC1lbmRwb2ludA'));
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe('FullStory has no webhook endpoint with ID "bm8tc3VjaC1lbmRwb2ludA" (404)');
	});

	it('404: names the event type that does not exist', async () => {
		const { context } = contextFor();
		const error = await apiRejection(listSubcategories(context, 'no.such.event'));
		expect(error.message).toBe('FullStory has no event type "no.such.event" (404)');
	});

	it("400: passes on FullStory's message", async () => {
		const { context } = contextFor();
		const error = await apiRejection(
			createEndpoint(context, { url: 'https://n8n.example.com/x', eventTypes: [{ eventName: 'bogus.event' }], secret: 's3cret-value' }),
		);
		expect(error.httpCode).toBe('400');
		expect(error.message).toMatch(/^FullStory rejected the request: .*bogus\.event/);
		expect(error.description).toMatch(/400 \(invalid_argument\)/);
	});

	it('500 on a create: not retried (not idempotent), reported', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'status500', count: 1 });
		const { context } = contextFor();
		const error = await apiRejection(
			createEndpoint(context, { url: 'https://n8n.example.com/y', eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' }),
		);
		expect(error.message).toBe('FullStory had a server error (500)');
		expect(await emulator.client.requests()).toHaveLength(1);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});
});

describe('retries', () => {
	it.each(['seconds', 'http-date'] as const)('429 with Retry-After in %s: waits as asked, then succeeds', async (retryAfterFormat) => {
		await emulator.client.injectFault({
			path: '/webhooks/v1/event-types',
			kind: 'status429',
			count: 1,
			// An HTTP date has whole seconds: 2 s ahead is still at least 1 s ahead once truncated.
			retryAfterSeconds: retryAfterFormat === 'seconds' ? 1 : 2,
			retryAfterFormat,
		});
		const { context } = contextFor();
		await listEventTypes(context);
		const [limited, retried] = await emulator.client.requests();
		expect(limited.status).toBe(429);
		expect(retried.status).toBe(200);
		// The retry came no sooner than FullStory asked.
		expect(Date.parse(retried.time) - Date.parse(limited.time)).toBeGreaterThanOrEqual(950);
	});

	it.each([
		['seconds', /wait 3600 s/],
		['http-date', /wait 3(599|600) s/],
	] as const)('429 asking in %s for a longer wait than we block for: reported at once', async (retryAfterFormat, wait) => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'status429', count: 1, retryAfterSeconds: 3600, retryAfterFormat });
		const { context } = contextFor();
		const error = await apiRejection(listEventTypes(context));
		expect(error.description).toMatch(wait);
		expect(await emulator.client.requests()).toHaveLength(1);
	});

	it('429 on a create is retried too: a rate-limited call did nothing', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'status429', count: 1, retryAfterSeconds: 0 });
		const { context } = contextFor();
		await createEndpoint(context, { url: 'https://n8n.example.com/z', eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' });
		expect(await emulator.client.endpoints()).toHaveLength(1);
	});

	it('429 that persists: gives up after 3 retries and says so', async () => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'status429', count: 10, retryAfterSeconds: 0 });
		const { context } = contextFor();
		const error = await apiRejection(listEventTypes(context));
		expect(error.httpCode).toBe('429');
		expect(error.description).toMatch(/tried 4 times/);
		expect(await emulator.client.requests()).toHaveLength(4);
	});

	it('500 on a read: retried with backoff, then succeeds', async () => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'status500', count: 2 });
		const { context } = contextFor();
		await listEventTypes(context);
		const attempts = await emulator.client.requests();
		expect(attempts.map((entry) => entry.status)).toEqual([500, 500, 200]);
		// Backoff doubles: 500 ms before the first retry, 1000 ms before the second.
		const gaps = attempts.slice(1).map((entry, index) => Date.parse(entry.time) - Date.parse(attempts[index].time));
		expect(gaps[0]).toBeGreaterThanOrEqual(450);
		expect(gaps[1]).toBeGreaterThanOrEqual(950);
	});

	it('500 that persists on a read: 3 attempts, then a clear error', async () => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'status500', count: 5 });
		const { context } = contextFor();
		const error = await apiRejection(listEventTypes(context));
		expect(error.message).toBe('FullStory had a server error (500)');
		expect(error.description).toMatch(/tried 3 times/);
		expect(await emulator.client.requests()).toHaveLength(3);
	});

	it('a dropped connection on a read is retried', async () => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'drop', count: 1 });
		const { context } = contextFor();
		const types = await listEventTypes(context);
		expect(types.length).toBeGreaterThan(0);
	});

	it('a read that hangs past the timeout is retried, then reported', async () => {
		await emulator.client.injectFault({ path: '/webhooks/v1/event-types', kind: 'hang', count: 5, hangMs: 2000 });
		const { context } = contextFor(emulator.adminKey, 200);
		const error = await apiRejection(listEventTypes(context));
		expect(error.message).toMatch(/^Could not reach FullStory at 127\.0\.0\.1:\d+: FullStory did not answer in time$/);
		expect(error.description).toMatch(/tried 3 times/);
	});

	it('a create whose answer is lost is not retried (it may have happened)', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'dropAfter', count: 1 });
		const { context } = contextFor();
		const error = await apiRejection(
			createEndpoint(context, { url: 'https://n8n.example.com/lost', eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' }),
		);
		expect(error.message).toMatch(/^Could not reach FullStory/);
		expect(await emulator.client.endpoints()).toHaveLength(1);
		expect((await emulator.client.requests()).filter((entry) => entry.method === 'POST')).toHaveLength(1);
	});

	it('a refused connection says where it tried', async () => {
		const closed = createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise<void>((resolve) => closed.close(() => resolve()));
		const { context } = createContext({ credentials: emulatorCredentials(`http://127.0.0.1:${port}`, 'key') });
		const error = await apiRejection(listEventTypes(context));
		expect(error.message).toBe(`Could not reach FullStory at 127.0.0.1:${port}: the connection was refused`);
	});
});

describe('pagination', () => {
	async function seedEndpoints(count: number) {
		const { context } = contextFor();
		for (let index = 0; index < count; index++) {
			await createEndpoint(context, {
				url: `https://n8n.example.com/webhook/${index}`,
				eventTypes: [{ eventName: 'note.created' }],
				secret: 'seed-secret',
			});
		}
	}

	it('walks every page of endpoints', async () => {
		await seedEndpoints(205);
		await emulator.client.clearRequests();
		const { context } = contextFor();
		const endpoints = await listEndpoints(context);
		expect(endpoints).toHaveLength(205);
		expect(new Set(endpoints.map((endpoint) => endpoint.id)).size).toBe(205);
		const pages = await emulator.client.requests();
		expect(pages).toHaveLength(3);
		expect(pages[0].query.paginationToken).toBeUndefined();
		expect(pages[1].query.paginationToken).toBeDefined();
	});

	it('stops at the limit and asks only for what it needs', async () => {
		await seedEndpoints(150);
		await emulator.client.clearRequests();
		const { context } = contextFor();
		expect(await listEndpoints(context, { limit: 120 })).toHaveLength(120);
		expect((await emulator.client.requests()).map((entry) => entry.query.limit)).toEqual(['100', '20']);
	});

	it('walks subcategory pages of 1000', async () => {
		await emulator.client.setCatalog({ generateSubcategories: { 'recording.event.custom': 2500 } });
		const { context } = contextFor();
		const subcategories = await listSubcategories(context, 'recording.event.custom');
		expect(subcategories).toHaveLength(2500);
		expect((await emulator.client.requests()).map((entry) => entry.query.limit)).toEqual(['1000', '1000', '1000']);
	});
});

describe('odd servers and secrets', () => {
	async function withServer(
		status: number,
		body: string,
		run: (baseUrl: string) => Promise<void>,
		headers: Record<string, string> = { 'content-type': 'application/json' },
	) {
		await withLocalServer((_, response) => response.writeHead(status, headers).end(body), run);
	}

	function contextAt(baseUrl: string, apiKey = 'key') {
		return createContext({ credentials: emulatorCredentials(baseUrl, apiKey) }).context;
	}

	function everything(error: NodeApiError): string {
		return `${text(error)}\n${JSON.stringify(error)}`;
	}

	it('a 2xx that is not the documented shape is a clear error', async () => {
		await withServer(200, '"<html>login</html>"', async (baseUrl) => {
			const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
			expect(error.message).toBe('FullStory answered with something other than a list of event types');
		});
	});

	it("a status FullStory does not document: its number, and FullStory's message and code", async () => {
		await withServer(418, JSON.stringify({ message: 'short and stout', code: 'teapot' }), async (baseUrl) => {
			const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
			expect(error.httpCode).toBe('418');
			expect(error.message).toBe('FullStory answered with HTTP 418: short and stout');
			expect(error.description).toBe("FullStory answered 418 (teapot). Check the credential's region or base URL.");
		});
	});

	it('a 5xx with a body that is not FullStory\'s error: the status and the content type, not the body', async () => {
		await withServer(502, '"upstream down: internal-host-17"', async (baseUrl) => {
			const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
			expect(error.message).toBe('FullStory had a server error (502)');
			expect(error.description).toBe(
				"FullStory answered 502: no FullStory error message (the answer was application/json). It was tried 3 times. This is on FullStory's side; try again later. Answers not in FullStory's error format are not shown. If the credential uses a custom base URL, check that it points at the FullStory API, or at a proxy that passes FullStory's answers on.",
			);
			expect(everything(error)).not.toContain('internal-host-17');
		});
	});

	it('a web page from whatever the base URL points at is not reflected, only its media type', async () => {
		const page = '<html><script>alert(1)</script>Log in to proxy.internal with token t0k3n-abc</html>';
		await withServer(
			400,
			page,
			async (baseUrl) => {
				const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
				expect(error.message).toBe('FullStory rejected the request: no FullStory error message (the answer was text/html)');
				for (const part of ['<script>', 'alert(1)', 'proxy.internal', 't0k3n-abc']) expect(everything(error)).not.toContain(part);
			},
			{ 'content-type': 'text/HTML; charset=utf-8' },
		);
	});

	it.each([
		['a content type that is not a media type', { 'content-type': 'see http://evil.example/x for help' }],
		['no content type', {}],
	])('%s: not named', async (_, headers: Record<string, string>) => {
		await withServer(
			418,
			'I am a teapot, see http://evil.example/x',
			async (baseUrl) => {
				const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
				expect(error.message).toBe('FullStory answered with HTTP 418: no FullStory error message');
				expect(everything(error)).not.toContain('evil.example');
			},
			headers,
		);
	});

	it('an empty answer says so', async () => {
		await withServer(503, '', async (baseUrl) => {
			const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
			expect(error.description).toMatch(/^FullStory answered 503: no FullStory error message \(the answer was empty\)\./);
		});
	});

	it("FullStory's message is kept on one line and cut at 500 characters", async () => {
		const message = `line one\nline two\u001b[31m ${'x'.repeat(1000)}`;
		await withServer(400, JSON.stringify({ message, code: 'invalid_argument' }), async (baseUrl) => {
			const error = await apiRejection(listEventTypes(contextAt(baseUrl)));
			const said = error.message.replace('FullStory rejected the request: ', '');
			expect(said.startsWith('line one line two [31m x')).toBe(true);
			expect(said).toHaveLength(501);
			expect(said.endsWith('x…')).toBe(true);
		});
	});

	it('a 404 on a call that names no resource', async () => {
		await withServer(404, '{}', async (baseUrl) => {
			const error = await apiRejection(fullStoryRequest(contextAt(baseUrl), { method: 'GET', path: '/me', expected: 'x' }, () => true));
			expect(error.message).toBe('FullStory has no such resource (404)');
		});
	});

	it('redacts the API key and the sent secret if FullStory echoes them', async () => {
		const echo = JSON.stringify({ message: 'bad secret my-very-secret for key na1.key/xyz', code: 'invalid_argument' });
		await withServer(400, echo, async (baseUrl) => {
			const error = await apiRejection(
				createEndpoint(contextAt(baseUrl, 'na1.key/xyz'), {
					url: 'https://n8n.example.com/r',
					eventTypes: [{ eventName: 'note.created' }],
					secret: 'my-very-secret',
				}),
			);
			expect(error.message).toBe('FullStory rejected the request: bad secret [redacted] for key [redacted]');
			expect(JSON.stringify(error)).not.toContain('my-very-secret');
			expect(JSON.stringify(error)).not.toContain('na1.key/xyz');
		});
	});

	it('a custom base URL that is not http(s) stops before any request', async () => {
		const { context, requests } = createContext({ credentials: { apiKey: 'k', region: 'custom', baseUrl: 'ftp://example.com' } });
		const error = await operationRejection(fullStoryRequest(context, { method: 'GET', path: '/me', expected: 'x' }, () => true));
		expect(error.message).toMatch(/must start with http:\/\/ or https:\/\//);
		expect(requests).toHaveLength(0);
	});
});
