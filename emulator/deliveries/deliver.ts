/**
 * Sends a planned delivery: signs the envelope per endpoint secret (deliverySigner.ts), POSTs it, and
 * answers with each endpoint's first attempts. The options bend one thing each (secret, timestamp, header,
 * body) so a receiver's verifier can be tested against each way a delivery can be wrong. Retries, when on,
 * carry on in the background (deliveryAttempt.ts).
 */
import { dropDelivery, runAttempt, type DeliveryDeps, type DeliveryRun } from './deliveryAttempt';
import type { DeliveryPlan, PlannedTarget } from './deliveryPlan';
import { DeliverySigner } from './deliverySigner';
import type { DeliveryAttempt, DeliveryOptions, DeliveryResult, EndpointDelivery } from './types';

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

/** Each copy (`options.times`) is a delivery of its own, retried on its own; copies go one after another. */
async function deliverTo(
	plan: DeliveryPlan,
	target: PlannedTarget,
	sentBody: string,
	options: DeliveryOptions,
	deps: DeliveryDeps,
): Promise<EndpointDelivery> {
	const secret = options.wrongSecret === true ? `${target.secret}-wrong` : target.secret;
	const signer = new DeliverySigner(plan.body, secret, plan.orgId, options);
	const firstSignature = signer.current;
	const bytes = Buffer.from(sentBody, 'utf8');
	const addressed = { orgId: plan.orgId, eventName: plan.eventName, endpointId: target.endpointId, url: target.url };
	const about = { ...addressed, body: sentBody };
	const attempts: DeliveryAttempt[] = [];

	for (let copy = 0; copy < (options.times ?? 1); copy++) {
		const signature = copy > 0 && options.resign === true ? signer.renew() : signer.current;
		const delivery = deps.tracker.open({ ...addressed, retry: deps.retryTimeScale !== undefined });
		const run: DeliveryRun = {
			delivery,
			about,
			bytes,
			headerName: options.headerName,
			retrySignature: () => (deps.retrySignature === 'fresh' ? signer.renew() : signature),
			deps,
		};
		if (options.drop === true) {
			dropDelivery(run, signature);
			continue;
		}
		const report = await runAttempt(run, 1, signature);
		attempts.push({ deliveryId: delivery.deliveryId, signature, ...report });
	}
	return { endpointId: target.endpointId, url: target.url, signature: firstSignature, attempts };
}

/** Endpoints are served concurrently; copies to one endpoint are sequential, like redeliveries. */
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
