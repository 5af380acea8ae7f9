/**
 * Receiving a delivery: verify, then answer or emit. Only a delivery whose signature checks out
 * against the secret this node generated can start an execution; everything else is answered
 * here with `noWebhookResponse`, so n8n starts nothing:
 *   401 multipart body or bad or missing signature (any reason), 400 signed but not a FullStory
 *   event, 200 `test` event (unless it should run the workflow) or an event type not subscribed.
 * Every rejection is logged at warn with its reason (the first of each minute per reason in full,
 * then counted: rateLimitedWarnings.ts): the event is lost, and the log is the only place the
 * user can see why. Nothing here writes static data: in queue mode n8n saves what a
 * webhook call changed without a lock, so a write could undo an activation's.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { TEST_EVENT_NAME } from '../../eventTypes/catalog';
import type { DeliveryEnvelope } from './envelope';
import { parseDeliveryEnvelope } from './envelope';
import type { SignatureCheck } from './signature';
import { SIGNATURE_FAILURE_TEXT, SIGNATURE_HEADER, SIGNATURE_HEADER_FALLBACK, verifySignature } from './signature';
import { rawEvent, shapeEvent } from './items';
import { REMOVE_PREVIOUS_OPTION, REPLAY_WINDOW_OPTION, readTriggerOptions } from '../options';
import { isSameTriggerElsewhere, urlForLog } from '../registration/endpointUrl';
import { leftBehindText } from '../registration/previousRegistration';
import { readEndpointRecord, readEndpointSecret, readPreviousEndpoint } from '../registration/staticData';
import { deliveryWarnings } from './rateLimitedWarnings';
import { selectedEventNames } from '../subscriptionParameters';

const REJECTED = 'FullStory Trigger rejected a delivery';

/** A warning about this delivery, limited per reason and workflow. */
function warn(context: IWebhookFunctions, reason: string, message: string): void {
	deliveryWarnings.warn(context.logger, context.getWorkflow().id ?? '', reason, message);
}

function answer(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ message }).end();
	return { noWebhookResponse: true };
}

/** The exact bytes received. n8n keeps them for every content type but multipart. */
async function readRawBody(context: IWebhookFunctions): Promise<Buffer | undefined> {
	const request = context.getRequestObject();
	if (!Buffer.isBuffer(request.rawBody) && typeof request.readRawBody === 'function') {
		await request.readRawBody();
	}
	return Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
}

/**
 * Strict UTF-8: a lenient decode would turn invalid bytes into U+FFFD, so two different events
 * could produce the same fields and the same eventKey. Invalid bytes make the body not an event.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });

function parseEnvelope(rawBody: Buffer): DeliveryEnvelope | undefined {
	try {
		return parseDeliveryEnvelope(JSON.parse(utf8.decode(rawBody)));
	} catch {
		return undefined;
	}
}

/**
 * n8n parses a multipart body itself and keeps no raw bytes for it, so its signature cannot be
 * checked, and asking for the bytes afterwards fails (a 500). FullStory sends JSON, so such a
 * request is not FullStory's: it is refused from its header alone.
 */
function isMultipart(contentType: string | string[] | undefined): boolean {
	const value = Array.isArray(contentType) ? contentType[0] : contentType;
	return value?.split(';')[0].trim().toLowerCase() === 'multipart/form-data';
}

/** The reason in words; for the timestamp, how far off it was and which option would admit it. */
function rejectionText(check: Exclude<SignatureCheck, { ok: true }>, windowSeconds: number): string {
	if (check.reason === 'stale_timestamp' || check.reason === 'future_timestamp') {
		const distance =
			check.reason === 'stale_timestamp'
				? `${check.distanceSeconds} seconds old`
				: `${check.distanceSeconds} seconds in the future (check this server's clock)`;
		return `the signature timestamp is ${distance}, outside the replay window of ${windowSeconds} seconds; to accept such deliveries, widen Options > ${REPLAY_WINDOW_OPTION}`;
	}
	return SIGNATURE_FAILURE_TEXT[check.reason];
}

function parseUrl(value: string | undefined): URL | undefined {
	if (value === undefined) return undefined;
	try {
		return new URL(value);
	} catch {
		return undefined;
	}
}

function firstHeader(value: string | string[] | undefined): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return first?.split(',')[0].trim().toLowerCase() || undefined;
}

/**
 * A signed delivery for the address the endpoint was registered for, while n8n's webhook URL is
 * now another (N8N_WEBHOOK_URL changed, with or without a path prefix), arrives only while the old
 * address still reaches this n8n: say how to move the endpoint before it stops. The test URL
 * (/webhook-test/...) and the production one (/webhook/...) are separate registrations, not a move.
 */
function warnIfWebhookUrlMoved(context: IWebhookFunctions): void {
	const record = readEndpointRecord(context.getWorkflowStaticData('node'));
	const current = context.getNodeWebhookUrl('default');
	if (record === undefined || current === undefined || !isSameTriggerElsewhere(record.endpointUrl, current)) return;
	warn(
		context,
		'registered under a previous address',
		`FullStory Trigger: endpoint ${record.endpointId} is registered for ${urlForLog(record.endpointUrl)} but n8n's webhook URL is now ${urlForLog(current)}; publish the workflow again so FullStory delivers to the new address. The old endpoint is then left alone unless Options > ${REMOVE_PREVIOUS_OPTION} is on, or you delete endpoint ${record.endpointId} in FullStory.`,
	);
}

/**
 * A delivery whose Host is the address of the endpoint left at a previous n8n address (and not
 * n8n's address now) comes from that endpoint, which still delivers here; its signature uses a
 * secret this trigger no longer holds, so it is refused, and the user is told how to remove it.
 */
function warnIfFromPreviousEndpoint(context: IWebhookFunctions): void {
	const note = readPreviousEndpoint(context.getWorkflowStaticData('node'));
	if (note === undefined) return;
	const request = context.getRequestObject();
	const host = firstHeader(request.headers['x-forwarded-host']) ?? firstHeader(request.headers.host);
	const previous = parseUrl(note.endpointUrl);
	const current = parseUrl(context.getNodeWebhookUrl('default'));
	if (host === undefined || previous === undefined || current === undefined) return;
	if (previous.host !== host || current.host === host) return;
	warn(context, 'delivery at a previous address', leftBehindText(note, current.href, 'it still delivers to the old address'));
}

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	if (isMultipart(request.headers['content-type'])) {
		warn(
			this,
			'multipart',
			`${REJECTED}: it was sent as multipart/form-data; FullStory sends JSON, and n8n keeps no raw bytes of a multipart body, so its signature cannot be checked`,
		);
		return answer(this, 401, 'Unauthorized');
	}
	const options = readTriggerOptions(this);
	const rawBody = await readRawBody(this);
	if (rawBody === undefined) {
		warn(this, 'unreadable body', `${REJECTED}: its body could not be read as bytes`);
		return answer(this, 401, 'Unauthorized');
	}

	warnIfFromPreviousEndpoint(this);
	const header = request.headers[SIGNATURE_HEADER] ?? request.headers[SIGNATURE_HEADER_FALLBACK];
	const check = verifySignature({
		rawBody,
		header,
		secret: readEndpointSecret(this.getWorkflowStaticData('node')),
		nowMs: Date.now(),
		replayWindowSeconds: options.replayWindowSeconds,
		expectedOrgId: options.expectedOrgId,
	});
	if (!check.ok) {
		warn(this, check.reason, `${REJECTED}: ${rejectionText(check, options.replayWindowSeconds)}`);
		return answer(this, 401, 'Unauthorized');
	}
	// Only after the signature: a request anyone can send to the old address proves nothing.
	warnIfWebhookUrlMoved(this);

	// Parsed from the verified bytes, not from n8n's body parser, so what we emit is what was signed.
	const envelope = parseEnvelope(rawBody);
	if (envelope === undefined) {
		warn(
			this,
			'not an event',
			`${REJECTED}: its signature is valid but its body is not a FullStory event (JSON with eventName, version and data)`,
		);
		return answer(this, 400, 'The body is not a FullStory webhook event');
	}

	if (envelope.eventName === TEST_EVENT_NAME && !options.emitTestEvents) {
		return answer(this, 200, 'Test event received');
	}
	if (envelope.eventName !== TEST_EVENT_NAME && !selectedEventNames(this).includes(envelope.eventName)) {
		this.logger.debug(`FullStory Trigger ignored a ${envelope.eventName} event it is not subscribed to`);
		return answer(this, 200, 'Event type not subscribed; ignored');
	}

	const item =
		options.output === 'raw' ? rawEvent(envelope, rawBody, request.headers) : shapeEvent(envelope, rawBody);
	// Wrapped by hand: returnJsonArray would take an event field named `json` for the item itself.
	return { workflowData: [[{ json: item }]] };
}
