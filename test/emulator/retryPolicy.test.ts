import {
	isRetryTimeScale,
	MAX_RETRIES,
	nextStep,
	RETRY_DELAYS_MS,
	retryDelayMs,
	verdictOf,
} from '../../emulator/deliveries/retryPolicy';

const FIVE_HOURS_MS = 5 * 60 * 60 * 1000;

describe('FullStory retry policy (fullstory-api.md §5.2)', () => {
	it.each([200, 201, 202, 204, 299])('%s is a success', (status) => {
		expect(verdictOf({ status })).toBe('success');
	});

	it.each([500, 502, 503, 504, 599, 429, 302, 303, 307])('%s is retried', (status) => {
		expect(verdictOf({ status })).toBe('retry');
	});

	it.each(['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'socket hang up'])('network error %s is retried', (error) => {
		expect(verdictOf({ error })).toBe('retry');
	});

	it.each([400, 401, 403, 404, 409, 410, 413, 422, 301, 304, 308, 100, 600])('%s is final', (status) => {
		expect(verdictOf({ status })).toBe('final');
	});

	it('an unparseable URL is an invalid configuration, not retried', () => {
		expect(verdictOf({ error: 'EINVALIDURL' })).toBe('final');
	});

	it('schedules 30 retries over about 5 hours, waits never shrinking', () => {
		expect(RETRY_DELAYS_MS).toHaveLength(MAX_RETRIES);
		expect(MAX_RETRIES).toBe(30);
		const total = RETRY_DELAYS_MS.reduce((sum, delay) => sum + delay, 0);
		expect(total).toBeGreaterThan(FIVE_HOURS_MS * 0.95);
		expect(total).toBeLessThanOrEqual(FIVE_HOURS_MS);
		RETRY_DELAYS_MS.slice(1).forEach((delay, index) => expect(delay).toBeGreaterThanOrEqual(RETRY_DELAYS_MS[index]));
		expect(RETRY_DELAYS_MS.slice(0, 8)).toEqual([10, 20, 40, 80, 160, 320, 640, 720].map((seconds) => seconds * 1000));
	});

	it('compresses the schedule by the time scale', () => {
		expect(retryDelayMs(1, 1)).toBe(10_000);
		expect(retryDelayMs(1, 0.001)).toBe(10);
		expect(retryDelayMs(30, 0.001)).toBe(720);
		const compressed = RETRY_DELAYS_MS.map((_, index) => retryDelayMs(index + 1, 0.001));
		expect(compressed.reduce((sum, delay) => sum + delay, 0)).toBe(17_830);
	});

	it.each([
		[0.001, true],
		[1, true],
		[0, false],
		[-0.5, false],
		[1.5, false],
		[Number.NaN, false],
		['0.1', false],
	])('accepts %p as a time scale: %p', (value, accepted) => {
		expect(isRetryTimeScale(value)).toBe(accepted);
	});

	describe('next step after an attempt', () => {
		it('settles a success, whatever the attempt', () => {
			expect(nextStep({ status: 200 }, 1, 1)).toEqual({ settle: 'succeeded' });
			expect(nextStep({ status: 204 }, 31, undefined)).toEqual({ settle: 'succeeded' });
		});

		it('without retries, any failure is final', () => {
			expect(nextStep({ status: 500 }, 1, undefined)).toEqual({ settle: 'failed' });
			expect(nextStep({ error: 'ETIMEDOUT' }, 1, undefined)).toEqual({ settle: 'failed' });
		});

		it('with retries, waits the scheduled time after a retryable failure', () => {
			expect(nextStep({ status: 503 }, 1, 1)).toEqual({ retryInMs: 10_000 });
			expect(nextStep({ error: 'ECONNRESET' }, 2, 0.5)).toEqual({ retryInMs: 10_000 });
			expect(nextStep({ status: 429 }, 30, 1)).toEqual({ retryInMs: 720_000 });
		});

		it('with retries, a final answer still settles at once', () => {
			expect(nextStep({ status: 401 }, 1, 1)).toEqual({ settle: 'failed' });
		});

		it('gives up when the 31st attempt (the 30th retry) fails', () => {
			expect(nextStep({ status: 500 }, MAX_RETRIES + 1, 1)).toEqual({ settle: 'gaveUp' });
		});
	});
});
