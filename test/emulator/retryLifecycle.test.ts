/**
 * Retries in the background: `POST /deliver` does not wait for them, a long-poll waits until they settle,
 * a reset cancels them, close leaves no timer behind, and a burst of deliveries retries independently.
 */
import { retryDelayMs } from '../../emulator/deliveries/retryPolicy';
import type { DeliveryResult } from '../../emulator/deliveries/types';
import { startTestEmulator } from '../helpers/emulator';
import { startReceiver, type ReceiverReply, type ReplyChooser } from './receiver';
import { endpointOf } from './wire';
import { useDeliveryRig } from './deliveryRig';

const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/** Timers keeping the event loop alive: the emulator's retry, long-poll and attempt timers among them. */
const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(5);
	}
}

/** Runs `task` over `items` with at most `concurrency` in flight, keeping the order of the results. */
async function mapConcurrently<T, R>(items: T[], concurrency: number, task: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index]);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return results;
}

describe('retries in the background', () => {
	const rig = useDeliveryRig({ deliveryRetries: 'fullstory' });
	let nextPath = 0;

	/** A fresh endpoint answering as `replies` says; returns its target for deliveries and its path. */
	async function endpointAnswering(
		replies: ReceiverReply[] | ReplyChooser,
	): Promise<{ path: string; target: { endpointId: string } }> {
		nextPath += 1;
		const path = `/background-${nextPath}`;
		rig.receiver.respondWith(replies, path);
		const reply = await rig.emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: `${rig.receiver.url}${path}`, secret: 's', eventTypes: [{ eventName: 'note.created' }] },
		});
		return { path, target: { endpointId: endpointOf(reply.body).id } };
	}

	async function deliverTo(target: { endpointId: string }): Promise<DeliveryResult> {
		return await rig.emulator.client.deliver({ eventName: 'note.created', target });
	}

	it('answers POST /deliver after the first attempt, with the retry due at real speed (10 s)', async () => {
		const { target } = await endpointAnswering([500]);
		const sent = Date.now();
		const result = await deliverTo(target);
		expect(Date.now() - sent).toBeLessThan(2000);
		const due = Date.parse(result.deliveries[0].attempts[0].nextAttemptAt ?? '');
		expect(due - sent).toBeGreaterThanOrEqual(retryDelayMs(1, 1) - 1);
		expect(due - Date.now()).toBeLessThanOrEqual(retryDelayMs(1, 1));

		const report = await rig.emulator.client.deliveryStatus();
		expect(report).toEqual({
			pending: 1,
			deliveries: [expect.objectContaining({ state: 'pending', attempts: 1, lastStatus: 500, nextAttemptAt: expect.any(String) })],
		});
	});

	it('the long-poll holds until its waitMs while a retry is pending; the client wait then fails naming it', async () => {
		const { target } = await endpointAnswering([500]);
		await deliverTo(target);
		const polled = Date.now();
		expect((await rig.emulator.client.deliveryStatus({ waitMs: 200 })).pending).toBe(1);
		expect(Date.now() - polled).toBeGreaterThanOrEqual(190);
		const error = await rig.emulator.client.waitForDeliveriesSettled({ timeoutMs: 200 }).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ message: expect.stringMatching(/^1 deliveries still pending after 200 ms \(next retry due /) });
	});

	it('the long-poll answers as soon as the last retry settles, not at its waitMs', async () => {
		await rig.emulator.client.configure({ retryTimeScale: 0.01 });
		const { target } = await endpointAnswering([500, 200]);
		await deliverTo(target);
		const polled = Date.now();
		const report = await rig.emulator.client.deliveryStatus({ waitMs: 10_000 });
		expect(Date.now() - polled).toBeLessThan(2000);
		expect(report).toMatchObject({ pending: 0, deliveries: [{ state: 'succeeded', attempts: 2 }] });
	});

	it('a reset cancels pending retries: none is sent, nothing is logged', async () => {
		await rig.emulator.client.configure({ retryTimeScale: 0.01 });
		const { path, target } = await endpointAnswering([500]);
		await deliverTo(target);
		expect((await rig.emulator.client.deliveryStatus()).pending).toBe(1);

		await rig.emulator.client.reset();
		expect(await rig.emulator.client.deliveryStatus()).toEqual({ pending: 0, deliveries: [] });
		await sleep(retryDelayMs(1, 0.01) * 4);
		expect(rig.receiver.receivedAt(path)).toHaveLength(1);
		expect(await rig.emulator.client.deliveries()).toEqual([]);
	});

	it('a reset aborts an attempt in flight; its answer reports it, the log after the reset does not', async () => {
		const { path, target } = await endpointAnswering(['hang']);
		const answer = deliverTo(target);
		await until(() => rig.receiver.receivedAt(path).length === 1);
		await rig.emulator.client.reset();
		const result = await answer;
		expect(result.deliveries[0].attempts[0]).toMatchObject({ error: expect.any(String) });
		expect(result.deliveries[0].attempts[0].nextAttemptAt).toBeUndefined();
		expect(await rig.emulator.client.deliveries()).toEqual([]);
		expect((await rig.emulator.client.deliveryStatus()).pending).toBe(0);
	});

	it('clearing the log keeps pending deliveries, whose later attempts are logged', async () => {
		await rig.emulator.client.configure({ retryTimeScale: 0.01 });
		const settledTarget = (await endpointAnswering([200])).target;
		await deliverTo(settledTarget);
		const { target } = await endpointAnswering([500, 200]);
		const result = await deliverTo(target);
		await rig.emulator.client.clearDeliveries();
		expect(await rig.emulator.client.deliveryStatus()).toMatchObject({ pending: 1, deliveries: [{ state: 'pending' }] });

		expect(await rig.emulator.client.waitForDeliveriesSettled({ timeoutMs: 5000 })).toMatchObject([
			{ deliveryId: result.deliveries[0].attempts[0].deliveryId, state: 'succeeded', attempts: 2 },
		]);
		expect((await rig.emulator.client.deliveries()).map((entry) => [entry.attempt, entry.status])).toEqual([[2, 200]]);
	});

	it('a burst of 1,000 deliveries, 16 in flight, each refused once with 503: every one retried to success', async () => {
		await rig.emulator.client.configure({ retryTimeScale: 0.001 });
		const burst = 1000;
		const seen = new Set<string>();
		const { path, target } = await endpointAnswering((request) => {
			const body = request.rawBody.toString('utf8');
			if (seen.has(body)) return 200;
			seen.add(body);
			return 503;
		});
		const results = await mapConcurrently(Array.from({ length: burst }), 16, async () => await deliverTo(target));
		const firsts = results.map((result) => result.deliveries[0].attempts[0]);
		expect(new Set(firsts.map((attempt) => attempt.deliveryId)).size).toBe(burst);
		expect(firsts.filter((attempt) => attempt.status !== 503 || attempt.nextAttemptAt === undefined)).toEqual([]);

		const statuses = await rig.emulator.client.waitForDeliveriesSettled({ timeoutMs: 20_000 });
		expect(statuses).toHaveLength(burst);
		expect(statuses.filter((status) => status.state !== 'succeeded' || status.attempts !== 2)).toEqual([]);
		expect(rig.receiver.receivedAt(path)).toHaveLength(2 * burst);
		const log = await rig.emulator.client.deliveries();
		expect(log).toHaveLength(2 * burst);
		expect(log.filter((entry) => entry.attempt === 2).map((entry) => entry.status)).toEqual(Array<number>(burst).fill(200));
	}, 30_000);
});

describe('stopping the emulator with retries pending', () => {
	it('ends every attempt in flight, pending retry and long-poll: no timer outlives stop()', async () => {
		const receiver = await startReceiver();
		const emulator = await startTestEmulator({ deliveryRetries: 'fullstory' });
		try {
			await emulator.client.configure({ deliveryTimeoutMs: 60_000 });
			const baseline = activeTimers();
			const endpoint = async (path: string) => {
				const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
					body: { url: `${receiver.url}${path}`, secret: 's', eventTypes: [{ eventName: 'note.created' }] },
				});
				return { endpointId: endpointOf(reply.body).id };
			};
			receiver.respondWith(500, '/failing');
			receiver.respondWith('hang', '/hanging');
			await emulator.client.deliver({ eventName: 'note.created', target: await endpoint('/failing') });
			const hanging = emulator.client
				.deliver({ eventName: 'note.created', target: await endpoint('/hanging') })
				.catch((error: unknown) => error);
			const longPoll = emulator.client.deliveryStatus({ waitMs: 30_000 }).catch((error: unknown) => error);
			await until(() => receiver.receivedAt('/hanging').length === 1);
			// The 10 s retry, the 60 s attempt timeout and the 30 s long-poll (once it reaches the server) all wait.
			await until(() => activeTimers() >= baseline + 3);

			await emulator.stop();
			await Promise.all([hanging, longPoll]);
			expect(activeTimers()).toBeLessThanOrEqual(baseline);
		} finally {
			await emulator.stop();
			await receiver.close();
		}
	});
});
