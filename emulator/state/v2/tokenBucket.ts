/**
 * An optional rate limit per API key (docs/fullstory-server-api.md §13.17; config `rateLimit`, off by
 * default): `burst` tokens, refilled continuously at `perSecond`; a call takes one or gets 429.
 */
import type { RateLimit } from './config';

interface Bucket {
	tokens: number;
	atMs: number;
}

export class TokenBuckets {
	private buckets = new Map<string, Bucket>();

	/** Undefined when the call may go; otherwise the whole seconds until a token is back (for `Retry-After`). */
	take(key: string, limit: RateLimit, nowMs: number): number | undefined {
		const previous = this.buckets.get(key) ?? { tokens: limit.burst, atMs: nowMs };
		const refilled = Math.min(limit.burst, previous.tokens + ((nowMs - previous.atMs) / 1000) * limit.perSecond);
		if (refilled >= 1) {
			this.buckets.set(key, { tokens: refilled - 1, atMs: nowMs });
			return undefined;
		}
		this.buckets.set(key, { tokens: refilled, atMs: nowMs });
		return Math.max(1, Math.ceil((1 - refilled) / limit.perSecond));
	}
}
