/**
 * One public API call end to end: read the body, apply an injected fault if one matches, route, answer,
 * and append the call to the request log (every API call is logged, whatever its outcome; how much of its
 * body is kept: state/requestLog.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import type { EmulatorContext } from '../state/context';
import { payloadTooLarge, serverError, tooManyRequests } from '../errors';
import { retryAfterValue } from '../state/faults';
import {
	headerValues,
	MAX_BODY_BYTES,
	parseJsonBody,
	queryValues,
	readBody,
	sendJson,
	type JsonResponse,
	type ParsedBody,
} from '../http';
import { loggedBody } from '../state/requestLog';
import { authenticate } from './auth';
import { routeApiRequest } from './routes';
import type { Fault } from '../state/types';
import { BATCH_MAX_BODY_BYTES } from './v2/limits';

/** A batch import may be far larger than any other request (v2/limits.ts). */
const BATCH_PATH = /^\/v2(beta)?\/(users|events)\/batch$/;

function maxBodyBytes(method: string, path: string): number {
	return method === 'POST' && BATCH_PATH.test(path) ? BATCH_MAX_BODY_BYTES : MAX_BODY_BYTES;
}

/** Resolves true after `ms`, or false as soon as the emulator closes. */
async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
	if (signal.aborted) return false;
	return await new Promise((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve(false);
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});
}

function faultReply(fault: Fault): JsonResponse | undefined {
	if (fault.kind === 'status429') return tooManyRequests(retryAfterValue(fault));
	if (fault.kind === 'status500') return serverError();
	return undefined;
}

export async function handleApiRequest(
	context: EmulatorContext,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
): Promise<void> {
	const method = request.method ?? 'GET';
	const path = url.pathname;
	const maxBytes = maxBodyBytes(method, path);
	const read = await readBody(request, maxBytes);
	if (read.kind === 'aborted') return;
	const raw = read.kind === 'complete' ? read.raw : Buffer.alloc(0);
	const body: ParsedBody = read.kind === 'complete' ? parseJsonBody(raw) : { kind: 'empty' };
	// Decided once, before any fault or route: a key revoked meanwhile does not change what was received.
	const logged = loggedBody(raw, body, authenticate(context.store, request.headers.authorization) !== undefined);
	const fault = context.faults.take(method, path);
	const log = (status: number | null, idempotentReplay = false) =>
		context.requests.append((seq, time) => ({
			seq,
			time,
			method,
			path,
			query: queryValues(url.searchParams),
			headers: headerValues(request),
			...logged,
			status,
			...(fault === undefined ? {} : { fault: fault.kind }),
			...(idempotentReplay ? { idempotentReplay: true } : {}),
		}));
	const answer = (reply: JsonResponse) => {
		sendJson(response, reply);
		log(reply.status);
	};

	if (fault?.kind === 'drop') {
		request.socket.destroy();
		log(null);
		return;
	}
	const injected = fault === undefined ? undefined : faultReply(fault);
	if (injected !== undefined) return answer(injected);
	if (read.kind === 'tooLarge') return answer(payloadTooLarge(maxBytes));
	if (fault?.kind === 'hang' && !(await pause(fault.hangMs, context.closing.signal))) return;

	const idempotencyKey = request.headers['idempotency-key'];
	const routed = routeApiRequest(context.store, {
		method,
		path,
		query: url.searchParams,
		authorization: request.headers.authorization,
		body,
		rawBody: raw,
		idempotencyKey: Array.isArray(idempotencyKey) ? idempotencyKey[0] : idempotencyKey,
		nowMs: Date.now(),
	});
	if (fault?.kind === 'dropAfter') {
		request.socket.destroy();
		log(null, routed.idempotentReplay);
		return;
	}
	sendJson(response, routed.reply);
	log(routed.reply.status, routed.idempotentReplay);
}
