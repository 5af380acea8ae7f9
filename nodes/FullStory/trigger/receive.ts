/**
 * Receiving a delivery: verify, then answer or emit. Only a delivery whose signature checks out
 * against the secret this node generated can start an execution; everything else is answered
 * here with `noWebhookResponse`, so n8n starts nothing:
 *   401 bad or missing signature (any reason), 400 signed but not a FullStory event,
 *   200 `test` event (unless it should run the workflow) or an event type not subscribed.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { SIGNATURE_HEADER, SIGNATURE_HEADER_FALLBACK, TEST_EVENT_NAME } from '../shared/constants';
import { parseDeliveryEnvelope } from '../shared/guards';
import { SIGNATURE_FAILURE_TEXT, verifySignature } from '../shared/signature';
import type { DeliveryEnvelope } from '../shared/types';
import { rawEvent, shapeEvent } from './items';
import { readTriggerOptions } from './options';
import { readEndpointSecret } from './staticData';
import { selectedEventNames } from './subscriptionParameters';

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

export async function receive(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const options = readTriggerOptions(this);
	const rawBody = await readRawBody(this);
	if (rawBody === undefined) {
		this.logger.warn('FullStory Trigger rejected a delivery: its body could not be read as bytes');
		return answer(this, 401, 'Unauthorized');
	}

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
		this.logger.warn(`FullStory Trigger rejected a delivery: ${SIGNATURE_FAILURE_TEXT[check.reason]}`);
		return answer(this, 401, 'Unauthorized');
	}

	// Parsed from the verified bytes, not from n8n's body parser, so what we emit is what was signed.
	const envelope = parseEnvelope(rawBody);
	if (envelope === undefined) {
		this.logger.warn('FullStory Trigger received a signed body that is not a FullStory event');
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
