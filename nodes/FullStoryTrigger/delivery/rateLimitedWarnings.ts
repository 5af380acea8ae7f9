/**
 * Warnings about deliveries, limited per reason: the first of each minute is logged in full at
 * warn, the rest are counted, and the count is logged (at warn, with the reason) by the first
 * warning of the same reason after the minute is over. A flood of forged deliveries then writes
 * a few lines a minute instead of one line each, and nothing is hidden: every rejection is
 * either logged or counted. Without timers (n8n nodes may not use them), a count is written only
 * when that reason comes up again.
 *
 * The state lives in this module, so it is per n8n process, keyed by workflow and reason: one
 * workflow's flood does not silence another's.
 */
import type { Logger } from 'n8n-workflow';

export const WARNING_WINDOW_MS = 60_000;

interface Tally {
	windowStartMs: number;
	suppressed: number;
}

export class RateLimitedWarnings {
	private readonly tallies = new Map<string, Tally>();

	constructor(private readonly windowMs: number = WARNING_WINDOW_MS) {}

	/** Logs `message` at warn unless `reason` was already logged for `scope` within the window. */
	warn(logger: Logger, scope: string, reason: string, message: string, nowMs: number = Date.now()): void {
		const key = `${scope}\u0000${reason}`;
		const tally = this.tallies.get(key);
		if (tally !== undefined && nowMs - tally.windowStartMs < this.windowMs) {
			tally.suppressed++;
			return;
		}
		if (tally !== undefined && tally.suppressed > 0) {
			const minutes = Math.max(1, Math.round((nowMs - tally.windowStartMs) / 60_000));
			logger.warn(
				`${tally.suppressed} more of the same (${reason}) in the ${minutes === 1 ? 'last minute' : `last ${minutes} minutes`}, not logged one by one`,
			);
		}
		this.tallies.set(key, { windowStartMs: nowMs, suppressed: 0 });
		logger.warn(message);
	}

	/** Starts every reason afresh (for tests that assert each warning). */
	reset(): void {
		this.tallies.clear();
	}
}

/** The one instance the trigger's webhook uses. */
export const deliveryWarnings = new RateLimitedWarnings();
