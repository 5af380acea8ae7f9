/**
 * Which calls fail, drawn from a seeded generator, so one seed gives the same faults to the same
 * sequence of calls on every run and every machine.
 */
import type { ProxyFault } from './loopbackProxy';

/**
 * xorshift32 (Marsaglia, 2003): numbers in [0, 1). The bench may not import test/, where the tests'
 * generator lives, and it needs nothing better than fair shares of calls. Not for secrets.
 */
export function xorshift32(seed: number): () => number {
	// Zero would stay zero for ever.
	let state = seed >>> 0 || 1;
	return () => {
		state = (state ^ (state << 13)) >>> 0;
		state = (state ^ (state >>> 17)) >>> 0;
		state = (state ^ (state << 5)) >>> 0;
		return state / 2 ** 32;
	};
}

/** Shares of all calls, each in [0, 1], together at most 1. */
export interface FaultShares {
	dropAfter: number;
	status429: number;
}

/** One draw per call: `dropAfter` of the calls lose their answer, `status429` more are refused, the rest pass. */
export function seededFaults(seed: number, shares: FaultShares): () => ProxyFault | undefined {
	const next = xorshift32(seed);
	return () => {
		const roll = next();
		if (roll < shares.dropAfter) return 'dropAfter';
		if (roll < shares.dropAfter + shares.status429) return 'status429';
		return undefined;
	};
}
