/**
 * A DELETE whose answer was lost, over real HTTP. The transport retries a DELETE after no answer
 * or a 5xx; when that retry finds the endpoint gone, the attempt whose answer was lost most likely
 * deleted it, so both delete functions count it as deleted. A 404 with no such attempt before it
 * (on the first try, or after a 429, which did nothing) still means the endpoint was not there.
 */
import { createEndpoint, deleteEndpoint, deleteEndpointIfPresent } from '../nodes/api/webhooks/api';
import { endpointPath } from '../nodes/api/webhooks/paths';
import { acceptAnyBody } from '../nodes/transport/guards';
import { attemptFullStoryRequest } from '../nodes/transport/request';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { apiRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

const DELETES = { method: 'DELETE', path: '/webhooks/v1/endpoints/*' };
/** base64url of a URL no endpoint is registered for. */
const MISSING_ID = 'bm8tc3VjaC1lbmRwb2ludA';

const emulator = useTestEmulator();

function contextFor(requestTimeoutMs?: number) {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.adminKey), requestTimeoutMs }).context;
}

async function registeredEndpointId(): Promise<string> {
	const endpoint = await createEndpoint(contextFor(), {
		url: 'https://n8n.example.com/webhook/lost-answer',
		eventTypes: [{ eventName: 'note.created' }],
		secret: 's3cret-value',
	});
	await emulator.client.clearRequests();
	return endpoint.id;
}

async function deleteStatuses(): Promise<Array<number | null>> {
	return (await emulator.client.requests()).filter((entry) => entry.method === 'DELETE').map((entry) => entry.status);
}

describe('a DELETE whose answer was lost, then 404 on the retry, counts as deleted', () => {
	it('deleteEndpoint (the action) succeeds when the connection dropped after the delete', async () => {
		const id = await registeredEndpointId();
		await emulator.client.injectFault({ ...DELETES, kind: 'dropAfter', count: 1 });
		await expect(deleteEndpoint(contextFor(), id)).resolves.toBeUndefined();
		expect(await deleteStatuses()).toEqual([null, 404]);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('deleteEndpointIfPresent (the trigger) answers deleted, not "was already gone"', async () => {
		const id = await registeredEndpointId();
		await emulator.client.injectFault({ ...DELETES, kind: 'dropAfter', count: 1 });
		expect(await deleteEndpointIfPresent(contextFor(), id)).toBe(true);
		expect(await deleteStatuses()).toEqual([null, 404]);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('the same after a timeout: FullStory carried out the delete after the node gave up', async () => {
		const id = await registeredEndpointId();
		// The hung delete completes at 300 ms, the retry goes out after the 100 ms timeout and 500 ms of backoff.
		await emulator.client.injectFault({ ...DELETES, kind: 'hang', count: 1, hangMs: 300 });
		expect(await deleteEndpointIfPresent(contextFor(100), id)).toBe(true);
		expect(await deleteStatuses()).toEqual([200, 404]);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('the same after a 5xx from a server that had deleted it anyway', async () => {
		const seen: string[] = [];
		let present = true;
		const answer = (method = '', url = '') => {
			seen.push(`${method} ${url}`);
			// Deletes on the first call but fails to say so; from then on the endpoint is gone.
			const status = present ? 503 : 404;
			present = false;
			return status;
		};
		await withLocalServer(
			(request, response) =>
				response
					.writeHead(answer(request.method, request.url), { 'content-type': 'application/json' })
					.end(JSON.stringify({ message: 'gone', code: 'not_found' })),
			async (origin) => {
				const { context } = createContext({ credentials: emulatorCredentials(origin, 'key') });
				expect(await deleteEndpointIfPresent(context, 'abc')).toBe(true);
				present = true;
				await expect(deleteEndpoint(context, 'abc')).resolves.toBeUndefined();
				expect(seen).toEqual(Array.from({ length: 4 }, () => 'DELETE /webhooks/v1/endpoints/abc'));
			},
		);
	});
});

describe('a 404 with no lost answer before it is still "not found"', () => {
	it('on the first attempt: deleteEndpoint names the missing endpoint, deleteEndpointIfPresent answers false', async () => {
		const error = await apiRejection(deleteEndpoint(contextFor(), MISSING_ID));
		expect(error.httpCode).toBe('404');
		expect(error.message).toBe(`FullStory has no webhook endpoint with ID "${MISSING_ID}" (404)`);
		expect(await deleteEndpointIfPresent(contextFor(), MISSING_ID)).toBe(false);
		expect(await deleteStatuses()).toEqual([404, 404]);
	});

	it('after a 429: a rate-limited attempt did nothing, so the 404 is news', async () => {
		const rateLimitOnce = async () =>
			await emulator.client.injectFault({ ...DELETES, kind: 'status429', count: 1, retryAfterSeconds: 0 });
		await rateLimitOnce();
		const error = await apiRejection(deleteEndpoint(contextFor(), MISSING_ID));
		expect(error.message).toBe(`FullStory has no webhook endpoint with ID "${MISSING_ID}" (404)`);
		await rateLimitOnce();
		expect(await deleteEndpointIfPresent(contextFor(), MISSING_ID)).toBe(false);
		expect(await deleteStatuses()).toEqual([429, 404, 429, 404]);
	});
});

describe('the Outcome says whether a retry followed an uncertain attempt', () => {
	const remove = (id: string) =>
		attemptFullStoryRequest(contextFor(), { method: 'DELETE', path: endpointPath(id), expected: 'a delete confirmation' }, acceptAnyBody);

	it('no: a plain 404', async () => {
		expect(await remove(MISSING_ID)).toMatchObject({ ok: false, status: 404, retriedAfterUncertainAttempt: false });
	});

	it('yes: a 404 after a 500', async () => {
		await emulator.client.injectFault({ ...DELETES, kind: 'status500', count: 1 });
		expect(await remove(MISSING_ID)).toMatchObject({ ok: false, status: 404, retriedAfterUncertainAttempt: true });
	});

	it('yes: the final failure after every retry of a dropped connection', async () => {
		await emulator.client.injectFault({ ...DELETES, kind: 'drop', count: 3 });
		const outcome = await remove(MISSING_ID);
		expect(outcome).toMatchObject({ ok: false, status: undefined, retriedAfterUncertainAttempt: true });
		expect(await deleteStatuses()).toEqual([null, null, null]);
	});
});
