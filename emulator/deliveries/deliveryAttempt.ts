/**
 * One attempt of a tracked delivery and what follows it: send, log, then settle the delivery or schedule
 * its next attempt (retryPolicy.ts). A retry runs this again from a timer, long after `POST /deliver`
 * answered with the first attempt.
 */
import type { DeliveryTracker, TrackedDelivery } from './deliveryTracker';
import { postRaw, type PostOutcome } from './post';
import { nextStep } from './retryPolicy';
import type { SeqLog } from '../state/seqLog';
import { SIGNATURE_HEADER } from './sign';
import type { RetrySignature } from '../state/config';
import type { DeliveryLogEntry } from './types';

export interface DeliveryDeps {
	log: SeqLog<DeliveryLogEntry>;
	tracker: DeliveryTracker;
	timeoutMs: number;
	/** The wait multiplier when FullStory's retries are on; undefined: one attempt per delivery. */
	retryTimeScale: number | undefined;
	retrySignature: RetrySignature;
}

/** What stays the same across one delivery's attempts. */
export interface DeliveryRun {
	delivery: TrackedDelivery;
	/** The part of each log entry that every attempt shares. */
	about: Pick<DeliveryLogEntry, 'orgId' | 'eventName' | 'endpointId' | 'url' | 'body'>;
	bytes: Buffer;
	/** `options.headerName`: the signature under another header. */
	headerName: string | undefined;
	/** The signature header value of the next retry: the first one again, or a fresh one (config retrySignature). */
	retrySignature: () => string | null;
	deps: DeliveryDeps;
}

/** How an attempt ended, and when the next one is due if a retry follows. */
export interface AttemptReport extends PostOutcome {
	nextAttemptAt?: string;
}

export function requestHeaders(run: DeliveryRun, signature: string | null): Record<string, string> {
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'Content-Length': String(run.bytes.length),
	};
	if (signature !== null) headers[run.headerName ?? SIGNATURE_HEADER] = signature;
	return headers;
}

/** `options.drop`: logged as the first attempt, never sent, never retried (FullStory lost it). */
export function dropDelivery(run: DeliveryRun, signature: string | null): void {
	const { delivery, deps } = run;
	const headers = requestHeaders(run, signature);
	deps.log.append((seq, time) => ({ seq, time, deliveryId: delivery.deliveryId, attempt: 1, ...run.about, headers, dropped: true }));
	deps.tracker.settle(delivery, 'dropped');
}

/** Attempt number `attempt` (1-based) of the delivery, signed with `signature`. */
export async function runAttempt(run: DeliveryRun, attempt: number, signature: string | null): Promise<AttemptReport> {
	const { delivery, deps } = run;
	const headers = requestHeaders(run, signature);
	const outcome = await postRaw(run.about.url, run.bytes, headers, deps.timeoutMs, delivery.signal);
	// Cancelled while in flight (reset, close): its log and status are gone, and nothing follows.
	if (delivery.signal.aborted) return outcome;
	const { deliveryId } = delivery;
	deps.log.append((seq, time) => ({ seq, time, deliveryId, attempt, ...run.about, headers, ...outcome }));
	deps.tracker.attempted(delivery, outcome);
	const step = nextStep(outcome, attempt, deps.retryTimeScale);
	if ('settle' in step) {
		deps.tracker.settle(delivery, step.settle);
		return outcome;
	}
	const nextAttemptAt = deps.tracker.retryLater(delivery, step.retryInMs, async () => {
		await runAttempt(run, attempt + 1, run.retrySignature());
	});
	return nextAttemptAt === undefined ? outcome : { ...outcome, nextAttemptAt };
}
