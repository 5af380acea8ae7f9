/**
 * What a promise rejected with, checked with `instanceof` and typed accordingly, so tests read an
 * error's fields without casting. Each throws, failing the test with what happened instead, when
 * the promise resolves or rejects with something of another class.
 */
import { inspect } from 'util';
import { NodeApiError, NodeError, NodeOperationError } from 'n8n-workflow';

/** Any error class, abstract ones (NodeError) included. */
export type ErrorClass<T extends Error> = abstract new (...args: never[]) => T;

function described(value: unknown): string {
	if (value instanceof Error) return `${value.constructor.name}: ${value.message}`;
	return inspect(value, { depth: 2, breakLength: Infinity }).slice(0, 300);
}

export async function rejectionOf<T extends Error>(promise: Promise<unknown>, type: ErrorClass<T>): Promise<T> {
	const outcome = await promise.then(
		(value: unknown) => ({ rejected: false as const, value }),
		(error: unknown) => ({ rejected: true as const, error }),
	);
	if (!outcome.rejected) throw new Error(`Expected a rejection with ${type.name}, but it resolved with ${described(outcome.value)}`);
	if (!(outcome.error instanceof type)) throw new Error(`Expected a rejection with ${type.name}, but it rejected with ${described(outcome.error)}`);
	return outcome.error;
}

/** Any Error. */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
	return await rejectionOf(promise, Error);
}

/** n8n's error for a failed call to FullStory (what httpRequestWithAuthentication throws). */
export async function apiRejection(promise: Promise<unknown>): Promise<NodeApiError> {
	return await rejectionOf(promise, NodeApiError);
}

/** n8n's error for a refusal by the node itself, before or instead of a call. */
export async function operationRejection(promise: Promise<unknown>): Promise<NodeOperationError> {
	return await rejectionOf(promise, NodeOperationError);
}

/** Either of n8n's node errors (NodeApiError or NodeOperationError), with their description and context. */
export async function nodeRejection(promise: Promise<unknown>): Promise<NodeError> {
	return await rejectionOf(promise, NodeError);
}
