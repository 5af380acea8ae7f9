/**
 * One typed function per FullStory Webhooks v1 call, on top of the transport. Request bodies are
 * built here and only here, in the documented shapes (docs/fullstory-api.md §2).
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { acceptAnyBody } from '../../transport/guards';
import { fetchAllPages } from '../../transport/paginate';
import type { FullStoryContext, FullStoryRequest } from '../../transport/request';
import { attemptFullStoryRequest, fullStoryRequest } from '../../transport/request';
import { parseEndpoint, parseEndpointPage, parseEventTypeList, parseSubcategoryPage } from './guards';
import { MAX_PAGES, PAGE_SIZE, PATHS, WEBHOOKS_NEED, endpointPath, subcategoriesPath } from './paths';
import type {
	EndpointCreateBody,
	EndpointUpdateBody,
	EventTypeDefinition,
	SubcategoryDefinition,
	WebhookEndpoint,
} from './types';
import { subscriptionEntry } from './types';

function endpointNotFound(id: string): string {
	return `webhook endpoint with ID "${id}"`;
}

function getRequest(id: string, itemIndex?: number): FullStoryRequest {
	return {
		method: 'GET',
		path: endpointPath(id),
		itemIndex,
		notFound: endpointNotFound(id),
		expected: 'a webhook endpoint',
		needs: WEBHOOKS_NEED,
	};
}

function deleteRequest(id: string, itemIndex?: number): FullStoryRequest {
	return {
		method: 'DELETE',
		path: endpointPath(id),
		itemIndex,
		notFound: endpointNotFound(id),
		expected: 'a delete confirmation',
		needs: WEBHOOKS_NEED,
	};
}

export async function getEndpoint(context: FullStoryContext, id: string, itemIndex?: number): Promise<WebhookEndpoint> {
	return await fullStoryRequest(context, getRequest(id, itemIndex), parseEndpoint);
}

/** The endpoint with this id, or undefined when FullStory has none (404). */
export async function findEndpoint(context: FullStoryContext, id: string): Promise<WebhookEndpoint | undefined> {
	const outcome = await attemptFullStoryRequest(context, getRequest(id), parseEndpoint);
	if (outcome.ok) return outcome.value;
	if (outcome.status === 404) return undefined;
	throw outcome.error;
}

export async function listEndpoints(
	context: FullStoryContext,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<WebhookEndpoint[]> {
	return await fetchAllPages(context, {
		request: { path: PATHS.endpoints, itemIndex: options.itemIndex, expected: 'a list of webhook endpoints', needs: WEBHOOKS_NEED },
		parsePage: parseEndpointPage,
		paging: { family: 'v1', pageSize: PAGE_SIZE.endpoints },
		maxPages: MAX_PAGES.endpoints,
		limit: options.limit,
	});
}

function createRequest(body: EndpointCreateBody, itemIndex?: number): FullStoryRequest {
	return {
		method: 'POST',
		path: PATHS.endpoints,
		body: { url: body.url, eventTypes: body.eventTypes.map(subscriptionEntry), secret: body.secret },
		itemIndex,
		expected: 'the created webhook endpoint',
		sensitive: [body.secret],
		needs: WEBHOOKS_NEED,
	};
}

export async function createEndpoint(
	context: FullStoryContext,
	body: EndpointCreateBody,
	itemIndex?: number,
): Promise<WebhookEndpoint> {
	return await fullStoryRequest(context, createRequest(body, itemIndex), parseEndpoint);
}

export type CreateOutcome =
	| { result: 'created'; endpoint: WebhookEndpoint }
	/** FullStory already has an endpoint for this URL. */
	| { result: 'taken' }
	/** No answer arrived (timeout, dropped connection): the endpoint may or may not exist now. */
	| { result: 'unknown'; error: NodeApiError };

/** Creates the endpoint, telling apart "the URL is taken" and "no answer" from other failures. */
export async function createEndpointUnlessTaken(
	context: FullStoryContext,
	body: EndpointCreateBody,
): Promise<CreateOutcome> {
	const outcome = await attemptFullStoryRequest(context, createRequest(body), parseEndpoint);
	if (outcome.ok) return { result: 'created', endpoint: outcome.value };
	if (outcome.status === 400 && outcome.code === 'already_exists') return { result: 'taken' };
	if (outcome.status === undefined) return { result: 'unknown', error: outcome.error };
	throw outcome.error;
}

export async function updateEndpoint(
	context: FullStoryContext,
	id: string,
	body: EndpointUpdateBody,
	itemIndex?: number,
): Promise<WebhookEndpoint> {
	const payload: IDataObject = { disabled: body.disabled };
	if (body.url !== undefined) payload.url = body.url;
	if (body.eventTypes !== undefined) payload.eventTypes = body.eventTypes.map(subscriptionEntry);
	if (body.secret !== undefined) payload.secret = body.secret;
	return await fullStoryRequest(
		context,
		{
			method: 'POST',
			path: endpointPath(id),
			body: payload,
			itemIndex,
			notFound: endpointNotFound(id),
			expected: 'the updated webhook endpoint',
			sensitive: body.secret === undefined ? [] : [body.secret],
			needs: WEBHOOKS_NEED,
		},
		parseEndpoint,
	);
}

type DeleteOutcome = { deleted: true } | { deleted: false; notFound: NodeApiError };

/**
 * Deletes the endpoint. A 404 after a retry that followed a lost answer or a 5xx counts as
 * deleted: the endpoint is gone, most likely removed by the attempt whose answer we never got.
 * A 404 otherwise means it was not there; any other failure is thrown.
 */
async function deleteById(context: FullStoryContext, id: string, itemIndex?: number): Promise<DeleteOutcome> {
	const outcome = await attemptFullStoryRequest(context, deleteRequest(id, itemIndex), acceptAnyBody);
	if (outcome.ok) return { deleted: true };
	if (outcome.status !== 404) throw outcome.error;
	return outcome.retriedAfterUncertainAttempt ? { deleted: true } : { deleted: false, notFound: outcome.error };
}

/** Deletes the endpoint; an endpoint that was not there is an error (the user named it). */
export async function deleteEndpoint(context: FullStoryContext, id: string, itemIndex?: number): Promise<void> {
	const result = await deleteById(context, id, itemIndex);
	if (!result.deleted) throw result.notFound;
}

/** Deletes the endpoint; false when it was not there (a plain 404), which is just as good. */
export async function deleteEndpointIfPresent(context: FullStoryContext, id: string): Promise<boolean> {
	return (await deleteById(context, id)).deleted;
}

export async function listEventTypes(context: FullStoryContext, itemIndex?: number): Promise<EventTypeDefinition[]> {
	return await fullStoryRequest(
		context,
		{ method: 'GET', path: PATHS.eventTypes, itemIndex, expected: 'a list of event types', needs: WEBHOOKS_NEED },
		parseEventTypeList,
	);
}

export async function listSubcategories(
	context: FullStoryContext,
	eventName: string,
	options: { limit?: number; itemIndex?: number } = {},
): Promise<SubcategoryDefinition[]> {
	return await fetchAllPages(context, {
		request: {
			path: subcategoriesPath(eventName),
			itemIndex: options.itemIndex,
			notFound: `event type "${eventName}"`,
			expected: `subcategories of ${eventName}`,
			needs: WEBHOOKS_NEED,
		},
		parsePage: parseSubcategoryPage,
		paging: { family: 'v1', pageSize: PAGE_SIZE.subcategories },
		maxPages: MAX_PAGES.subcategories,
		limit: options.limit,
	});
}
