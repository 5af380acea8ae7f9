/**
 * The v2 Users, Events, batch import and Annotations routes (docs/fullstory-server-api.md §2–§4, §8),
 * each method with its row of the role matrix, and the known-wrong shapes strict mode explains (§13.16).
 * `/v2beta/*` is the same API (§1.7): the router matches it as `/v2/*`.
 */
import type { Route, RouteHandler, WrongPath } from '../route';
import type { Operation } from '../roles';
import type { ApiHandler } from '../apiCall';
import { createAnnotation } from './annotations';
import { createEvent } from './events';
import { jobHandlers } from './jobs';
import { createUser, deleteUser, deleteUserByUid, getUser, listUsers, updateUser } from './users';
import type { JobKind } from '../../state/v2/types';

const V2_BETA = /^\/v2beta(?=\/|$)/;

/** The path as the v2 routes know it: `/v2beta/users` is `/v2/users`. */
export function canonicalV2Path(path: string): string {
	return path.replace(V2_BETA, '/v2');
}

function handler(operation: Operation, run: ApiHandler, idempotent = false): RouteHandler {
	return idempotent ? { operation, run, idempotent: true } : { operation, run };
}

const UPDATE_ADVICE = 'FullStory updates a user with POST /v2/users/{id} (PATCH is the shape of unofficial clients, §12)';

function jobRoutes(kind: JobKind): Route[] {
	const jobs = jobHandlers(kind);
	const base = `/v2/${kind}/batch`;
	return [
		{ pattern: new RegExp(`^/v2/${kind}/batch$`), template: base, handlers: { POST: handler('batch.create', jobs.create, true) } },
		{ pattern: new RegExp(`^/v2/${kind}/batch/([^/]+)$`), template: `${base}/{job_id}`, handlers: { GET: handler('batch.status', jobs.status) } },
		{
			pattern: new RegExp(`^/v2/${kind}/batch/([^/]+)/imports$`),
			template: `${base}/{job_id}/imports`,
			handlers: { GET: handler('batch.imports', jobs.imports) },
		},
		{
			pattern: new RegExp(`^/v2/${kind}/batch/([^/]+)/errors$`),
			template: `${base}/{job_id}/errors`,
			handlers: { GET: handler('batch.errors', jobs.errors) },
		},
	];
}

const ROUTES: Route[] = [
	{
		pattern: /^\/v2\/users$/,
		template: '/v2/users',
		handlers: {
			GET: handler('users.list', listUsers),
			POST: handler('users.create', createUser, true),
			DELETE: handler('users.delete', deleteUserByUid),
		},
	},
	// Before `/v2/users/{id}`, which would take "batch" for an id.
	...jobRoutes('users'),
	{
		pattern: /^\/v2\/users\/([^/]+)$/,
		template: '/v2/users/{id}',
		handlers: {
			GET: handler('users.get', getUser),
			POST: handler('users.update', updateUser),
			DELETE: handler('users.delete', deleteUser),
		},
		strictMethodAdvice: { PATCH: UPDATE_ADVICE, PUT: UPDATE_ADVICE },
	},
	{ pattern: /^\/v2\/events$/, template: '/v2/events', handlers: { POST: handler('events.create', createEvent, true) } },
	...jobRoutes('events'),
	{
		pattern: /^\/v2\/annotations$/,
		template: '/v2/annotations',
		handlers: { POST: handler('annotations.create', createAnnotation, true) },
	},
];

export const V2_ROUTES: readonly Route[] = ROUTES.map((route) => ({ ...route, v2: true }));

/** Paths that unofficial or inconsistent sources call (§12, §13.16), refused in strict mode by name. */
export const V2_WRONG_PATHS: readonly WrongPath[] = [
	{
		pattern: /^\/v2\/users\/search(\/|$)/,
		advice: '/v2/users/search does not exist in the Users v2 API; list users with GET /v2/users?uid=&email=&display_name=',
	},
	{
		pattern: /^\/v2\/users\/(merge(\/|$)|[^/]+\/merge$)/,
		advice: 'the Users v2 API has no merge; a user is created or updated by uid with POST /v2/users',
	},
	{
		pattern: /^\/v2\/batch(\/|$)/,
		advice: 'a batch job lives under its family: GET /v2/users/batch/{job_id} or /v2/events/batch/{job_id}',
	},
	{
		pattern: /^\/v2\/sessions\/search(\/|$)/,
		advice: '/v2/sessions/search does not exist; a user\'s sessions are listed with GET /sessions/v2',
	},
];
