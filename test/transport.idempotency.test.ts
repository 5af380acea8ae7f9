/**
 * `idempotencyKey` on a request, over real HTTP against the emulator: sent as the
 * `Idempotency-Key` header, and it makes a POST safe to retry after a lost answer or a 5xx, as a
 * GET is; a POST without one is still sent once. A key that is not a header value, or that holds
 * the API key, is refused before anything is sent.
 *
 * The emulator's POST to an existing endpoint (Update) stands in for a v2 create: applying it
 * twice gives the same endpoint, so the retry's answer shows the retry happened.
 */
import { createEndpoint } from '../nodes/api/webhooks/api';
import { parseEndpoint } from '../nodes/api/webhooks/guards';
import { endpointPath } from '../nodes/api/webhooks/paths';
import type { FullStoryRequest } from '../nodes/transport/request';
import { fullStoryRequest } from '../nodes/transport/request';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { apiRejection, operationRejection } from './helpers/rejection';

const emulator = useTestEmulator();
const KEY = 'n8n-0123456789abcdef0123456789abcdef';
const UPDATES = { path: '/webhooks/v1/endpoints/*' };

function contextFor() {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.adminKey) });
}

async function endpointId(): Promise<string> {
	const endpoint = await createEndpoint(contextFor().context, {
		url: 'https://n8n.example.com/webhook/idempotent',
		eventTypes: [{ eventName: 'note.created' }],
		secret: 's3cret-value',
	});
	await emulator.client.clearRequests();
	return endpoint.id;
}

function update(id: string, idempotencyKey?: string): FullStoryRequest {
	return { method: 'POST', path: endpointPath(id), body: { disabled: true }, expected: 'the updated webhook endpoint', idempotencyKey };
}

async function posts() {
	return (await emulator.client.requests()).filter((entry) => entry.method === 'POST');
}

describe('the header', () => {
	it('is sent as Idempotency-Key, exactly as given', async () => {
		const id = await endpointId();
		await fullStoryRequest(contextFor().context, update(id, KEY), parseEndpoint);
		const [logged] = await posts();
		expect(logged.headers['idempotency-key']).toBe(KEY);
		expect(logged.headers.authorization).toBe(`Basic ${emulator.adminKey}`);
	});

	it('is not sent without a key', async () => {
		const id = await endpointId();
		await fullStoryRequest(contextFor().context, update(id), parseEndpoint);
		const [logged] = await posts();
		expect(logged.headers['idempotency-key']).toBeUndefined();
	});
});

describe('retries', () => {
	it('a POST with a key whose answer was lost after FullStory applied it: retried with the same key', async () => {
		const id = await endpointId();
		await emulator.client.injectFault({ method: 'POST', ...UPDATES, kind: 'dropAfter', count: 1 });
		const endpoint = await fullStoryRequest(contextFor().context, update(id, KEY), parseEndpoint);
		expect(endpoint.enabled).toBe(false);
		const sent = await posts();
		expect(sent.map((entry) => entry.status)).toEqual([null, 200]);
		expect(sent.map((entry) => entry.headers['idempotency-key'])).toEqual([KEY, KEY]);
	});

	it('a POST without a key whose answer was lost: not retried, reported as no answer', async () => {
		const id = await endpointId();
		await emulator.client.injectFault({ method: 'POST', ...UPDATES, kind: 'dropAfter', count: 1 });
		const error = await apiRejection(fullStoryRequest(contextFor().context, update(id), parseEndpoint));
		expect(error.message).toMatch(/^Could not reach FullStory at 127\.0\.0\.1:\d+: the connection was closed before FullStory answered$/);
		expect((await posts()).map((entry) => entry.status)).toEqual([null]);
	});

	it('a POST with a key that met a 500: retried after the backoff', async () => {
		const id = await endpointId();
		await emulator.client.injectFault({ method: 'POST', ...UPDATES, kind: 'status500', count: 1 });
		await fullStoryRequest(contextFor().context, update(id, KEY), parseEndpoint);
		expect((await posts()).map((entry) => entry.status)).toEqual([500, 200]);
	});

	it('a POST without a key that met a 500: sent once', async () => {
		const id = await endpointId();
		await emulator.client.injectFault({ method: 'POST', ...UPDATES, kind: 'status500', count: 1 });
		const error = await apiRejection(fullStoryRequest(contextFor().context, update(id), parseEndpoint));
		expect(error.message).toBe('FullStory had a server error (500)');
		expect(await posts()).toHaveLength(1);
	});
});

describe('keys refused before anything is sent', () => {
	it.each([
		['empty', '', /it is empty$/],
		['256 characters', 'k'.repeat(256), /it has 256 characters, more than the 255 allowed$/],
		['a line break', 'a\r\nX-Injected: 1', /printable ASCII/],
		['a character beyond ASCII', 'clé', /printable ASCII/],
		['a leading space', ' key', /starts or ends with a space$/],
	])('%s', async (_, key, problem) => {
		const { context, requests } = contextFor();
		const error = await operationRejection(fullStoryRequest(context, update('abc', key), parseEndpoint));
		expect(error.message).toMatch(/^The idempotency key cannot be sent: /);
		expect(error.message).toMatch(problem);
		expect(error.description).toMatch(/at most 255 printable ASCII characters/);
		expect(requests).toHaveLength(0);
	});

	it('255 printable characters are sent', async () => {
		const id = await endpointId();
		const key = `${'~ !'.repeat(84)}abc`;
		expect(key).toHaveLength(255);
		await fullStoryRequest(contextFor().context, update(id, key), parseEndpoint);
		expect((await posts())[0].headers['idempotency-key']).toBe(key);
	});

	it('a key that holds the API key, without naming either', async () => {
		const { context, requests } = contextFor();
		const error = await operationRejection(fullStoryRequest(context, update('abc', `x-${emulator.adminKey}`), parseEndpoint));
		expect(error.message).toBe('The idempotency key contains the API key');
		expect(JSON.stringify(error)).not.toContain(emulator.adminKey);
		expect(requests).toHaveLength(0);
	});
});
