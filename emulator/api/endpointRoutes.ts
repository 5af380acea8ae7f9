/** Create, list, get, update and delete endpoints (docs/fullstory-api.md §2.1–§2.5). */
import { jsonBody, type ApiCall } from './apiCall';
import { endpointIdAfterUpdate, newEndpointId } from './endpointIds';
import { parseCreateInput, parseUpdateInput } from './endpointInput';
import { alreadyExists, notFound } from '../errors';
import { json, type JsonResponse } from '../http';
import { paginate, parsePageRequest } from './pagination';
import type { EmulatorStore } from '../state/store';
import type { StoredEndpoint } from '../state/types';
import type { EndpointView } from './types';

export const MAX_ENDPOINTS_PAGE = 100;

/** The public view: documented fields only, no secret, no empty subcategory. */
export function endpointView(endpoint: StoredEndpoint): EndpointView {
	return {
		id: endpoint.id,
		created: endpoint.created,
		modified: endpoint.modified,
		enabled: endpoint.enabled,
		url: endpoint.url,
		eventTypes: endpoint.eventTypes.map(({ eventName, subcategory }) =>
			subcategory === undefined ? { eventName } : { eventName, subcategory },
		),
	};
}

/** Strictly later than the previous value, so a change is visible even within the same millisecond. */
function nextModified(previous: string): string {
	return new Date(Math.max(Date.now(), Date.parse(previous) + 1)).toISOString();
}

function urlInUse(url: string, holder: StoredEndpoint): JsonResponse {
	return alreadyExists(`an endpoint with url "${url}" already exists (id ${holder.id})`);
}

/**
 * An id another endpoint holds. URLs are unique per org, so this happens only after a mode switch: an
 * endpoint that kept its URL-derived id across a URL change in 'opaque' mode still holds the old URL's id.
 */
function idHeldByAnother(
	store: EmulatorStore,
	orgId: string,
	id: string,
	self: StoredEndpoint | undefined,
): JsonResponse | undefined {
	const holder = store.findEndpoint(orgId, id);
	if (holder === undefined || holder === self) return undefined;
	return alreadyExists(`endpoint id ${id} is held by the endpoint with url "${holder.url}"`);
}

export function createEndpoint({ store, caller, body }: ApiCall): JsonResponse {
	const parsedBody = jsonBody(body);
	if (!parsedBody.ok) return parsedBody.error;
	const input = parseCreateInput(parsedBody.value, store.catalog(caller.orgId), store.config);
	if (!input.ok) return input.error;
	const { url, eventTypes, secret } = input.value;
	const existing = store.findEndpointByUrl(caller.orgId, url);
	if (existing !== undefined && store.config.duplicateUrl === 'reject') return urlInUse(url, existing);
	const id = newEndpointId(store.config.endpointIds, url);
	const clash = idHeldByAnother(store, caller.orgId, id, existing);
	if (clash !== undefined) return clash;
	const now = new Date().toISOString();
	const endpoint: StoredEndpoint = {
		id,
		created: now,
		modified: now,
		enabled: true,
		url,
		eventTypes,
		orgId: caller.orgId,
		secret,
	};
	if (existing === undefined) store.insertEndpoint(endpoint);
	else store.replaceEndpoint(existing.id, endpoint);
	return json(endpointView(endpoint));
}

export function listEndpoints({ store, caller, query }: ApiCall): JsonResponse {
	const request = parsePageRequest(query, MAX_ENDPOINTS_PAGE);
	if (!request.ok) return request.error;
	const page = paginate(store.endpointsOf(caller.orgId), request.value);
	return json({
		endpoints: page.items.map(endpointView),
		...(page.nextPaginationToken === undefined ? {} : { nextPaginationToken: page.nextPaginationToken }),
	});
}

export function getEndpoint({ store, caller, params }: ApiCall): JsonResponse {
	const endpoint = store.findEndpoint(caller.orgId, params[0]);
	return endpoint === undefined ? notFound() : json(endpointView(endpoint));
}

/**
 * Applies the §2.5 rules: absent `disabled` re-enables, empty fields keep their value, a new URL re-keys
 * (in 'url' id mode; an opaque id stays).
 */
export function updateEndpoint({ store, caller, params, body }: ApiCall): JsonResponse {
	const current = store.findEndpoint(caller.orgId, params[0]);
	if (current === undefined) return notFound();
	const parsedBody = jsonBody(body);
	if (!parsedBody.ok) return parsedBody.error;
	const input = parseUpdateInput(parsedBody.value, store.catalog(caller.orgId), store.config);
	if (!input.ok) return input.error;
	const url = input.value.url ?? current.url;
	const sameUrl = store.findEndpointByUrl(caller.orgId, url);
	if (sameUrl !== undefined && sameUrl !== current) return urlInUse(url, sameUrl);
	const id = endpointIdAfterUpdate(store.config.endpointIds, current, url);
	const clash = idHeldByAnother(store, caller.orgId, id, current);
	if (clash !== undefined) return clash;
	const updated: StoredEndpoint = {
		...current,
		id,
		url,
		eventTypes: input.value.eventTypes ?? current.eventTypes,
		secret: input.value.secret ?? current.secret,
		enabled: input.value.enabled,
		modified: nextModified(current.modified),
	};
	store.replaceEndpoint(current.id, updated);
	return json(endpointView(updated));
}

export function deleteEndpoint({ store, caller, params }: ApiCall): JsonResponse {
	return store.deleteEndpoint(caller.orgId, params[0]) ? json({}) : notFound();
}
