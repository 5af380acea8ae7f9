/**
 * The signature header values for one endpoint's deliveries. `t` starts where the options put it and only
 * moves forward, so a re-signed redelivery (`options.resign`) or a 'fresh' retry always carries a later `t`
 * than anything sent before it, even within the same second.
 */
import { signBody } from './sign';
import type { DeliveryOptions } from './types';

function freshTimestamp(options: DeliveryOptions): string {
	const nowMs = Date.now() + (options.timestampOffsetSeconds ?? 0) * 1000;
	return String(Math.floor(options.timestampUnit === 'ms' ? nowMs : nowMs / 1000));
}

function laterTimestamp(previous: string, options: DeliveryOptions): string {
	const fresh = freshTimestamp(options);
	if (!/^\d+$/.test(previous) || Number(fresh) > Number(previous)) return fresh;
	return String(Number(previous) + 1);
}

export class DeliverySigner {
	private timestamp: string;

	/** The latest header value; null when the options omit the signature. */
	current: string | null;

	/** `body` is what is signed: the envelope before any deliberate tampering. */
	constructor(
		private readonly body: string,
		private readonly secret: string,
		private readonly orgId: string,
		private readonly options: DeliveryOptions,
	) {
		this.timestamp = options.timestamp ?? freshTimestamp(options);
		this.current = this.sign();
	}

	/** Signs again with a later `t`, and returns the new header value. */
	renew(): string | null {
		this.timestamp = laterTimestamp(this.timestamp, this.options);
		this.current = this.sign();
		return this.current;
	}

	private sign(): string | null {
		return this.options.omitSignature === true ? null : signBody(this.body, this.secret, this.orgId, this.timestamp);
	}
}
