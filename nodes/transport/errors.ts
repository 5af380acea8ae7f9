/**
 * Turns a FullStory failure into a NodeApiError that says what happened and how to fix it.
 * Nothing here sees request headers, so neither the API key nor a signature can reach a message;
 * FullStory's own message text is passed through `redact` in case it echoes what we sent.
 *
 * Only FullStory's error shape (`{message, code}`) is quoted. Any other body is described by its
 * media type alone: a custom base URL can point anywhere, and what an arbitrary server answers
 * must not be reflected into n8n's error text.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { RETRY_BUDGET } from './policy';
import type { ApiErrorBody } from './types';

export interface FailureContext {
	node: INode;
	itemIndex?: number;
	/** What a 404 means for this call, e.g. `webhook endpoint "abc"`. */
	notFound?: string;
	/**
	 * What a 403 means for this call: the role it needs and the role the key has, in words
	 * (api/account/roles.ts). Set by the transport for a 403 only.
	 */
	forbidden?: Wording;
	/** Replaces every occurrence of a secret in text that came from FullStory. */
	redact: (text: string) => string;
}

/** Longest piece of FullStory's text quoted: its messages are a sentence, a long one is not for people. */
const MAX_QUOTED_LENGTH = 500;

/** Text from an answer, redacted, on one line, and cut to a length a message can carry. */
function quoted(context: FailureContext, text: string): string {
	let line = '';
	for (const character of context.redact(text)) {
		const code = character.charCodeAt(0);
		line += code < 0x20 || code === 0x7f ? ' ' : character;
	}
	return line.length > MAX_QUOTED_LENGTH ? `${line.slice(0, MAX_QUOTED_LENGTH)}…` : line;
}

function apiError(
	context: FailureContext,
	status: number | undefined,
	body: ApiErrorBody | undefined,
	message: string,
	description: string,
): NodeApiError {
	const cause: JsonObject = body
		? { message: quoted(context, body.message), code: quoted(context, body.code) }
		: { message: context.redact(message) };
	return new NodeApiError(context.node, cause, {
		message,
		description,
		httpCode: status === undefined ? undefined : String(status),
		itemIndex: context.itemIndex,
	});
}

/** "It was tried N times." when there was more than one attempt, so the user knows we retried. */
function triedTimes(attempts: number): string {
	return attempts > 1 ? ` It was tried ${attempts} times.` : '';
}

const RATE_LIMITED = 'FullStory is rate limiting these requests (429 too many requests)';

/** An error's two texts: what happened, and what to do about it. */
export interface Wording {
	message: string;
	description: string;
}

/** A 403 of a call that did not say which role it needs (`needs` in request.ts). */
const FORBIDDEN: Wording = {
	message: 'This FullStory API key is not allowed to do that (403 forbidden)',
	description:
		"FullStory refused the call for the key in the credential: the key's role may not allow it, or your FullStory plan may not include the feature. Check the key's role in FullStory > Settings > Integrations > API Keys.",
};

/** What the wording of a status error may use, each part ready to splice into a sentence. */
interface StatusFacts {
	status: number;
	/** FullStory's message, quoted, or what kind of body came instead of FullStory's error shape. */
	said: string;
	/** ` (code)` when FullStory gave an error code, else empty. */
	code: string;
	/** ` It was tried N times.` after retries, else empty. */
	tried: string;
	/** What a 404 means for this call. */
	notFound: string;
	/** What a 403 means for this call. */
	forbidden: Wording;
	/** A sentence, with a leading space, when the body was not FullStory's error; else empty. */
	notFullStory: string;
}

type StatusWording = (facts: StatusFacts) => Wording;

type StatusKey = '400' | '401' | '403' | '404' | '429' | '5xx' | 'other';

const STATUS_WORDING: Record<StatusKey, StatusWording> = {
	'400': ({ said, code, notFullStory }) => ({
		message: `FullStory rejected the request: ${said}`,
		description:
			notFullStory === ''
				? `FullStory answered 400${code}. Correct the field it names and run the node again.`
				: `FullStory answered 400.${notFullStory}`,
	}),
	'401': () => ({
		message: 'FullStory rejected the API key (401 unauthorized)',
		description:
			'The key in the FullStory credential is wrong, was revoked, or belonged to a user who was removed. Create a new Admin or Architect key in FullStory (Settings > Integrations > API Keys) and update the credential.',
	}),
	'403': ({ forbidden }) => forbidden,
	'404': ({ notFound }) => ({
		message: `FullStory has no ${notFound} (404)`,
		description: 'Check the ID or name. Get Many lists the webhook endpoints and event types that exist.',
	}),
	'429': ({ tried }) => ({
		message: RATE_LIMITED,
		description: `FullStory still answered 429 after waiting as it asked.${tried} Run the workflow again in a minute, or make fewer FullStory calls at once.`,
	}),
	'5xx': ({ status, said, code, tried, notFullStory }) => ({
		message: `FullStory had a server error (${status})`,
		description: `FullStory answered ${status}${code}: ${said}.${tried} This is on FullStory's side; try again later.${notFullStory}`,
	}),
	other: ({ status, said, code, notFullStory }) => ({
		message: `FullStory answered with HTTP ${status}: ${said}`,
		description:
			notFullStory === ''
				? `FullStory answered ${status}${code}. Check the credential's region or base URL.`
				: `FullStory answered ${status}.${notFullStory}`,
	}),
};

function isStatusKey(key: string): key is StatusKey {
	return Object.hasOwn(STATUS_WORDING, key);
}

function statusKey(status: number): StatusKey {
	if (status >= 500) return '5xx';
	const key = String(status);
	return isStatusKey(key) ? key : 'other';
}

/** The body of an answer that failed: FullStory's error, or only the kind of body it was. */
export interface FailedBody {
	/** FullStory's `{message, code}`, when the body had that shape. */
	error?: ApiErrorBody;
	/** The checked media type of a body that did not (see `mediaType`). */
	mediaType?: string;
	empty: boolean;
}

const NOT_FULLSTORY =
	" Answers not in FullStory's error format are not shown. If the credential uses a custom base URL, check that it points at the FullStory API, or at a proxy that passes FullStory's answers on.";

/** Stands in for a body that is not FullStory's error, naming its media type at most. */
function otherBody(body: FailedBody): string {
	if (body.empty) return 'no FullStory error message (the answer was empty)';
	if (body.mediaType === undefined) return 'no FullStory error message';
	return `no FullStory error message (the answer was ${body.mediaType})`;
}

/** An HTTP answer FullStory gave that we will not retry (any more). */
export function statusError(context: FailureContext, status: number, body: FailedBody, retries: number): NodeApiError {
	const { error } = body;
	const { message, description } = STATUS_WORDING[statusKey(status)]({
		status,
		said: error === undefined ? otherBody(body) : quoted(context, error.message),
		code: error?.code ? ` (${quoted(context, error.code)})` : '',
		tried: triedTimes(retries + 1),
		notFound: context.notFound ?? 'such resource',
		forbidden: context.forbidden ?? FORBIDDEN,
		notFullStory: error === undefined ? NOT_FULLSTORY : '',
	});
	return apiError(context, status, error, message, description);
}

/** A rate-limit answer whose requested wait is longer than we are willing to block for. */
export function retryAfterTooLongError(context: FailureContext, seconds: number): NodeApiError {
	return apiError(
		context,
		429,
		undefined,
		RATE_LIMITED,
		`FullStory asked to wait ${seconds} s before the next call, which is longer than this node waits. Run the workflow again later.`,
	);
}

/** FullStory answered 2xx with a body that is not the documented shape. */
export function unexpectedResponseError(context: FailureContext, expected: string): NodeApiError {
	return apiError(
		context,
		undefined,
		undefined,
		`FullStory answered with something other than ${expected}`,
		"The response did not have the documented shape. If the credential uses a custom base URL, check that it points at the FullStory API (for example https://api.fullstory.com), not at a web page.",
	);
}

const NETWORK_CAUSES: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before FullStory answered',
	EPIPE: 'the connection was closed before FullStory answered',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'FullStory did not answer in time',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host could not be reached',
	ENETUNREACH: 'the network could not be reached',
};

function networkCause(code: string): string {
	return NETWORK_CAUSES[code] ?? `the request failed (${code})`;
}

/** FullStory could not be reached, or did not answer. */
export function networkError(context: FailureContext, host: string, code: string, attempts: number): NodeApiError {
	const cause = networkCause(code);
	return apiError(
		context,
		undefined,
		undefined,
		`Could not reach FullStory at ${host}: ${cause}`,
		`Check the credential's region or base URL and this n8n instance's network access to ${host}.${triedTimes(attempts)}`,
	);
}

/** What the last attempt that used up the retry budget came to, and what the budget had spent. */
export interface BudgetFacts {
	/** The HTTP status of the last answer; undefined when none came. */
	status?: number;
	/** The network error code when no answer came. */
	networkCode?: string;
	retries: number;
	waitedMs: number;
	maxRetries: number;
	maxWaitMs: number;
}

function keptFailing({ status, networkCode }: BudgetFacts): string {
	if (status === 429) return 'answering 429 (too many requests)';
	if (status !== undefined) return `answering ${status} (server error)`;
	return `failing to answer (${networkCause(networkCode ?? 'unknown')})`;
}

/** Seconds with at most one decimal: 1.5, 80. */
function seconds(ms: number): string {
	return String(Math.round(ms / 100) / 10);
}

/** The execution's (or activation's) shared retry budget ran out (RETRY_BUDGET in policy.ts). */
export function retryBudgetSpentError(context: FailureContext, facts: BudgetFacts): NodeApiError {
	const fewerCalls = facts.status === 429 ? ', or make fewer FullStory calls at once' : '';
	return apiError(
		context,
		facts.status,
		undefined,
		`FullStory kept ${keptFailing(facts)}; gave up after ${facts.retries} retries and ${seconds(facts.waitedMs)} s in this execution`,
		`This node retries at most ${facts.maxRetries} times and waits at most ${seconds(facts.maxWaitMs)} s in all in this execution (${RETRY_BUDGET.maxRetries} retries and ${seconds(RETRY_BUDGET.maxWaitMs)} s, plus ${RETRY_BUDGET.perItem.retries} and ${seconds(RETRY_BUDGET.perItem.waitMs)} s per input item after the first; per activation for the trigger), so that a struggling FullStory cannot hold the workflow up. Run it again in a few minutes${fewerCalls}.`,
	);
}

/**
 * An error from n8n or our own code, as the node error n8n shows: node errors pass through
 * unchanged, anything else is wrapped with the item it happened on.
 */
export function toNodeError(node: INode, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(node, error instanceof Error ? error : String(error), { itemIndex });
}
