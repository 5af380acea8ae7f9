/** Reading requests and writing JSON responses with Node's own `http`. */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { errorMessage } from './guards';

/** Query parameters and request headers as logged: one value, or every value of a repeated name. */
export type HeaderValues = Record<string, string | string[]>;

/** Large enough for any real request; small enough that a runaway client cannot exhaust memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface JsonResponse {
	status: number;
	/** Undefined sends no body at all (a batch job's results while it runs: 202 with an empty body). */
	body: unknown;
	headers?: Record<string, string>;
}

export type BodyReadResult =
	| { kind: 'complete'; raw: Buffer }
	| { kind: 'tooLarge' }
	| { kind: 'aborted' };

/** Reads the whole body; beyond the cap it keeps draining (so a 413 can still be answered) but stores nothing. */
export async function readBody(request: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<BodyReadResult> {
	return await new Promise((resolve) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		let settled = false;
		const settle = (result: BodyReadResult) => {
			if (settled) return;
			settled = true;
			resolve(result);
		};
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) tooLarge = true;
			if (!tooLarge) chunks.push(chunk);
		});
		request.on('end', () =>
			settle(tooLarge ? { kind: 'tooLarge' } : { kind: 'complete', raw: Buffer.concat(chunks) }),
		);
		request.on('error', () => settle({ kind: 'aborted' }));
		request.on('close', () => settle({ kind: 'aborted' }));
	});
}

export type ParsedBody =
	| { kind: 'empty' }
	| { kind: 'json'; value: unknown }
	| { kind: 'invalid'; text: string; reason: string };

export function parseJsonBody(raw: Buffer): ParsedBody {
	const text = raw.toString('utf8');
	if (text.trim() === '') return { kind: 'empty' };
	try {
		const value: unknown = JSON.parse(text);
		return { kind: 'json', value };
	} catch (error) {
		return { kind: 'invalid', text, reason: errorMessage(error) };
	}
}

/** How a body appears in the logs: parsed JSON when it is JSON, raw text otherwise. */
export function loggableBody(body: ParsedBody): unknown {
	if (body.kind === 'json') return body.value;
	if (body.kind === 'invalid') return body.text;
	return null;
}

export function queryValues(params: URLSearchParams): HeaderValues {
	const values: HeaderValues = {};
	for (const key of new Set(params.keys())) {
		const all = params.getAll(key);
		values[key] = all.length === 1 ? all[0] : all;
	}
	return values;
}

export function headerValues(request: IncomingMessage): HeaderValues {
	const values: HeaderValues = {};
	for (const [name, value] of Object.entries(request.headers)) {
		if (value !== undefined) values[name] = value;
	}
	return values;
}

export function sendJson(response: ServerResponse, reply: JsonResponse): void {
	if (response.headersSent || response.destroyed) return;
	if (reply.body === undefined) {
		response.writeHead(reply.status, { ...reply.headers, 'Content-Length': 0 });
		response.end();
		return;
	}
	const payload = JSON.stringify(reply.body);
	response.writeHead(reply.status, {
		...reply.headers,
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(payload),
	});
	response.end(payload);
}

export function json(body: unknown, status = 200): JsonResponse {
	return { status, body };
}

export function emptyResponse(status: number): JsonResponse {
	return { status, body: undefined };
}

/** A parse or validation result: the value, or the error response to answer with. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: JsonResponse };

export function ok<T>(value: T): Outcome<T> {
	return { ok: true, value };
}

export function fail(error: JsonResponse): { ok: false; error: JsonResponse } {
	return { ok: false, error };
}
