/** Warnings about deliveries: the first of each minute per reason and workflow, then a count. */
import { RateLimitedWarnings } from '../nodes/FullStoryTrigger/delivery/rateLimitedWarnings';
import type { LogEntry } from './helpers/logger';
import { recordingLogger } from './helpers/logger';

function setUp() {
	const logs: LogEntry[] = [];
	return { logs, logger: recordingLogger(logs), warnings: new RateLimitedWarnings(60_000), lines: () => logs.map((entry) => `${entry.level}: ${entry.message}`) };
}

describe('RateLimitedWarnings', () => {
	it('logs the first of a reason, counts the rest of the minute, and reports the count with the next one after it', () => {
		const { logger, warnings, lines } = setUp();
		for (let second = 0; second < 50; second++) warnings.warn(logger, 'wf-1', 'mismatch', `forged ${second}`, second * 1000);
		expect(lines()).toEqual(['warn: forged 0']);
		warnings.warn(logger, 'wf-1', 'mismatch', 'forged later', 61_000);
		expect(lines()).toEqual([
			'warn: forged 0',
			'warn: 49 more of the same (mismatch) in the last minute, not logged one by one',
			'warn: forged later',
		]);
	});

	it('keeps reasons and workflows apart: one flood does not hide another reason or another workflow', () => {
		const { logger, warnings, lines } = setUp();
		warnings.warn(logger, 'wf-1', 'mismatch', 'a', 0);
		warnings.warn(logger, 'wf-1', 'missing', 'b', 1);
		warnings.warn(logger, 'wf-2', 'mismatch', 'c', 2);
		warnings.warn(logger, 'wf-1', 'mismatch', 'd', 3);
		expect(lines()).toEqual(['warn: a', 'warn: b', 'warn: c']);
	});

	it('says nothing more when nothing was held back, and reset() starts afresh', () => {
		const { logger, warnings, lines } = setUp();
		warnings.warn(logger, 'wf-1', 'stale', 'first', 0);
		warnings.warn(logger, 'wf-1', 'stale', 'second', 120_000);
		warnings.warn(logger, 'wf-1', 'stale', 'held', 120_001);
		warnings.reset();
		warnings.warn(logger, 'wf-1', 'stale', 'after reset', 120_002);
		expect(lines()).toEqual(['warn: first', 'warn: second', 'warn: after reset']);
	});

	it('names a longer gap in minutes', () => {
		const { logger, warnings, lines } = setUp();
		warnings.warn(logger, 'wf-1', 'stale', 'first', 0);
		warnings.warn(logger, 'wf-1', 'stale', 'held', 10);
		warnings.warn(logger, 'wf-1', 'stale', 'much later', 5 * 60_000);
		expect(lines()[1]).toBe('warn: 1 more of the same (stale) in the last 5 minutes, not logged one by one');
	});
});
