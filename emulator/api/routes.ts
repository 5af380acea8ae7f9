/**
 * The public API: Webhooks v1 and `GET /me`. Order of checks: key (401), role on `/webhooks/v1/*` (403),
 * path (404, or 400 for the catalog-only `/event_types` in strict mode), method (405, or 400 for `PUT`
 * in strict mode), then the handler.
 */
import type { ApiCall, ApiHandler } from './apiCall';
import { authenticate, canManageWebhooks } from './auth';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpointRoutes';
import { forbidden, invalidArgument, methodNotAllowed, notFound, unauthorized } from '../errors';
import { listEventTypes, listSubcategories } from './eventTypeRoutes';
import { json, type JsonResponse, type ParsedBody } from '../http';
import type { EmulatorStore } from '../state/store';

export interface ApiRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	authorization: string | undefined;
	body: ParsedBody;
}

interface Route {
	pattern: RegExp;
	/** Path shape used in messages. */
	template: string;
	handlers: Record<string, ApiHandler>;
	/** The generated catalogs update an endpoint with PUT (§0); strict mode says so instead of a bare 405. */
	catalogOnlyPut?: true;
}

const WEBHOOKS_PREFIX = '/webhooks/v1/';

function me({ caller }: ApiCall): JsonResponse {
	return json({ email: caller.email, orgId: caller.orgId, role: caller.role });
}

const ROUTES: Route[] = [
	{ pattern: /^\/me$/, template: '/me', handlers: { GET: me } },
	{
		pattern: /^\/webhooks\/v1\/endpoints$/,
		template: '/webhooks/v1/endpoints',
		handlers: { GET: listEndpoints, POST: createEndpoint },
	},
	{
		pattern: /^\/webhooks\/v1\/endpoints\/([^/]+)$/,
		template: '/webhooks/v1/endpoints/{id}',
		handlers: { GET: getEndpoint, POST: updateEndpoint, DELETE: deleteEndpoint },
		catalogOnlyPut: true,
	},
	{
		pattern: /^\/webhooks\/v1\/event-types$/,
		template: '/webhooks/v1/event-types',
		handlers: { GET: listEventTypes },
	},
	{
		pattern: /^\/webhooks\/v1\/event-types\/([^/]+)\/subcategories$/,
		template: '/webhooks/v1/event-types/{eventName}/subcategories',
		handlers: { GET: listSubcategories },
	},
];

/** The generated catalogs' path (fullstory-api.md §0); only strict mode explains it, otherwise it is unknown. */
const CATALOG_ONLY_EVENT_TYPES = /^\/webhooks\/v1\/event_types(\/|$)/;

function decodeParams(match: RegExpExecArray): string[] | undefined {
	try {
		return match.slice(1).map((segment) => decodeURIComponent(segment));
	} catch {
		return undefined;
	}
}

export function routeApiRequest(store: EmulatorStore, request: ApiRequest): JsonResponse {
	const caller = authenticate(store, request.authorization);
	if (caller === undefined) return unauthorized();
	if (request.path.startsWith(WEBHOOKS_PREFIX) && !canManageWebhooks(caller.role)) return forbidden();

	if (store.config.strict && CATALOG_ONLY_EVENT_TYPES.test(request.path)) {
		return invalidArgument(
			`path ${request.path} does not exist in the Webhooks v1 API (catalog-only shape); ` +
				'use /webhooks/v1/event-types',
		);
	}
	for (const route of ROUTES) {
		const match = route.pattern.exec(request.path);
		if (match === null) continue;
		const params = decodeParams(match);
		if (params === undefined) return notFound();
		if (!Object.hasOwn(route.handlers, request.method)) {
			if (store.config.strict && request.method === 'PUT' && route.catalogOnlyPut === true) {
				return invalidArgument(
					`PUT is not supported on ${route.template} (catalog-only shape); ` +
						'the Webhooks v1 API updates an endpoint with POST',
				);
			}
			return methodNotAllowed(request.method, route.template, Object.keys(route.handlers));
		}
		return route.handlers[request.method]({ store, caller, query: request.query, body: request.body, params });
	}
	return notFound();
}
