/**
 * The only code that talks to FullStory. Both nodes call `fullStoryRequest`; it resolves the
 * base URL from the credential, lets n8n add the `Authorization` header, honours `Retry-After`,
 * retries transient failures of idempotent calls, checks the response shape with a guard, and
 * turns every failure into a NodeApiError (apiErrors.ts).
 *
 * We ask n8n for the full response and handle HTTP statuses ourselves, instead of letting the
 * helper throw, so the `Retry-After` header and FullStory's error body are always at hand, the
 * same way in every n8n version.
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import type { NodeApiError } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { FailureContext } from './apiErrors';
import { networkError, retryAfterTooLongError, statusError, toNodeError, unexpectedResponseError } from './apiErrors';
import { resolveBaseUrl } from './baseUrl';
import { CREDENTIAL_TYPE, RETRY_POLICY } from './constants';
import { isRecord, parseApiErrorBody } from './guards';

export type FullStoryContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface FullStoryRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/** For errors raised while processing one input item. */
	itemIndex?: number;
	/** What a 404 means here, e.g. `webhook endpoint "abc"`. */
	notFound?: string;
	/** What a good answer is, for the unexpected-response error, e.g. "a webhook endpoint". */
	expected: string;
	/** Values sent in this request that must never appear in an error (e.g. an endpoint secret). */
	sensitive?: string[];
}

/** Parses a 2xx body; `undefined` means it is not the expected shape. */
export type ResponseParser<T> = (body: unknown) => T | undefined;

/**
 * What a call came to. Failures carry the error to throw, and FullStory's HTTP status and error
 * code when it answered, so callers can treat e.g. a 404 on delete as "already gone".
 */
export type Outcome<T> =
	| { ok: true; value: T }
	| { ok: false; error: NodeApiError; status?: number; code?: string };

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

function isFullResponse(value: unknown): value is FullResponse {
	return isRecord(value) && typeof value.statusCode === 'number' && isRecord(value.headers ?? {});
}

/** Safe and repeatable: a retry after a lost answer cannot do the work twice. */
function isIdempotent(method: IHttpRequestMethods): boolean {
	return method === 'GET' || method === 'DELETE' || method === 'HEAD';
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date); the default when absent or unusable. */
export function retryAfterSeconds(header: unknown, nowMs: number): number {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value === 'string' && value.trim() !== '') {
		const trimmed = value.trim();
		if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
		const date = Date.parse(trimmed);
		if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - nowMs) / 1000));
	}
	return RETRY_POLICY.defaultRetryAfterSeconds;
}

/**
 * The error code of a failed request, looked up through the wrappers n8n and axios put around
 * it. `undefined` when the failure is not a network problem (a programming error, a missing
 * credential), which is then rethrown untouched.
 */
function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 4 && isRecord(current); depth++) {
		const code = current.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		const message = current.message;
		if (typeof message === 'string' && /timeout of \d+ms exceeded/.test(message)) return 'ECONNABORTED';
		current = current.cause;
	}
	return undefined;
}

function redactor(values: Array<string | undefined>): (text: string) => string {
	const secrets = values.filter((value): value is string => typeof value === 'string' && value.length >= 4);
	return (text) => secrets.reduce((result, secret) => result.split(secret).join('[redacted]'), text);
}

function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return baseUrl;
	}
}

export async function fullStoryRequest<T>(
	context: FullStoryContext,
	request: FullStoryRequest,
	parse: ResponseParser<T>,
): Promise<T> {
	const outcome = await attemptFullStoryRequest(context, request, parse);
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}

export async function attemptFullStoryRequest<T>(
	context: FullStoryContext,
	request: FullStoryRequest,
	parse: ResponseParser<T>,
): Promise<Outcome<T>> {
	const credentials: ICredentialDataDecryptedObject = await context.getCredentials(CREDENTIAL_TYPE);
	const base = resolveBaseUrl(credentials);
	if (!base.ok) {
		throw new NodeOperationError(context.getNode(), `The FullStory credential cannot be used: ${base.problem}`, {
			description: 'Open the FullStory credential and set Region, or a Base URL such as https://api.fullstory.com.',
			itemIndex: request.itemIndex,
		});
	}
	const failure: FailureContext = {
		node: context.getNode(),
		itemIndex: request.itemIndex,
		notFound: request.notFound,
		redact: redactor([
			typeof credentials.apiKey === 'string' ? credentials.apiKey : undefined,
			...(request.sensitive ?? []),
		]),
	};
	const idempotent = isIdempotent(request.method);
	let rateLimitRetries = 0;
	let transientRetries = 0;

	for (;;) {
		let response: unknown;
		try {
			response = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
				method: request.method,
				url: `${base.baseUrl}${request.path}`,
				qs: request.qs,
				body: request.body,
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: RETRY_POLICY.timeoutMs,
			});
		} catch (error) {
			const code = networkErrorCode(error);
			// Not a network failure (a missing credential, a cancelled execution): not ours to retry.
			if (code === undefined) throw toNodeError(context.getNode(), error, request.itemIndex);
			if (idempotent && transientRetries < RETRY_POLICY.transientRetries) {
				transientRetries++;
				await sleep(RETRY_POLICY.backoffBaseMs * 2 ** (transientRetries - 1));
				continue;
			}
			return { ok: false, error: networkError(failure, hostOf(base.baseUrl), code, transientRetries + 1) };
		}

		if (!isFullResponse(response)) return { ok: false, error: unexpectedResponseError(failure, request.expected) };
		const { statusCode, headers, body } = response;

		if (statusCode >= 200 && statusCode < 300) {
			const parsed = parse(body);
			if (parsed === undefined) return { ok: false, error: unexpectedResponseError(failure, request.expected) };
			return { ok: true, value: parsed };
		}

		if (statusCode === 429 && rateLimitRetries < RETRY_POLICY.rateLimitRetries) {
			const wait = retryAfterSeconds(headers['retry-after'], Date.now());
			if (wait > RETRY_POLICY.maxRetryAfterSeconds) {
				return { ok: false, error: retryAfterTooLongError(failure, wait), status: statusCode };
			}
			rateLimitRetries++;
			await sleep(wait * 1000);
			continue;
		}

		if (statusCode >= 500 && idempotent && transientRetries < RETRY_POLICY.transientRetries) {
			transientRetries++;
			await sleep(RETRY_POLICY.backoffBaseMs * 2 ** (transientRetries - 1));
			continue;
		}

		const rawText = typeof body === 'string' ? body : '';
		const apiBody = parseApiErrorBody(body);
		return {
			ok: false,
			error: statusError(failure, statusCode, apiBody, rawText, rateLimitRetries + transientRetries),
			status: statusCode,
			code: apiBody?.code,
		};
	}
}
