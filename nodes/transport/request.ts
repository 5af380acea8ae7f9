/**
 * The only code that talks to FullStory. Both nodes call `fullStoryRequest`; it resolves the
 * base URL from the credential, lets n8n add the `Authorization` header, honours `Retry-After`,
 * retries transient failures of calls that are safe to repeat (GET, DELETE, HEAD, and any call
 * that carries an `Idempotency-Key`, idempotency.ts), checks the response shape with a guard, and
 * turns every failure into a NodeApiError (errors.ts). A 403 of a call that says which role it
 * `needs` is worded from the key's role, read from `GET /me` then (api/account/roles.ts).
 *
 * Parsers see the HTTP status beside the body, so a caller can tell a 202 from a 200
 * (processing.ts).
 *
 * Retries are limited per request (RETRY_POLICY) and, across all requests made through the same
 * n8n context object, by one shared budget (RETRY_BUDGET, budget.ts), so many calls in one
 * execution or activation cannot multiply the waiting.
 *
 * We ask n8n for the full response and handle HTTP statuses ourselves, instead of letting the
 * helper throw, so the `Retry-After` header and FullStory's error body are always at hand, the
 * same way in every n8n version.
 *
 * The steps: `encodePath` checks and encodes the path, `sendOnce` makes one HTTP attempt,
 * `retryDecision` says whether and when to make another, `sendWithRetries` repeats the two, and
 * `attemptFullStoryRequest` turns the last attempt into an `Outcome`.
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

import type { RetryBudget } from './budget';
import { budgetAllows, retryBudgetOf, spend } from './budget';
import type { FailureContext } from './errors';
import {
	networkError,
	retryAfterTooLongError,
	retryBudgetSpentError,
	statusError,
	toNodeError,
	unexpectedResponseError,
} from './errors';
import { resolveBaseUrl } from './baseUrl';
import { IDEMPOTENCY_HEADER, idempotencyKeyRefusal } from './idempotency';
import type { ApiPath } from './path';
import { encodePath, joinUrl } from './path';
import { CREDENTIAL_TYPE, RETRY_POLICY } from './policy';
import { isRecord, mediaType, parseApiErrorBody } from './guards';
import type { KeyIdentity } from '../api/account/identity';
import { ME_EXPECTED, ME_PATH, parseKeyIdentity } from '../api/account/identity';
import type { RoleNeed } from '../api/account/roles';
import { forbiddenWording } from '../api/account/roles';

export type FullStoryContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface FullStoryRequest {
	method: IHttpRequestMethods;
	/** Under the base URL; every id or name in it is a `pathSegment` (path.ts). */
	path: ApiPath;
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
	/**
	 * Sent as the `Idempotency-Key` header. FullStory answers a repeat of a key with the first
	 * answer, so a request carrying one is retried after a lost answer or a 5xx as a GET is.
	 * Checked before sending (idempotency.ts); actions/idempotency.ts derives one per item.
	 */
	idempotencyKey?: string;
	/**
	 * The key role this call needs (api/account/roles.ts). A 403 then says which role that is,
	 * which role the credential's key has (from `GET /me`, asked only then), and how to fix it.
	 */
	needs?: RoleNeed;
}

/**
 * Parses a 2xx body; `undefined` means it is not the expected shape. `status` tells a 202 from a
 * 200 (processing.ts); most parsers ignore it.
 */
export type ResponseParser<T> = (body: unknown, status: number) => T | undefined;

/**
 * What a call came to. Failures carry the error to throw, and FullStory's HTTP status and error
 * code when it answered, so callers can treat e.g. a 404 on delete as "already gone".
 * `retriedAfterUncertainAttempt` says an earlier attempt got no answer or a 5xx and was retried:
 * that attempt may have done the work, so a later 404 on a delete most likely means it did.
 */
export type Outcome<T> =
	| { ok: true; value: T }
	| { ok: false; error: NodeApiError; status?: number; code?: string; retriedAfterUncertainAttempt: boolean };

interface FullResponse {
	statusCode: number;
	headers?: IDataObject;
	body: unknown;
}

function isFullResponse(value: unknown): value is FullResponse {
	return isRecord(value) && typeof value.statusCode === 'number' && (value.headers === undefined || isRecord(value.headers));
}

/** What one HTTP attempt came to, before deciding whether to try again. */
type Attempt =
	/** No answer arrived; `code` is the network error code (ECONNABORTED for a timeout). */
	| { kind: 'noAnswer'; code: string }
	| { kind: 'answer'; status: number; headers: IDataObject; body: unknown }
	/** The HTTP helper returned something that is not a full response. */
	| { kind: 'unreadable' };

/** Retries this request made so far; each kind has its own limit in RETRY_POLICY. */
interface RetryTally {
	/** After a 429: FullStory did nothing, so any method may retry. */
	rateLimit: number;
	/** After a 5xx or no answer: the attempt may have done the work, so repeatable calls only. */
	transient: number;
}

type RetryDecision =
	| { kind: 'retry'; counts: keyof RetryTally; waitMs: number }
	/** A 429 asking for a longer wait than RETRY_POLICY.maxRetryAfterSeconds. */
	| { kind: 'waitTooLong'; seconds: number }
	/** This request may retry, but the context's shared budget (RETRY_BUDGET) is spent. */
	| { kind: 'budgetSpent' }
	| { kind: 'stop' };

/**
 * Safe to repeat: a retry after a lost answer cannot do the work twice. GET, DELETE and HEAD by
 * their nature; any other call when it carries an idempotency key, whose repeat FullStory
 * answers with the first answer instead of doing the work again.
 */
function isRepeatable(request: FullStoryRequest): boolean {
	const { method } = request;
	return method === 'GET' || method === 'DELETE' || method === 'HEAD' || request.idempotencyKey !== undefined;
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

/** Sends the request once. Throws only what is not a network failure (nothing to retry). */
async function sendOnce(context: FullStoryContext, url: string, request: FullStoryRequest): Promise<Attempt> {
	let response: unknown;
	try {
		response = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_TYPE, {
			method: request.method,
			url,
			qs: request.qs,
			body: request.body,
			...(request.idempotencyKey === undefined ? {} : { headers: { [IDEMPOTENCY_HEADER]: request.idempotencyKey } }),
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: RETRY_POLICY.timeoutMs,
		});
	} catch (error) {
		const code = networkErrorCode(error);
		// Not a network failure (a missing credential, a cancelled execution): not ours to retry.
		if (code === undefined) throw toNodeError(context.getNode(), error, request.itemIndex);
		return { kind: 'noAnswer', code };
	}
	if (!isFullResponse(response)) return { kind: 'unreadable' };
	return { kind: 'answer', status: response.statusCode, headers: response.headers ?? {}, body: response.body };
}

/**
 * Whether, and after how long, this request may send again. A 429 is retried for any method, as
 * FullStory asks, unless it asks for too long a wait. A 5xx or a missing answer is retried with
 * exponential backoff for repeatable calls only (`isRepeatable`): the attempt may have done the work.
 */
function requestDecision(request: FullStoryRequest, attempt: Attempt, tally: RetryTally, nowMs: number): RetryDecision {
	if (attempt.kind === 'unreadable') return { kind: 'stop' };
	if (attempt.kind === 'answer' && attempt.status === 429) {
		if (tally.rateLimit >= RETRY_POLICY.rateLimitRetries) return { kind: 'stop' };
		const seconds = retryAfterSeconds(attempt.headers['retry-after'], nowMs);
		if (seconds > RETRY_POLICY.maxRetryAfterSeconds) return { kind: 'waitTooLong', seconds };
		return { kind: 'retry', counts: 'rateLimit', waitMs: seconds * 1000 };
	}
	const transient = attempt.kind === 'noAnswer' || attempt.status >= 500;
	const transientRetries = request.idempotencyKey === undefined ? RETRY_POLICY.transientRetries : RETRY_POLICY.keyedTransientRetries;
	if (transient && isRepeatable(request) && tally.transient < transientRetries) {
		// Retry n (1-based) waits backoffBaseMs * 2^(n-1).
		return { kind: 'retry', counts: 'transient', waitMs: RETRY_POLICY.backoffBaseMs * 2 ** tally.transient };
	}
	return { kind: 'stop' };
}

/** The request's own decision, held to what the context's shared budget has left. */
function retryDecision(request: FullStoryRequest, attempt: Attempt, tally: RetryTally, budget: RetryBudget): RetryDecision {
	const decision = requestDecision(request, attempt, tally, Date.now());
	if (decision.kind === 'retry' && !budgetAllows(budget, decision.waitMs)) return { kind: 'budgetSpent' };
	return decision;
}

/** The last attempt, why it was the last, and the retries before it. */
interface LastAttempt {
	attempt: Attempt;
	decision: Exclude<RetryDecision, { kind: 'retry' }>;
	tally: RetryTally;
}

async function sendWithRetries(
	context: FullStoryContext,
	url: string,
	request: FullStoryRequest,
	budget: RetryBudget,
): Promise<LastAttempt> {
	const tally: RetryTally = { rateLimit: 0, transient: 0 };
	for (;;) {
		const attempt = await sendOnce(context, url, request);
		const decision = retryDecision(request, attempt, tally, budget);
		if (decision.kind !== 'retry') return { attempt, decision, tally };
		tally[decision.counts]++;
		spend(budget, decision.waitMs);
		await sleep(decision.waitMs);
	}
}

function isSuccess(status: number): boolean {
	return status >= 200 && status < 300;
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

interface Target {
	url: string;
	/** Host (and port) of the base URL, for a network error. */
	host: string;
	credentials: ICredentialDataDecryptedObject;
}

/** Where the request goes, or a NodeOperationError thrown before anything is sent. */
async function resolveTarget(context: FullStoryContext, request: FullStoryRequest): Promise<Target> {
	// Checked before the credential is read, so a bad id never gets as far as a request.
	const path = encodePath(request.path);
	if (!path.ok) {
		throw new NodeOperationError(context.getNode(), path.problem.message, {
			description: path.problem.description,
			itemIndex: request.itemIndex,
		});
	}
	const credentials: ICredentialDataDecryptedObject = await context.getCredentials(CREDENTIAL_TYPE);
	const refusal = request.idempotencyKey === undefined ? undefined : idempotencyKeyRefusal(request.idempotencyKey, credentials.apiKey);
	if (refusal !== undefined) {
		throw new NodeOperationError(context.getNode(), refusal.message, { description: refusal.description, itemIndex: request.itemIndex });
	}
	const base = resolveBaseUrl(credentials);
	if (!base.ok) {
		throw new NodeOperationError(context.getNode(), `The FullStory credential cannot be used: ${base.problem}`, {
			description: base.fix,
			itemIndex: request.itemIndex,
		});
	}
	// resolveBaseUrl has parsed this URL already, so this cannot throw.
	const host = new URL(base.baseUrl).host;
	return { url: joinUrl(base.baseUrl, path.path), host, credentials };
}

/**
 * The key's identity for the words of a 403: `GET /me`, asked at most once per context (one
 * execution or activation, as the retry budget) and within that budget. Undefined when it cannot
 * be read, for any reason: the 403 is then worded without it, never replaced by this failure.
 */
const identities = new WeakMap<object, Promise<KeyIdentity | undefined>>();

function identityForForbidden(context: FullStoryContext): Promise<KeyIdentity | undefined> {
	let identity = identities.get(context);
	if (identity === undefined) {
		identity = attemptFullStoryRequest(context, { method: 'GET', path: ME_PATH, expected: ME_EXPECTED }, parseKeyIdentity).then(
			(outcome) => (outcome.ok ? outcome.value : undefined),
			() => undefined,
		);
		identities.set(context, identity);
	}
	return identity;
}

/** The error for a last attempt that was not a good answer, and what callers need to tell cases apart. */
function failedOutcome(
	failure: FailureContext,
	{ attempt, decision, tally }: LastAttempt,
	budget: RetryBudget,
	target: Target,
	expected: string,
): Exclude<Outcome<never>, { ok: true }> {
	const fail = (error: NodeApiError, status?: number, code?: string) => ({
		ok: false as const,
		error,
		status,
		code,
		retriedAfterUncertainAttempt: tally.transient > 0,
	});
	if (decision.kind === 'budgetSpent') {
		// Only a 429, a 5xx or a missing answer is ever retried, so one of the two is set.
		const status = attempt.kind === 'answer' ? attempt.status : undefined;
		const networkCode = attempt.kind === 'noAnswer' ? attempt.code : undefined;
		return fail(retryBudgetSpentError(failure, { status, networkCode, ...budget }), status);
	}
	if (attempt.kind === 'noAnswer') return fail(networkError(failure, target.host, attempt.code, tally.transient + 1));
	if (attempt.kind === 'unreadable' || isSuccess(attempt.status)) return fail(unexpectedResponseError(failure, expected));
	if (decision.kind === 'waitTooLong') return fail(retryAfterTooLongError(failure, decision.seconds), attempt.status);
	const apiBody = parseApiErrorBody(attempt.body);
	const body = {
		error: apiBody,
		mediaType: mediaType(attempt.headers['content-type']),
		empty: attempt.body === undefined || attempt.body === null || attempt.body === '',
	};
	return fail(statusError(failure, attempt.status, body, tally.rateLimit + tally.transient), attempt.status, apiBody?.code);
}

export async function attemptFullStoryRequest<T>(
	context: FullStoryContext,
	request: FullStoryRequest,
	parse: ResponseParser<T>,
): Promise<Outcome<T>> {
	const target = await resolveTarget(context, request);
	const budget = retryBudgetOf(context);
	const last = await sendWithRetries(context, target.url, request, budget);
	const { attempt } = last;
	if (attempt.kind === 'answer' && isSuccess(attempt.status)) {
		const parsed = parse(attempt.body, attempt.status);
		if (parsed !== undefined) return { ok: true, value: parsed };
	}
	const refusedFor = attempt.kind === 'answer' && attempt.status === 403 ? request.needs : undefined;
	const failure: FailureContext = {
		node: context.getNode(),
		itemIndex: request.itemIndex,
		notFound: request.notFound,
		redact: redactor([
			typeof target.credentials.apiKey === 'string' ? target.credentials.apiKey : undefined,
			...(request.sensitive ?? []),
		]),
	};
	if (refusedFor !== undefined) {
		const wording = forbiddenWording(refusedFor, await identityForForbidden(context));
		failure.forbidden = { message: failure.redact(wording.message), description: failure.redact(wording.description) };
	}
	return failedOutcome(failure, last, budget, target, request.expected);
}
