/**
 * The public API: Webhooks v1, `GET /me` and the v2 APIs (v2/routes.ts; `/v2beta/*` is matched as
 * `/v2/*`). Order of checks: key (401), the optional per-key rate limit (429), role on `/webhooks/v1/*` (403,
 * before the path), in strict mode the known-wrong paths (400 naming the mistake), path (404),
 * method (405, or 400 for a known-wrong method in strict mode), role (403), then the handler, behind
 * `Idempotency-Key` where the route honours it.
 */
import type { ApiCall } from './apiCall';
import { authenticate } from './auth';
import { createEndpoint, deleteEndpoint, getEndpoint, listEndpoints, updateEndpoint } from './endpointRoutes';
import { forbidden, invalidArgument, methodNotAllowed, notFound, tooManyRequests, unauthorized } from '../errors';
import { listEventTypes, listSubcategories } from './eventTypeRoutes';
import { json, type JsonResponse, type ParsedBody } from '../http';
import { mayCall } from './roles';
import type { Route, RouteHandler, WrongPath } from './route';
import type { EmulatorStore } from '../state/store';
import type { ApiKeyRecord } from '../state/types';
import { withIdempotency } from './v2/idempotency';
import { advanceOrg } from './v2/jobRunner';
import { canonicalV2Path, V2_ROUTES, V2_WRONG_PATHS } from './v2/routes';

export interface ApiRequest {
	method: string;
	path: string;
	query: URLSearchParams;
	authorization: string | undefined;
	body: ParsedBody;
	/** The body as received, for `Idempotency-Key`'s comparison. */
	rawBody: Buffer;
	idempotencyKey: string | undefined;
	nowMs: number;
}

/** The answer, and whether it is an idempotent replay (the request log records it). */
export interface RoutedReply {
	reply: JsonResponse;
	idempotentReplay: boolean;
}

const WEBHOOKS_PREFIX = '/webhooks/v1/';

function me({ caller }: ApiCall): JsonResponse {
	return json({ email: caller.email, orgId: caller.orgId, role: caller.role });
}

const webhooks = (run: RouteHandler['run']): RouteHandler => ({ operation: 'webhooks', run });

const PUT_ADVICE = 'the Webhooks v1 API updates an endpoint with POST (PUT is the catalog-only shape)';

const ROUTES: readonly Route[] = [
	{ pattern: /^\/me$/, template: '/me', handlers: { GET: { operation: 'me', run: me } } },
	{
		pattern: /^\/webhooks\/v1\/endpoints$/,
		template: '/webhooks/v1/endpoints',
		handlers: { GET: webhooks(listEndpoints), POST: webhooks(createEndpoint) },
	},
	{
		pattern: /^\/webhooks\/v1\/endpoints\/([^/]+)$/,
		template: '/webhooks/v1/endpoints/{id}',
		handlers: { GET: webhooks(getEndpoint), POST: webhooks(updateEndpoint), DELETE: webhooks(deleteEndpoint) },
		strictMethodAdvice: { PUT: PUT_ADVICE },
	},
	{
		pattern: /^\/webhooks\/v1\/event-types$/,
		template: '/webhooks/v1/event-types',
		handlers: { GET: webhooks(listEventTypes) },
	},
	{
		pattern: /^\/webhooks\/v1\/event-types\/([^/]+)\/subcategories$/,
		template: '/webhooks/v1/event-types/{eventName}/subcategories',
		handlers: { GET: webhooks(listSubcategories) },
	},
	...V2_ROUTES,
];

const WRONG_PATHS: readonly WrongPath[] = [
	// The generated catalogs' path (fullstory-api.md §0); only strict mode explains it, otherwise it is unknown.
	{
		pattern: /^\/webhooks\/v1\/event_types(\/|$)/,
		advice: 'it does not exist in the Webhooks v1 API (catalog-only shape); use /webhooks/v1/event-types',
	},
	...V2_WRONG_PATHS,
];

function decodeParams(match: RegExpExecArray): string[] | undefined {
	try {
		return match.slice(1).map((segment) => decodeURIComponent(segment));
	} catch {
		return undefined;
	}
}

const plain = (reply: JsonResponse): RoutedReply => ({ reply, idempotentReplay: false });

function wrongMethod(store: EmulatorStore, method: string, route: Route): JsonResponse {
	const advice = route.strictMethodAdvice?.[method];
	if (store.config.strict && advice !== undefined) {
		return invalidArgument(`${method} is not supported on ${route.template}; ${advice}`);
	}
	return methodNotAllowed(method, route.template, Object.keys(route.handlers));
}

function run(store: EmulatorStore, caller: ApiKeyRecord, request: ApiRequest, path: string, route: Route, params: string[]): RoutedReply {
	const handler = route.handlers[request.method];
	if (!mayCall(handler.operation, caller.role, store.config.roleOverrides)) return plain(forbidden());
	if (route.v2 === true) advanceOrg(store, caller.orgId, request.nowMs);
	const call: ApiCall = { store, caller, query: request.query, body: request.body, params, nowMs: request.nowMs };
	if (handler.idempotent !== true) return plain(handler.run(call));
	const answer = withIdempotency(
		{
			store,
			orgId: caller.orgId,
			key: request.idempotencyKey,
			method: request.method,
			path,
			rawBody: request.rawBody,
			nowMs: request.nowMs,
		},
		() => handler.run(call),
	);
	return { reply: answer.reply, idempotentReplay: answer.replayed };
}

export function routeApiRequest(store: EmulatorStore, request: ApiRequest): RoutedReply {
	const caller = authenticate(store, request.authorization);
	if (caller === undefined) return plain(unauthorized());
	const { rateLimit } = store.config;
	const wait = rateLimit === null ? undefined : store.v2.rateLimits.take(caller.key, rateLimit, request.nowMs);
	if (wait !== undefined) return plain(tooManyRequests(String(wait)));
	const path = canonicalV2Path(request.path);
	if (path.startsWith(WEBHOOKS_PREFIX) && !mayCall('webhooks', caller.role, store.config.roleOverrides)) return plain(forbidden());
	const wrong = store.config.strict ? WRONG_PATHS.find((candidate) => candidate.pattern.test(path)) : undefined;
	if (wrong !== undefined) return plain(invalidArgument(`path ${request.path}: ${wrong.advice}`));

	for (const route of ROUTES) {
		const match = route.pattern.exec(path);
		if (match === null) continue;
		const params = decodeParams(match);
		if (params === undefined) return plain(notFound());
		if (!Object.hasOwn(route.handlers, request.method)) return plain(wrongMethod(store, request.method, route));
		return run(store, caller, request, path, route, params);
	}
	return plain(notFound());
}
