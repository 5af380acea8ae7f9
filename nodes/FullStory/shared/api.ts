/**
 * One typed function per FullStory Webhooks v1 call, on top of the transport. Request bodies are
 * built here and only here, in the documented shapes (shared/fullstory-api.md §2).
 */
import type { IDataObject, NodeApiError } from 'n8n-workflow';

import { MAX_PAGES, PAGE_SIZE, PATHS, endpointPath, subcategoriesPath } from './constants';
import {
	acceptAnyBody,
	parseEndpoint,
	parseEndpointPage,
	parseEventTypeList,
	parseKeyIdentity,
	parseSubcategoryPage,
} from './guards';
import { fetchAllPages } from './paginate';
import type { FullStoryContext, FullStoryRequest } from './transport';
import { attemptFullStoryRequest, fullStoryRequest } from './transport';
import type {
	EndpointCreateBody,
	EndpointUpdateBody,
	EventSubscription,
	EventTypeDefinition,
	KeyIdentity,
	SubcategoryDefinition,
	WebhookEndpoint,
} from './types';

/** Exactly `{eventName, subcategory?}` per entry: the documented object shape, never bare strings. */
function subscriptionBody(subscriptions: EventSubscription[]): IDataObject[] {
	return subscriptions.map(({ eventName, subcategory }) =>
		subcategory === undefined ? { eventName } : { eventName, subcategory },
	);
}

/** FullStory derives an endpoint's id from its URL: base64url without padding (§2.2). */
export function endpointIdForUrl(url: string): string {
	return Buffer.from(url, 'utf8').toString('base64url');
}

function endpointNotFound(id: string): string {
	return `webhook endpoint with ID "${id}"`;
}

function getRequest(id: string, itemIndex?: number): FullStoryRequest {
	return { method: 'GET', path: endpointPath(id), itemIndex, notFound: endpointNotFound(id), expected: 'a webhook endpoint' };
}

function deleteRequest(id: string, itemIndex?: number): FullStoryRequest {
	return { method: 'DELETE', path: endpointPath(id), itemIndex, notFound: endpointNotFound(id), expected: 'a delete confirmation' };
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
		request: { path: PATHS.endpoints, itemIndex: options.itemIndex, expected: 'a list of webhook endpoints' },
		parsePage: parseEndpointPage,
		pageSize: PAGE_SIZE.endpoints,
		maxPages: MAX_PAGES.endpoints,
		limit: options.limit,
	});
}

function createRequest(body: EndpointCreateBody, itemIndex?: number): FullStoryRequest {
	return {
		method: 'POST',
		path: PATHS.endpoints,
		body: { url: body.url, eventTypes: subscriptionBody(body.eventTypes), secret: body.secret },
		itemIndex,
		expected: 'the created webhook endpoint',
		sensitive: [body.secret],
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
	if (body.eventTypes !== undefined) payload.eventTypes = subscriptionBody(body.eventTypes);
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
		},
		parseEndpoint,
	);
}

export async function deleteEndpoint(context: FullStoryContext, id: string, itemIndex?: number): Promise<void> {
	await fullStoryRequest(context, deleteRequest(id, itemIndex), acceptAnyBody);
}

/** Deletes the endpoint; false when it was already gone (404), which is just as good. */
export async function deleteEndpointIfPresent(context: FullStoryContext, id: string): Promise<boolean> {
	const outcome = await attemptFullStoryRequest(context, deleteRequest(id), acceptAnyBody);
	if (outcome.ok) return true;
	if (outcome.status === 404) return false;
	throw outcome.error;
}

export async function listEventTypes(context: FullStoryContext, itemIndex?: number): Promise<EventTypeDefinition[]> {
	return await fullStoryRequest(
		context,
		{ method: 'GET', path: PATHS.eventTypes, itemIndex, expected: 'a list of event types' },
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
		},
		parsePage: parseSubcategoryPage,
		pageSize: PAGE_SIZE.subcategories,
		maxPages: MAX_PAGES.subcategories,
		limit: options.limit,
	});
}

export async function getKeyIdentity(context: FullStoryContext): Promise<KeyIdentity> {
	return await fullStoryRequest(
		context,
		{ method: 'GET', path: PATHS.me, expected: 'the API key owner (GET /me)' },
		parseKeyIdentity,
	);
}
