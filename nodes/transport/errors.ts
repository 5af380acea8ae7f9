/**
 * Turns a FullStory failure into a NodeApiError that says what happened and how to fix it.
 * Nothing here sees request headers, so neither the API key nor a signature can reach a message;
 * FullStory's own message text is passed through `redact` in case it echoes what we sent.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { ApiErrorBody } from './types';

export interface FailureContext {
	node: INode;
	itemIndex?: number;
	/** What a 404 means for this call, e.g. `webhook endpoint "abc"`. */
	notFound?: string;
	/** Replaces every occurrence of a secret in text that came from FullStory. */
	redact: (text: string) => string;
}

function apiError(
	context: FailureContext,
	status: number | undefined,
	body: ApiErrorBody | undefined,
	message: string,
	description: string,
): NodeApiError {
	const cause: JsonObject = body
		? { message: context.redact(body.message), code: body.code }
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

/** What the wording of a status error may use, each part ready to splice into a sentence. */
interface StatusFacts {
	status: number;
	/** FullStory's message, redacted, or the start of a body that was not its error shape. */
	said: string;
	/** ` (code)` when FullStory gave an error code, else empty. */
	code: string;
	/** ` It was tried N times.` after retries, else empty. */
	tried: string;
	/** What a 404 means for this call. */
	notFound: string;
}

type StatusWording = (facts: StatusFacts) => { message: string; description: string };

type StatusKey = '400' | '401' | '403' | '404' | '429' | '5xx' | 'other';

const STATUS_WORDING: Record<StatusKey, StatusWording> = {
	'400': ({ said, code }) => ({
		message: `FullStory rejected the request: ${said}`,
		description: `FullStory answered 400${code}. Correct the field it names and run the node again.`,
	}),
	'401': () => ({
		message: 'FullStory rejected the API key (401 unauthorized)',
		description:
			'The key in the FullStory credential is wrong, was revoked, or belonged to a user who was removed. Create a new Admin or Architect key in FullStory (Settings > Integrations > API Keys) and update the credential.',
	}),
	'403': () => ({
		message: 'This FullStory API key is not allowed to do that (403 forbidden)',
		description:
			'Managing webhooks needs an API key with the Admin or Architect role. If the key has that role, your FullStory plan may not include this event type: List Event Types shows the types your plan offers.',
	}),
	'404': ({ notFound }) => ({
		message: `FullStory has no ${notFound} (404)`,
		description: 'Check the ID or name. Get Many lists the webhook endpoints and event types that exist.',
	}),
	'429': ({ tried }) => ({
		message: RATE_LIMITED,
		description: `FullStory still answered 429 after waiting as it asked.${tried} Run the workflow again in a minute, or make fewer FullStory calls at once.`,
	}),
	'5xx': ({ status, said, code, tried }) => ({
		message: `FullStory had a server error (${status})`,
		description: `FullStory answered ${status}${code}: ${said}.${tried} This is on FullStory's side; try again later.`,
	}),
	other: ({ status, said, code }) => ({
		message: `FullStory answered with HTTP ${status}: ${said}`,
		description: `FullStory answered ${status}${code}. Check the credential's region or base URL.`,
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

/** An HTTP answer FullStory gave that we will not retry (any more). */
export function statusError(
	context: FailureContext,
	status: number,
	body: ApiErrorBody | undefined,
	rawText: string,
	retries: number,
): NodeApiError {
	const { message, description } = STATUS_WORDING[statusKey(status)]({
		status,
		said: context.redact(body?.message ?? (rawText.slice(0, 200) || 'no message')),
		code: body?.code ? ` (${body.code})` : '',
		tried: triedTimes(retries + 1),
		notFound: context.notFound ?? 'such resource',
	});
	return apiError(context, status, body, message, description);
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

/** FullStory could not be reached, or did not answer. */
export function networkError(context: FailureContext, host: string, code: string, attempts: number): NodeApiError {
	const cause = NETWORK_CAUSES[code] ?? `the request failed (${code})`;
	return apiError(
		context,
		undefined,
		undefined,
		`Could not reach FullStory at ${host}: ${cause}`,
		`Check the credential's region or base URL and this n8n instance's network access to ${host}.${triedTimes(attempts)}`,
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
