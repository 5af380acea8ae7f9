/**
 * FullStory's retries (fullstory-api.md §5.2) over real HTTP: which answers are retried, when the retries
 * come, how they are signed, and when a delivery settles. The schedule is compressed with retryTimeScale.
 */
import { retryDelayMs } from '../../emulator/deliveries/retryPolicy';
import type { DeliveryRequest, DeliveryResult } from '../../emulator/deliveries/types';
import type { ReceiverReply } from './receiver';
import { signatureParts, verifies } from './signatureHeader';
import { endpointOf } from './wire';
import { useDeliveryRig } from './deliveryRig';

/** 5 hours become 18 s; the first retries come 10, 20, 40 ms after a failure. */
const FAST = 0.001;
const SECRET = 'retry-secret';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

describe('delivery retries (fullstory-api.md §5.2)', () => {
	const rig = useDeliveryRig({}, async ({ emulator }) => {
		await emulator.client.configure({ retryTimeScale: FAST });
	});
	let nextPath = 0;

	/** A fresh endpoint whose receiver answers `replies` in turn; then one delivery to it, retries on. */
	async function deliverAgainst(
		replies: ReceiverReply[],
		request: Partial<DeliveryRequest> = { retry: true },
	): Promise<{ path: string; result: DeliveryResult }> {
		nextPath += 1;
		const path = `/retry-${nextPath}`;
		rig.receiver.respondWith(replies, path);
		const reply = await rig.emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: `${rig.receiver.url}${path}`, secret: SECRET, eventTypes: [{ eventName: 'note.created' }] },
		});
		const endpointId = endpointOf(reply.body).id;
		const result = await rig.emulator.client.deliver({ eventName: 'note.created', target: { endpointId }, ...request });
		return { path, result };
	}

	async function settled() {
		return await rig.emulator.client.waitForDeliveriesSettled({ timeoutMs: 15_000 });
	}

	describe('retried: a timeout, a network error, 500–599, 429, 302, 303, 307', () => {
		it.each([500, 503, 599, 429, 302, 303, 307])('%s, until the receiver accepts', async (status) => {
			const { path, result } = await deliverAgainst([status, status, 200]);
			const [first] = result.deliveries[0].attempts;
			expect(first).toMatchObject({ status, nextAttemptAt: expect.any(String) });

			expect(await settled()).toEqual([
				{
					deliveryId: first.deliveryId,
					orgId: rig.emulator.orgId,
					eventName: 'note.created',
					endpointId: result.deliveries[0].endpointId,
					url: `${rig.receiver.url}${path}`,
					retry: true,
					state: 'succeeded',
					attempts: 3,
					lastStatus: 200,
				},
			]);
			const log = await rig.emulator.client.deliveries();
			expect(log.map(({ deliveryId, attempt, status: answered }) => [deliveryId, attempt, answered])).toEqual([
				[first.deliveryId, 1, status],
				[first.deliveryId, 2, status],
				[first.deliveryId, 3, 200],
			]);
			const received = rig.receiver.receivedAt(path);
			expect(received).toHaveLength(3);
			expect(new Set(received.map((request) => request.rawBody.toString('base64')))).toEqual(
				new Set([Buffer.from(result.body).toString('base64')]),
			);
		});

		it('a timeout (deliveryTimeoutMs)', async () => {
			await rig.emulator.client.configure({ deliveryTimeoutMs: 100 });
			const { path, result } = await deliverAgainst(['hang', 200]);
			expect(result.deliveries[0].attempts[0]).toMatchObject({ error: 'ETIMEDOUT', nextAttemptAt: expect.any(String) });
			expect(await settled()).toMatchObject([{ state: 'succeeded', attempts: 2, lastStatus: 200 }]);
			expect(rig.receiver.receivedAt(path)).toHaveLength(2);
			expect((await rig.emulator.client.deliveries()).map((entry) => entry.error)).toEqual(['ETIMEDOUT', undefined]);
		});

		it('a connection dropped without an answer', async () => {
			const { path, result } = await deliverAgainst(['drop', 'drop', 200]);
			expect(result.deliveries[0].attempts[0]).toMatchObject({ error: 'ECONNRESET' });
			expect(await settled()).toMatchObject([{ state: 'succeeded', attempts: 3 }]);
			expect(rig.receiver.receivedAt(path)).toHaveLength(3);
		});
	});

	describe('not retried: any other answer is final', () => {
		it.each([400, 401, 403, 404, 410, 301, 308])('%s', async (status) => {
			const { path, result } = await deliverAgainst([status, 200]);
			expect(result.deliveries[0].attempts[0]).toEqual({
				deliveryId: expect.any(String),
				signature: expect.any(String),
				status,
				responseBody: 'ok',
			});
			expect(await settled()).toMatchObject([{ state: 'failed', attempts: 1, lastStatus: status }]);
			await sleep(retryDelayMs(1, FAST) * 5);
			expect(rig.receiver.receivedAt(path)).toHaveLength(1);
		});

		it('a success ends the retries', async () => {
			const { path } = await deliverAgainst([500, 200, 500]);
			expect(await settled()).toMatchObject([{ state: 'succeeded', attempts: 2 }]);
			await sleep(retryDelayMs(2, FAST) * 5);
			expect(rig.receiver.receivedAt(path)).toHaveLength(2);
		});
	});

	it('gives up after 30 retries (31 attempts)', async () => {
		await rig.emulator.client.configure({ retryTimeScale: 0.0001 });
		const { path, result } = await deliverAgainst([500]);
		expect(await settled()).toMatchObject([{ state: 'gaveUp', attempts: 31, lastStatus: 500 }]);
		expect(rig.receiver.receivedAt(path)).toHaveLength(31);
		const log = await rig.emulator.client.deliveries();
		expect(log.map((entry) => entry.attempt)).toEqual(Array.from({ length: 31 }, (_, index) => index + 1));
		expect(new Set(log.map((entry) => entry.deliveryId))).toEqual(new Set([result.deliveries[0].attempts[0].deliveryId]));
		await sleep(50);
		expect(rig.receiver.receivedAt(path)).toHaveLength(31);
	});

	it('waits as the compressed schedule says between attempts', async () => {
		const failures = 8;
		const started = Date.now();
		const { path, result } = await deliverAgainst([...Array<number>(failures).fill(500), 200]);
		const firstDue = Date.parse(result.deliveries[0].attempts[0].nextAttemptAt ?? '');
		expect(firstDue - started).toBeGreaterThanOrEqual(retryDelayMs(1, FAST) - 1);
		expect(firstDue - Date.now()).toBeLessThanOrEqual(retryDelayMs(1, FAST) + 1);

		expect(await settled()).toMatchObject([{ state: 'succeeded', attempts: failures + 1 }]);
		const arrivals = rig.receiver.receivedAt(path).map((request) => request.at);
		const gaps = arrivals.slice(1).map((at, index) => at - arrivals[index]);
		const expected = gaps.map((_, index) => retryDelayMs(index + 1, FAST));
		expect(expected).toEqual([10, 20, 40, 80, 160, 320, 640, 720]);
		gaps.forEach((gap, index) => {
			// Never early (timers may round down a millisecond); late only by the attempt itself and the event loop.
			expect(gap).toBeGreaterThanOrEqual(expected[index] - 1);
			expect(gap).toBeLessThanOrEqual(expected[index] + 150);
		});
	});

	describe('the signature of a retry (config retrySignature)', () => {
		it("'same' (the default): the first attempt's t and signature, byte for byte", async () => {
			const { path, result } = await deliverAgainst([500, 503, 200]);
			await settled();
			const headers = rig.receiver.receivedAt(path).map((request) => request.headers['fullstory-signature']);
			expect(headers).toEqual([result.deliveries[0].signature, result.deliveries[0].signature, result.deliveries[0].signature]);
			expect(rig.receiver.receivedAt(path).every((request) => verifies(request, SECRET))).toBe(true);
		});

		it("'fresh': every retry signed again with a later t, still verifying", async () => {
			await rig.emulator.client.configure({ retrySignature: 'fresh' });
			const { path } = await deliverAgainst([500, 503, 200]);
			await settled();
			const received = rig.receiver.receivedAt(path);
			const stamps = received.map((request) => Number(signatureParts(request.headers['fullstory-signature']).t));
			expect(stamps[1]).toBeGreaterThan(stamps[0]);
			expect(stamps[2]).toBeGreaterThan(stamps[1]);
			expect(received.every((request) => verifies(request, SECRET))).toBe(true);
			expect(new Set(received.map((request) => request.rawBody.toString('base64'))).size).toBe(1);
			const log = await rig.emulator.client.deliveries();
			expect(log.map((entry) => entry.headers['Fullstory-Signature'])).toEqual(
				received.map((request) => request.headers['fullstory-signature']),
			);
		});
	});

	describe('turning retries on', () => {
		it('off by default: one attempt, settled as failed', async () => {
			const { path, result } = await deliverAgainst([500, 200], {});
			expect(result.deliveries[0].attempts[0].nextAttemptAt).toBeUndefined();
			expect(await settled()).toMatchObject([{ retry: false, state: 'failed', attempts: 1 }]);
			await sleep(retryDelayMs(1, FAST) * 5);
			expect(rig.receiver.receivedAt(path)).toHaveLength(1);
		});

		it('config deliveryRetries "fullstory" turns them on for every delivery', async () => {
			await rig.emulator.client.configure({ deliveryRetries: 'fullstory' });
			await deliverAgainst([500, 200], {});
			expect(await settled()).toMatchObject([{ retry: true, state: 'succeeded', attempts: 2 }]);
		});

		it('a request’s retry: false overrides the config', async () => {
			await rig.emulator.client.configure({ deliveryRetries: 'fullstory' });
			await deliverAgainst([500, 200], { retry: false });
			expect(await settled()).toMatchObject([{ retry: false, state: 'failed', attempts: 1 }]);
		});

		it('each copy (options.times) is a delivery of its own, retried on its own', async () => {
			const { result } = await deliverAgainst([500, 200], { retry: true, options: { times: 2 } });
			const [first, second] = result.deliveries[0].attempts;
			expect(first).toMatchObject({ status: 500, nextAttemptAt: expect.any(String) });
			expect(second).toMatchObject({ status: 200 });
			expect(first.deliveryId).not.toBe(second.deliveryId);
			const statuses = await settled();
			expect(statuses.map(({ deliveryId, state, attempts }) => ({ deliveryId, state, attempts }))).toEqual([
				{ deliveryId: first.deliveryId, state: 'succeeded', attempts: 2 },
				{ deliveryId: second.deliveryId, state: 'succeeded', attempts: 1 },
			]);
		});

		it('a dropped delivery is never sent, so never retried', async () => {
			const { path } = await deliverAgainst([500], { retry: true, options: { drop: true } });
			expect(await settled()).toMatchObject([{ state: 'dropped', attempts: 0 }]);
			expect(await rig.emulator.client.deliveries()).toMatchObject([{ attempt: 1, dropped: true }]);
			expect(rig.receiver.receivedAt(path)).toHaveLength(0);
		});
	});

	it.each([
		['/__emulator/config', 'POST', { retryTimeScale: 0 }, 'retryTimeScale'],
		['/__emulator/config', 'POST', { retryTimeScale: 2 }, 'retryTimeScale'],
		['/__emulator/config', 'POST', { deliveryRetries: 'always' }, 'deliveryRetries'],
		['/__emulator/config', 'POST', { retrySignature: 'new' }, 'retrySignature'],
		['/__emulator/deliver', 'POST', { eventName: 'note.created', retry: 'yes' }, 'retry must be a boolean'],
		['/__emulator/deliveries/status?waitMs=-1', 'GET', undefined, 'waitMs'],
		['/__emulator/deliveries/status?waitMs=30001', 'GET', undefined, 'waitMs'],
	])('refuses %s %j with 400 naming the field', async (path, method, body, fragment) => {
		const reply = await rig.emulator.api(method, path, { key: null, body });
		expect(reply.status).toBe(400);
		expect(reply.body).toMatchObject({ message: expect.stringContaining(fragment) });
	});
});
