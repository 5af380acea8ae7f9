/**
 * One retry budget per n8n context object (RETRY_BUDGET: 6 retries, 90 s of waiting): a paged
 * listing and a chain of calls made through one context stop when it is spent, with an error that
 * says so, and another context (another execution or activation) has a full budget of its own.
 * Waits are recorded instead of slept, so the budget's time cap is tested without waiting for it.
 */
import type { IHttpRequestOptions } from 'n8n-workflow';

import { getKeyIdentity } from '../nodes/api/account/me';
import { createEndpoint, listEndpoints, listEventTypes, listSubcategories } from '../nodes/api/webhooks/api';
import { isRecord } from '../nodes/transport/guards';
import { retryBudgetOf } from '../nodes/transport/budget';
import { RETRY_BUDGET } from '../nodes/transport/policy';
import type { FakeContext } from './helpers/context';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { apiRejection } from './helpers/rejection';

/** Every wait the transport asked for, in ms. */
const mockWaits: number[] = [];

jest.mock('n8n-workflow', () => ({
	...jest.requireActual<object>('n8n-workflow'),
	sleep: async (ms: number) => {
		mockWaits.push(ms);
	},
}));

const emulator = useTestEmulator();
const EVENT_TYPES = '/webhooks/v1/event-types';

beforeEach(() => {
	mockWaits.length = 0;
});

function contextFor(): FakeContext {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.adminKey) });
}

async function statuses(): Promise<Array<number | null>> {
	return (await emulator.client.requests()).map((entry) => entry.status);
}

it('the numbers: 6 retries and 90 s of waiting per context, plus 1 retry and 2 s per input item after the first, at most 2,000 and 15 minutes', () => {
	expect(RETRY_BUDGET).toEqual({ maxRetries: 6, maxWaitMs: 90_000, perItem: { retries: 1, waitMs: 2_000 }, ceiling: { retries: 2_000, waitMs: 900_000 } });
});

it("an execution's budget grows with its input items; hooks and lists get the base", () => {
	const execution = (items: number) => ({ getInputData: () => Array.from({ length: items }, () => ({ json: {} })) });
	expect(retryBudgetOf(execution(1))).toMatchObject({ maxRetries: 6, maxWaitMs: 90_000 });
	expect(retryBudgetOf(execution(50))).toMatchObject({ maxRetries: 55, maxWaitMs: 188_000 });
	expect(retryBudgetOf(execution(10_000))).toMatchObject({ maxRetries: 2_000, maxWaitMs: 900_000 });
	expect(retryBudgetOf({})).toMatchObject({ maxRetries: 6, maxWaitMs: 90_000 });
	expect(retryBudgetOf({ getInputData: () => { throw new Error('no input here'); } })).toMatchObject({ maxRetries: 6 });
});

describe('a paged listing shares one budget across its pages', () => {
	/** FullStory answers the first attempt at each page 429 (Retry-After 1 s), and the retry with the page. */
	function rateLimitEachPageOnce(fake: FakeContext): void {
		const send = fake.context.helpers.httpRequestWithAuthentication;
		let lastWasRateLimited = false;
		fake.context.helpers.httpRequestWithAuthentication = async function (type: string, options: IHttpRequestOptions) {
			if (!lastWasRateLimited) await emulator.client.injectFault({ kind: 'status429', count: 1, retryAfterSeconds: 1 });
			const response: unknown = await send.call(this, type, options);
			lastWasRateLimited = isRecord(response) && response.statusCode === 429;
			return response;
		};
	}

	it('seven pages, each rate limited once: six pages are read, the seventh is refused by the budget', async () => {
		await emulator.client.setCatalog({ generateSubcategories: { 'recording.event.custom': 7000 } });
		const fake = contextFor();
		rateLimitEachPageOnce(fake);
		const error = await apiRejection(listSubcategories(fake.context, 'recording.event.custom'));
		expect(error.httpCode).toBe('429');
		expect(error.message).toBe('FullStory kept answering 429 (too many requests); gave up after 6 retries and 6 s in this execution');
		expect(error.description).toBe(
			'This node retries at most 6 times and waits at most 90 s in all in this execution (6 retries and 90 s, plus 1 and 2 s per input item after the first; per activation for the trigger), so that a struggling FullStory cannot hold the workflow up. Run it again in a few minutes, or make fewer FullStory calls at once.',
		);
		expect(await statuses()).toEqual([...Array.from({ length: 6 }, () => [429, 200]).flat(), 429]);
		expect(mockWaits).toEqual(Array.from({ length: 6 }, () => 1000));
	});
});

describe('a chain of calls through one context (an activation) shares one budget', () => {
	it("GET /me, event types, endpoints, then the create: the budget runs out at the listing, and nothing is created", async () => {
		await emulator.client.injectFault({ method: 'GET', path: '/me', kind: 'status429', count: 3, retryAfterSeconds: 1 });
		await emulator.client.injectFault({ method: 'GET', path: EVENT_TYPES, kind: 'status500', count: 2 });
		await emulator.client.injectFault({ method: 'GET', path: '/webhooks/v1/endpoints', kind: 'status429', count: 2, retryAfterSeconds: 1 });
		const { context } = contextFor();

		// Each call alone stays within its own limits (3 rate-limit and 2 transient retries).
		await getKeyIdentity(context);
		await listEventTypes(context);
		const error = await apiRejection(
			(async () => {
				await listEndpoints(context);
				await createEndpoint(context, { url: 'https://n8n.example.com/webhook/chain', eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' });
			})(),
		);

		expect(error.message).toBe('FullStory kept answering 429 (too many requests); gave up after 6 retries and 5.5 s in this execution');
		// 3 × 1 s after the 429s, 0.5 s and 1 s of backoff after the 500s, 1 s after the first 429 of the listing.
		expect(mockWaits).toEqual([1000, 1000, 1000, 500, 1000, 1000]);
		expect(await statuses()).toEqual([429, 429, 429, 200, 500, 500, 200, 429, 429]);
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('calls whose answers never come: the same budget, and it says what happened', async () => {
		const { context } = contextFor();
		for (let call = 0; call < 3; call++) {
			await emulator.client.injectFault({ path: EVENT_TYPES, kind: 'drop', count: 2 });
			await listEventTypes(context);
		}
		await emulator.client.injectFault({ path: EVENT_TYPES, kind: 'drop', count: 1 });
		const error = await apiRejection(listEventTypes(context));
		expect(error.message).toBe(
			'FullStory kept failing to answer (the connection was closed before FullStory answered); gave up after 6 retries and 4.5 s in this execution',
		);
		expect(error.httpCode).toBeNull();
	});

	it('the time cap: two waits of 40 s fit in 90 s, a third does not', async () => {
		await emulator.client.injectFault({ path: '/me', kind: 'status429', count: 3, retryAfterSeconds: 40 });
		const error = await apiRejection(getKeyIdentity(contextFor().context));
		expect(error.message).toBe('FullStory kept answering 429 (too many requests); gave up after 2 retries and 80 s in this execution');
		expect(mockWaits).toEqual([40_000, 40_000]);
		expect(await statuses()).toEqual([429, 429, 429]);
	});
});

describe('each context has a budget of its own', () => {
	/** Two calls through `context`, each rate limited three times (its own limit): six retries. */
	async function spendTheBudget(context: FakeContext['context']): Promise<void> {
		for (let call = 0; call < 2; call++) {
			await emulator.client.injectFault({ path: EVENT_TYPES, kind: 'status429', count: 3, retryAfterSeconds: 0 });
			await listEventTypes(context);
		}
	}

	it('a second execution retries in full after the first spent its budget', async () => {
		const first = contextFor().context;
		const second = contextFor().context;
		await spendTheBudget(first);

		await emulator.client.injectFault({ path: EVENT_TYPES, kind: 'status429', count: 1, retryAfterSeconds: 0 });
		const error = await apiRejection(listEventTypes(first));
		expect(error.message).toBe('FullStory kept answering 429 (too many requests); gave up after 6 retries and 0 s in this execution');

		await expect(spendTheBudget(second)).resolves.toBeUndefined();
		expect((await statuses()).filter((status) => status === 429)).toHaveLength(13);
	});
});

describe('the GET /me behind a 403 stays within the budget', () => {
	it('with the budget spent, /me is asked once and not retried: the 403 comes out, without the role', async () => {
		await emulator.client.injectFault({ path: '/me', kind: 'status429', count: 10, retryAfterSeconds: 1 });
		const { context } = createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.standardKey) });
		// Two look-ups of /me spend the six retries (3 rate-limit retries each).
		for (let call = 0; call < 2; call++) await apiRejection(getKeyIdentity(context));
		const error = await apiRejection(listEventTypes(context));
		expect(error.httpCode).toBe('403');
		expect(error.message).toBe('This FullStory API key is not allowed to do that: it needs an Admin or Architect key (403 forbidden)');
		expect(mockWaits).toEqual(Array.from({ length: 6 }, () => 1000));
		expect((await emulator.client.requests()).slice(-2).map((entry) => `${entry.path} ${entry.status}`)).toEqual([`${EVENT_TYPES} 403`, '/me 429']);
	});
});
