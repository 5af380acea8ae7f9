/**
 * Deliveries as the control API takes and reports them: `POST /__emulator/deliver`'s request and answer,
 * the delivery log (one entry per attempt) and each delivery's state. Our own shapes; what is sent to a
 * receiver follows FullStory (fullstory-api.md §3, §4).
 */

export type TimestampUnit = 's' | 'ms';

export interface DeliveryOptions {
	/** Send the same signed bytes this many times (a redelivery). */
	times?: number;
	/** With times > 1, sign every redelivery with a fresh, strictly increasing `t`. */
	resign?: boolean;
	/** Record the delivery but do not send it. */
	drop?: boolean;
	wrongSecret?: boolean;
	/** Exact `t` to sign with. */
	timestamp?: string;
	/** Shifts `t` into the past (negative) or future (positive). */
	timestampOffsetSeconds?: number;
	timestampUnit?: TimestampUnit;
	headerName?: string;
	omitSignature?: boolean;
	/** Sign the body, then send it with one byte changed. */
	tamperBody?: boolean;
}

export interface DeliveryTarget {
	endpointId?: string;
	url?: string;
	/** Secret for a target URL that is not a stored endpoint (the UI tests URLs before saving them). */
	secret?: string;
}

export interface DeliveryRequest {
	eventName: string;
	/** FullStory's retries for this request's deliveries, on (true) or off (false); absent: the config's deliveryRetries. */
	retry?: boolean;
	data?: Record<string, unknown>;
	subcategory?: string;
	orgId?: string;
	target?: DeliveryTarget;
	/** Raw body sent (and signed) as is, instead of the envelope. */
	body?: string;
	options?: DeliveryOptions;
}

/** The first attempt of one delivery, as `POST /deliver` answers it. */
export interface DeliveryAttempt {
	/** Follow the delivery's later attempts with it (`GET /__emulator/deliveries/status`, the log). */
	deliveryId: string;
	/** The signature header value sent with this attempt, null when omitted. */
	signature: string | null;
	status?: number;
	/** The start of the receiver's answer (its error message, for a rejection). */
	responseBody?: string;
	error?: string;
	/** When the first retry is due, if this attempt failed in a way FullStory retries and retries are on. */
	nextAttemptAt?: string;
}

export interface EndpointDelivery {
	/** Null when the target was a bare URL rather than a stored endpoint. */
	endpointId: string | null;
	url: string;
	signature: string | null;
	/** One per copy sent (`options.times`), each its own delivery; empty when dropped on purpose. */
	attempts: DeliveryAttempt[];
}

export interface DeliveryResult {
	eventName: string;
	/** The exact raw body sent. */
	body: string;
	deliveries: EndpointDelivery[];
}

/** One attempt, logged when it ended (or, dropped, when it would have been sent). */
export interface DeliveryLogEntry {
	seq: number;
	time: string;
	deliveryId: string;
	/** 1 for the first send, then 2, 3, ... for FullStory's retries of the same delivery. */
	attempt: number;
	orgId: string;
	eventName: string;
	endpointId: string | null;
	url: string;
	headers: Record<string, string>;
	body: string;
	status?: number;
	responseBody?: string;
	error?: string;
	dropped?: boolean;
}

/**
 * 'pending' until it settles as: 'succeeded' (a 2xx), 'failed' (an answer FullStory does not retry, or any
 * failure when retries are off), 'gaveUp' (still failing after the last retry) or 'dropped' (never sent:
 * `options.drop`).
 */
export const DELIVERY_STATES = ['pending', 'succeeded', 'failed', 'gaveUp', 'dropped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

/** One delivery (one copy of a message to one endpoint) across all its attempts. */
export interface DeliveryStatus {
	deliveryId: string;
	orgId: string;
	eventName: string;
	endpointId: string | null;
	url: string;
	/** Whether FullStory's retries apply to it. */
	retry: boolean;
	state: DeliveryState;
	/** Attempts sent so far, the first included (0 when dropped). */
	attempts: number;
	lastStatus?: number;
	lastError?: string;
	/** While a retry waits: when it is due. */
	nextAttemptAt?: string;
}

/** `GET /__emulator/deliveries/status`: every delivery still tracked, and how many are not settled. */
export interface DeliveryStatusReport {
	pending: number;
	deliveries: DeliveryStatus[];
}
