/** One delivery attempt: a POST to a receiver with Node's own `http`/`https`, bounded in time. */
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';

import { errorMessage, isJsonObject, isString } from '../guards';

/** Enough of a receiver's answer to read its error message; the rest is drained unread. */
export const RESPONSE_BODY_LIMIT = 4096;

/** The error for a URL that cannot even be parsed (every other error is Node's own code). */
export const INVALID_URL_ERROR = 'EINVALIDURL';

export interface PostOutcome {
	status?: number;
	/** The first RESPONSE_BODY_LIMIT bytes of the answer, as text (present whenever `status` is). */
	responseBody?: string;
	/** The network error code (`ECONNREFUSED`, `ETIMEDOUT`, ...) when no status was received. */
	error?: string;
}

function errorCode(error: unknown): string {
	return isJsonObject(error) && isString(error.code) ? error.code : errorMessage(error);
}

export async function postRaw(
	url: string,
	body: Buffer,
	headers: Record<string, string>,
	timeoutMs: number,
	signal: AbortSignal,
): Promise<PostOutcome> {
	let target: URL;
	try {
		target = new URL(url);
	} catch {
		return { error: INVALID_URL_ERROR };
	}
	const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
	// A fresh agent per attempt: no pooled keep-alive sockets outlive the emulator or a receiver.
	const options: RequestOptions = { method: 'POST', headers, agent: false, signal };
	return await new Promise<PostOutcome>((resolve) => {
		let settled = false;
		let request: ClientRequest | undefined;
		const settle = (outcome: PostOutcome) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			resolve(outcome);
		};
		const timer = setTimeout(() => {
			settle({ error: 'ETIMEDOUT' });
			request?.destroy();
		}, timeoutMs);
		request = send(target, options, (response: IncomingMessage) => {
			const status = response.statusCode ?? 0;
			const chunks: Buffer[] = [];
			let kept = 0;
			response.on('data', (chunk: Buffer) => {
				if (kept >= RESPONSE_BODY_LIMIT) return;
				const part = chunk.subarray(0, RESPONSE_BODY_LIMIT - kept);
				chunks.push(part);
				kept += part.length;
			});
			const answer = () => ({ status, responseBody: Buffer.concat(chunks).toString('utf8') });
			response.on('end', () => settle(answer()));
			// A receiver that closes mid-answer still answered with this status.
			response.on('error', () => settle(answer()));
			response.on('close', () => settle(answer()));
		});
		request.on('error', (error) => settle({ error: errorCode(error) }));
		request.end(body);
	});
}
