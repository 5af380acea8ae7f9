/** until() returns once its condition holds and names what it waited for when it times out. */
import { sleep, until } from './wait';

describe('until', () => {
	it('returns as soon as the condition holds, checking again after each pause', async () => {
		let checks = 0;
		await until(() => ++checks === 3, { timeoutMs: 1_000, intervalMs: 1, what: 'the third check' });
		expect(checks).toBe(3);
	});

	it('waits for an async condition', async () => {
		let ready = false;
		void sleep(30).then(() => (ready = true));
		await until(async () => await Promise.resolve(ready), { timeoutMs: 2_000, what: 'ready' });
		expect(ready).toBe(true);
	});

	it('throws naming what it waited for, read at the timeout', async () => {
		let checks = 0;
		const waiting = until(() => ++checks < 0, { timeoutMs: 50, intervalMs: 5, what: () => `the impossible (${checks > 1 ? 'checked repeatedly' : 'checked once'})` });
		await expect(waiting).rejects.toThrow('Timed out after 50 ms waiting for the impossible (checked repeatedly)');
	});

	it('sleeps at least as long as asked', async () => {
		const started = Date.now();
		await sleep(25);
		expect(Date.now() - started).toBeGreaterThanOrEqual(24);
	});
});
