/**
 * Sends a planned delivery: signs the envelope per endpoint secret (sign.ts), POSTs it, and records every
 * attempt. The options bend one thing each (secret, timestamp, header, body) so a receiver's verifier can
 * be tested against each way a delivery can be wrong.
 */
import type { DeliveryPlan, PlannedTarget } from './deliveryPlan';
import { postRaw } from './post';
import type { SeqLog } from './seqLog';
import { SIGNATURE_HEADER, signBody } from './sign';
import type {
	DeliveryAttempt,
	DeliveryLogEntry,
	DeliveryOptions,
	DeliveryResult,
	EndpointDelivery,
} from './types';

export interface DeliveryDeps {
	log: SeqLog<DeliveryLogEntry>;
	timeoutMs: number;
	/** Aborted when the emulator closes, so no attempt outlives it. */
	signal: AbortSignal;
}

function freshTimestamp(options: DeliveryOptions): string {
	const nowMs = Date.now() + (options.timestampOffsetSeconds ?? 0) * 1000;
	return String(Math.floor(options.timestampUnit === 'ms' ? nowMs : nowMs / 1000));
}

/** A re-signed redelivery always gets a later `t`, even within the same second. */
function laterTimestamp(previous: string, options: DeliveryOptions): string {
	const fresh = freshTimestamp(options);
	if (!/^\d+$/.test(previous) || Number(fresh) > Number(previous)) return fresh;
	return String(Number(previous) + 1);
}

/**
 * Changes exactly one byte and keeps the JSON valid, so only the signature check can catch it
 * (a raw body override without any letter gets a trailing space instead).
 */
export function tamperedBody(body: string): string {
	if (body.includes('"version":1')) return body.replace('"version":1', '"version":2');
	const index = body.search(/[A-Za-z](?=[^A-Za-z]*$)/);
	if (index === -1) return `${body} `;
	const letter = body[index];
	const swapped = letter === letter.toUpperCase() ? letter.toLowerCase() : letter.toUpperCase();
	return `${body.slice(0, index)}${swapped}${body.slice(index + 1)}`;
}

function requestHeaders(body: Buffer, signature: string | null, options: DeliveryOptions): Record<string, string> {
	const headers: Record<string, string> = {
		'Content-Type': 'application/json',
		'Content-Length': String(body.length),
	};
	if (signature !== null) headers[options.headerName ?? SIGNATURE_HEADER] = signature;
	return headers;
}

async function deliverTo(
	plan: DeliveryPlan,
	target: PlannedTarget,
	sentBody: string,
	options: DeliveryOptions,
	deps: DeliveryDeps,
): Promise<EndpointDelivery> {
	const secret = options.wrongSecret === true ? `${target.secret}-wrong` : target.secret;
	const sign = (timestamp: string) =>
		options.omitSignature === true ? null : signBody(plan.body, secret, plan.orgId, timestamp);
	const bytes = Buffer.from(sentBody, 'utf8');
	let timestamp = options.timestamp ?? freshTimestamp(options);
	let signature = sign(timestamp);
	const firstSignature = signature;
	const attempts: DeliveryAttempt[] = [];

	for (let attempt = 0; attempt < (options.times ?? 1); attempt++) {
		if (attempt > 0 && options.resign === true) {
			timestamp = laterTimestamp(timestamp, options);
			signature = sign(timestamp);
		}
		const headers = requestHeaders(bytes, signature, options);
		const record = {
			orgId: plan.orgId,
			eventName: plan.eventName,
			endpointId: target.endpointId,
			url: target.url,
			headers,
			body: sentBody,
		};
		if (options.drop === true) {
			deps.log.append((seq, time) => ({ seq, time, ...record, dropped: true }));
			continue;
		}
		const outcome = await postRaw(target.url, bytes, headers, deps.timeoutMs, deps.signal);
		attempts.push({ signature, ...outcome });
		deps.log.append((seq, time) => ({ seq, time, ...record, ...outcome }));
	}
	return { endpointId: target.endpointId, url: target.url, signature: firstSignature, attempts };
}

/** Endpoints are served concurrently; attempts to one endpoint are sequential, like redeliveries. */
export async function deliver(
	plan: DeliveryPlan,
	options: DeliveryOptions,
	deps: DeliveryDeps,
): Promise<DeliveryResult> {
	const sentBody = options.tamperBody === true ? tamperedBody(plan.body) : plan.body;
	const deliveries = await Promise.all(
		plan.targets.map(async (target) => await deliverTo(plan, target, sentBody, options, deps)),
	);
	return { eventName: plan.eventName, body: sentBody, deliveries };
}
