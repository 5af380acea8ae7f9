/** List Event Types and List Event Subcategories (fullstory-api.md §2.6–§2.8), from the caller's org catalog. */
import type { ApiCall } from './apiCall';
import { notFound } from '../errors';
import { json, type JsonResponse } from '../http';
import { paginate, parsePageRequest } from './pagination';

export const MAX_SUBCATEGORIES_PAGE = 1000;

/** Unpaginated: no query parameters are documented for it. */
export function listEventTypes({ store, caller }: ApiCall): JsonResponse {
	return json({ eventDefs: store.catalog(caller.orgId).eventDefs() });
}

export function listSubcategories({ store, caller, params, query }: ApiCall): JsonResponse {
	const catalog = store.catalog(caller.orgId);
	const eventName = params[0];
	if (catalog.find(eventName) === undefined) return notFound();
	const request = parsePageRequest(query, MAX_SUBCATEGORIES_PAGE);
	if (!request.ok) return request.error;
	const page = paginate(catalog.subcategoriesOf(eventName), request.value);
	return json({
		subcategoryDefs: page.items.map(({ subcategory, displayName }) => ({ subcategory, displayName })),
		...(page.nextPaginationToken === undefined ? {} : { nextPaginationToken: page.nextPaginationToken }),
	});
}
