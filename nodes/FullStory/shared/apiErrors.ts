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

/** An HTTP answer FullStory gave that we will not retry (any more). */
export function statusError(
	context: FailureContext,
	status: number,
	body: ApiErrorBody | undefined,
	rawText: string,
	retries: number,
): NodeApiError {
	const said = context.redact(body?.message ?? (rawText.slice(0, 200) || 'no message'));
	const code = body?.code ? ` (${body.code})` : '';
	const retried = retries > 0 ? ` It was tried ${retries + 1} times.` : '';

	switch (status) {
		case 400:
			return apiError(
				context,
				status,
				body,
				`FullStory rejected the request: ${said}`,
				`FullStory answered 400${code}. Correct the field it names and run the node again.`,
			);
		case 401:
			return apiError(
				context,
				status,
				body,
				'FullStory rejected the API key (401 unauthorized)',
				'The key in the FullStory credential is wrong, was revoked, or belonged to a user who was removed. Create a new Admin or Architect key in FullStory (Settings > Integrations > API Keys) and update the credential.',
			);
		case 403:
			return apiError(
				context,
				status,
				body,
				'This FullStory API key is not allowed to do that (403 forbidden)',
				'Managing webhooks needs an API key with the Admin or Architect role. If the key has that role, your FullStory plan may not include this event type: List Event Types shows the types your plan offers.',
			);
		case 404:
			return apiError(
				context,
				status,
				body,
				`FullStory has no ${context.notFound ?? 'such resource'} (404)`,
				'Check the ID or name. Get Many lists the webhook endpoints and event types that exist.',
			);
		case 429:
			return apiError(
				context,
				status,
				body,
				'FullStory is rate limiting these requests (429 too many requests)',
				`FullStory still answered 429 after waiting as it asked.${retried} Run the workflow again in a minute, or make fewer FullStory calls at once.`,
			);
		default:
			if (status >= 500) {
				return apiError(
					context,
					status,
					body,
					`FullStory had a server error (${status})`,
					`FullStory answered ${status}${code}: ${said}.${retried} This is on FullStory's side; try again later.`,
				);
			}
			return apiError(
				context,
				status,
				body,
				`FullStory answered with HTTP ${status}: ${said}`,
				`FullStory answered ${status}${code}. Check the credential's region or base URL.`,
			);
	}
}

/** A rate-limit answer whose requested wait is longer than we are willing to block for. */
export function retryAfterTooLongError(context: FailureContext, seconds: number): NodeApiError {
	return apiError(
		context,
		429,
		undefined,
		'FullStory is rate limiting these requests (429 too many requests)',
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
	const tried = attempts > 1 ? ` It was tried ${attempts} times.` : '';
	return apiError(
		context,
		undefined,
		undefined,
		`Could not reach FullStory at ${host}: ${cause}`,
		`Check the credential's region or base URL and this n8n instance's network access to ${host}.${tried}`,
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
