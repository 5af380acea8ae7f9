/**
 * Every delivery from its first attempt until it settles. It owns the retry timers and the abort signal
 * of every attempt, so a reset or close cancels all of them at once: no timer outlives the emulator, and
 * nothing started before a reset lands in the log after it.
 */
import { setMaxListeners } from 'node:events';

import type { PostOutcome } from './post';
import type { DeliveryState, DeliveryStatus, DeliveryStatusReport } from './types';

/** Statuses kept for reading back (the oldest settled ones go first; pending ones always stay), as in seqLog.ts. */
const MAX_STATUSES = 10_000;

export interface TrackedDelivery {
	readonly deliveryId: string;
	/** Aborted when the delivery is cancelled (reset, close): its attempt in flight ends and nothing follows. */
	readonly signal: AbortSignal;
}

export type NewDelivery = Pick<DeliveryStatus, 'orgId' | 'eventName' | 'endpointId' | 'url' | 'retry'>;

/** Every attempt in flight listens on this one signal: a burst of deliveries is many listeners by design. */
function cancellation(): AbortController {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	return controller;
}

export class DeliveryTracker {
	/** In the order the deliveries started. */
	private statuses = new Map<string, DeliveryStatus>();

	private timers = new Map<string, NodeJS.Timeout>();

	/** Long-polls waiting for the pending count to reach zero. */
	private waiters = new Set<() => void>();

	private cancelling = cancellation();

	private closed = false;

	private lastId = 0;

	open(fields: NewDelivery): TrackedDelivery {
		this.lastId += 1;
		const deliveryId = `delivery-${this.lastId}`;
		this.statuses.set(deliveryId, { deliveryId, ...fields, state: 'pending', attempts: 0 });
		this.evictSettled();
		return { deliveryId, signal: this.cancelling.signal };
	}

	/** Counts an attempt that reached the wire and ended. */
	attempted(delivery: TrackedDelivery, outcome: PostOutcome): void {
		const status = this.live(delivery);
		if (status === undefined) return;
		status.attempts += 1;
		delete status.lastStatus;
		delete status.lastError;
		if (outcome.status !== undefined) status.lastStatus = outcome.status;
		if (outcome.error !== undefined) status.lastError = outcome.error;
	}

	settle(delivery: TrackedDelivery, state: Exclude<DeliveryState, 'pending'>): void {
		const status = this.live(delivery);
		if (status === undefined) return;
		status.state = state;
		delete status.nextAttemptAt;
		this.wakeIfSettled();
	}

	/** Runs `attempt` after `delayMs` unless the delivery is cancelled first; returns when it is due. */
	retryLater(delivery: TrackedDelivery, delayMs: number, attempt: () => Promise<void>): string | undefined {
		const status = this.live(delivery);
		if (status === undefined) return undefined;
		const dueAt = new Date(Date.now() + delayMs).toISOString();
		status.nextAttemptAt = dueAt;
		const timer = setTimeout(() => {
			this.timers.delete(delivery.deliveryId);
			delete status.nextAttemptAt;
			attempt().catch((error: unknown) => {
				// A bug, not a receiver's failure: say so loudly, and do not leave the delivery pending forever.
				console.error('FullStory emulator: a delivery retry failed', error);
				this.settle(delivery, 'failed');
			});
		}, delayMs);
		this.timers.set(delivery.deliveryId, timer);
		return dueAt;
	}

	pendingCount(): number {
		let pending = 0;
		for (const status of this.statuses.values()) if (status.state === 'pending') pending += 1;
		return pending;
	}

	report(): DeliveryStatusReport {
		const deliveries = [...this.statuses.values()].map((status) => ({ ...status }));
		return { pending: deliveries.filter((status) => status.state === 'pending').length, deliveries };
	}

	/** Resolves once nothing is pending, or after `maxMs`, whichever comes first (a long-poll). */
	async waitUntilSettled(maxMs: number): Promise<void> {
		if (maxMs <= 0 || this.pendingCount() === 0) return;
		await new Promise<void>((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.waiters.delete(wake);
				resolve();
			};
			const timer = setTimeout(wake, maxMs);
			this.waiters.add(wake);
		});
	}

	/** Clearing the log forgets finished deliveries; pending ones stay, since their retries still come. */
	forgetSettled(): void {
		for (const [id, status] of this.statuses) if (status.state !== 'pending') this.statuses.delete(id);
	}

	/** A reset: every delivery is forgotten, its attempt in flight aborted and its retry never sent. */
	cancelAll(): void {
		this.cancelling.abort();
		this.cancelling = cancellation();
		// After close, even a delivery started by a request still being answered is born cancelled.
		if (this.closed) this.cancelling.abort();
		for (const timer of this.timers.values()) clearTimeout(timer);
		this.timers.clear();
		this.statuses.clear();
		this.wakeIfSettled();
	}

	close(): void {
		this.closed = true;
		this.cancelAll();
	}

	/** A cancelled delivery's status is gone (reset) or no longer matters (close). */
	private live(delivery: TrackedDelivery): DeliveryStatus | undefined {
		return delivery.signal.aborted ? undefined : this.statuses.get(delivery.deliveryId);
	}

	private wakeIfSettled(): void {
		if (this.waiters.size === 0 || this.pendingCount() > 0) return;
		for (const wake of [...this.waiters]) wake();
	}

	private evictSettled(): void {
		if (this.statuses.size <= MAX_STATUSES) return;
		for (const [id, status] of this.statuses) {
			if (status.state !== 'pending') this.statuses.delete(id);
			if (this.statuses.size <= MAX_STATUSES) return;
		}
	}
}
