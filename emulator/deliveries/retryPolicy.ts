/**
 * When FullStory retries a delivery, and how long it waits. Documented for Streams (fullstory-api.md §5.2)
 * and assumed for v1 webhooks: up to 30 retries over 5 hours on a timeout, a network error, or HTTP
 * 500–599, 429, 302, 303 or 307; no retry on any other answer. `Retry-After` is not documented as honoured,
 * so a 429 waits like any other retry.
 */
import { INVALID_URL_ERROR, type PostOutcome } from './post';
import type { DeliveryState } from './types';

export const MAX_RETRIES = 30;

type Verdict = 'success' | 'retry' | 'final';

const statusIn = (low: number, high: number) => (outcome: PostOutcome) =>
	outcome.status !== undefined && outcome.status >= low && outcome.status <= high;
const statusOneOf = (...statuses: number[]) => (outcome: PostOutcome) =>
	outcome.status !== undefined && statuses.includes(outcome.status);

/** What an attempt's outcome means; the first row that matches decides. */
const VERDICTS: ReadonlyArray<readonly [matches: (outcome: PostOutcome) => boolean, verdict: Verdict]> = [
	[statusIn(200, 299), 'success'],
	[statusIn(500, 599), 'retry'],
	[statusOneOf(429, 302, 303, 307), 'retry'],
	// An unparseable URL is an invalid configuration, which FullStory does not retry.
	[(outcome) => outcome.error === INVALID_URL_ERROR, 'final'],
	// No status at all: the attempt timed out (ETIMEDOUT) or the connection failed or dropped.
	[(outcome) => outcome.status === undefined, 'retry'],
	// 400, 401, 404, 301, 308, ...: the receiver's answer stands.
	[() => true, 'final'],
];

export function verdictOf(outcome: PostOutcome): Verdict {
	return VERDICTS.find(([matches]) => matches(outcome))?.[1] ?? 'final';
}

const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 12 * 60_000;

/**
 * The wait before each retry at real speed, measured from the end of the failed attempt. FullStory
 * publishes only "30 retries over 5 hours"; this exact schedule is an ASSUMPTION: 10 s doubling to a
 * 12-minute cap (10, 20, 40, 80, 160, 320, 640 s, then 23 × 720 s), 17,830 s ≈ 4 h 57 min in all.
 * No jitter, so tests can hold the emulator to it.
 */
export const RETRY_DELAYS_MS: readonly number[] = Array.from({ length: MAX_RETRIES }, (_, index) =>
	Math.min(FIRST_DELAY_MS * 2 ** index, MAX_DELAY_MS),
);

/** A compression of the real schedule, never a stretch of it (0.001: 5 hours become 18 seconds). */
export function isRetryTimeScale(value: unknown): value is number {
	return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1;
}

/** The wait before retry `retryNumber` (1-based), compressed by `timeScale` (config retryTimeScale). */
export function retryDelayMs(retryNumber: number, timeScale: number): number {
	return Math.round(RETRY_DELAYS_MS[retryNumber - 1] * timeScale);
}

export type NextStep = { settle: Exclude<DeliveryState, 'pending' | 'dropped'> } | { retryInMs: number };

/**
 * After attempt `attempt` (1-based) ended with `outcome`: settle the delivery, or wait and try again.
 * `timeScale` undefined means retries are off: every failure is final.
 */
export function nextStep(outcome: PostOutcome, attempt: number, timeScale: number | undefined): NextStep {
	const verdict = verdictOf(outcome);
	if (verdict === 'success') return { settle: 'succeeded' };
	if (verdict === 'final' || timeScale === undefined) return { settle: 'failed' };
	if (attempt > MAX_RETRIES) return { settle: 'gaveUp' };
	return { retryInMs: retryDelayMs(attempt, timeScale) };
}
