/**
 * Emulator-only control API under `/__emulator/` (no auth; JSON in and out; never logged as API calls).
 *
 *   GET    /__emulator/info           {baseUrl, strict, defaultOrgId, orgs:[{orgId, keys:[{key, role, email}]}], config}
 *   POST   /__emulator/reset          endpoints, v2 data (users, events, annotations, jobs, idempotency keys), faults,
 *                                      logs, catalogs, config and keys back to the seed
 *                                      (seeded keys and the keys given at start-up stay; keys added here go) → {}
 *   GET    /__emulator/config         the config
 *   POST   /__emulator/config         {strict?, requireSubcategory?, duplicateUrl?: 'reject'|'replace',
 *                                       endpointIds?: 'url'|'opaque', deliveryTimeoutMs?,
 *                                       deliveryRetries?: 'off'|'fullstory', retryTimeScale? (0 < x <= 1),
 *                                       retrySignature?: 'same'|'fresh',
 *                                       urlNormalisation?: 'asSent'|'whatwg'|'lowercase',
 *                                       v2 (state/v2/config.ts): v2PageSize?, userDeleteSeconds?,
 *                                       jobCompletion?: 'timer'|'manual', jobDelayMs?,
 *                                       jobStatusWithErrors?: 'FAILED'|'COMPLETED', jobErrorRequests?: 'echo'|'omit', maxRunningBatches?,
 *                                       maxInProgressBatches?, maxInProgressOperations?, batchRetryAfterSeconds?,
 *                                       idempotencyTtlSeconds?, oversizedPropertyValue?: 'dropProperty'|'rejectRequest',
 *                                       fullSessions?: string[], rateLimit?: {burst, perSecond}|null,
 *                                       roleOverrides?: {[operation]: Role[]}} → the whole config
 *   POST   /__emulator/keys           {key, role, orgId, email?} adds a key (and the org, if new) → the key record
 *   POST   /__emulator/keys/revoke    {key} → 401 for that key from then on → {key, revoked: true}
 *   GET    /__emulator/catalog        ?orgId= → {orgId, eventDefs, subcategoryCounts}
 *   POST   /__emulator/catalog        {orgId?, addEventTypes?: [{eventName, displayName, hasSubcategories}] (types
 *                                       outside the built-in catalog; offered, with generated subcategories if any),
 *                                       hasSubcategories?: {[eventName]: boolean} (this org's effective flags),
 *                                       eventNames?: the plan's subset of the org's known types,
 *                                       subcategories?: {[eventName]: [{subcategory, displayName}]},
 *                                       generateSubcategories?: {[eventName]: count}} → as GET; all or nothing
 *   GET    /__emulator/faults         {faults: [...remaining]}
 *   POST   /__emulator/faults         {method?, path? (exact, or prefix ending in '*'), kind, count? = 1,
 *                                       retryAfterSeconds? = 1, retryAfterFormat?: 'seconds'|'http-date' = 'seconds',
 *                                       hangMs? = 60000} → {id}
 *                                      kinds: status429 | status500 | hang (hold, then process: the effect happens
 *                                      even if the client gave up) | drop (close the socket, no effect) |
 *                                      dropAfter (apply the effect, then close the socket without a response)
 *   DELETE /__emulator/faults         → {}
 *   GET    /__emulator/requests       ?since=SEQ → {requests: [{seq, time, method, path, query, headers, body, bodyCut?:
 *                                       'truncated'|'unauthenticated', bodyBytes?, status, fault?, idempotentReplay?}]}; bounded in bytes,
 *                                       oldest first out (state/requestLog.ts)
 *   DELETE /__emulator/requests       → {}
 *   GET    /__emulator/endpoints      {endpoints: [...every org's endpoints, with orgId and secret]}
 *   POST   /__emulator/deliver        {eventName, data?, subcategory?, orgId?, target?: {endpointId?, url?, secret?},
 *                                       body?: raw body signed as is, retry?: boolean (FullStory's retries; absent:
 *                                       config deliveryRetries), options?: {times, resign, drop, wrongSecret,
 *                                       timestamp, timestampOffsetSeconds, timestampUnit: 's'|'ms', headerName,
 *                                       omitSignature, tamperBody}}
 *                                      → {eventName, body, deliveries: [{endpointId, url, signature, attempts:
 *                                         [{deliveryId, signature, status?, responseBody?, error?, nextAttemptAt?}]}]}
 *                                      once every copy's first attempt has finished; retries go on in the background
 *   GET    /__emulator/deliveries     ?since=SEQ → {deliveries: [{seq, time, deliveryId, attempt (1 = first send),
 *                                       orgId, eventName, endpointId, url, headers, body, status?, responseBody?
 *                                       (first 4 KB of the answer), error?, dropped?}]}, one entry per attempt
 *   DELETE /__emulator/deliveries     → {} (also forgets settled deliveries' statuses; pending ones stay)
 *   GET    /__emulator/users          ?orgId= (default org) → {users: [{orgId, id, uid?, display_name?, email?, properties,
 *                                       schema, created, updated, deleteRequested?, purgeAt?}]} (state/v2/types.ts)
 *   GET    /__emulator/events         ?orgId=&since=SEQ&last=N → {events: [{orgId, seq, received, source: 'api'|'batch', jobId?,
 *                                       name, timestamp, user?, session?, attachedSession: null, context?, properties?, schema?}]}
 *   GET    /__emulator/annotations    ?orgId= → {annotations: [{orgId, received, text, start_time, end_time, source?}]}
 *   GET    /__emulator/jobs           ?orgId= → {jobs: [{orgId, id, kind: 'users'|'events', status, created, started?,
 *                                       finished?, requestCount, imports, errors}]}
 *   POST   /__emulator/jobs/finish    {jobId, orgId?} finishes a PROCESSING job now, as its timer would → the job
 *   POST   /__emulator/jobs/fail      {jobId, orgId?, message?, code?} fails it whole: nothing applied, every
 *                                       request an error with that message and code (default 'internal') → the job
 *                                      Reads first bring every org up to now: due jobs finish, deleted users go.
 *   GET    /__emulator/deliveries/status  ?waitMs=N (long-poll: answer once nothing is pending, or after N ms,
 *                                       at most 30000) → {pending, deliveries: [{deliveryId, orgId, eventName,
 *                                       endpointId, url, retry, state: pending|succeeded|failed|gaveUp|dropped,
 *                                       attempts, lastStatus?, lastError?, nextAttemptAt?}]}
 *
 * A reset or close cancels every delivery in progress: attempts in flight are aborted, retries never sent.
 * Like every route, these answer only the emulator's own Host (ownHost.ts); they also refuse a foreign Origin.
 */
import { updatedCatalog } from './catalogUpdate';
import { resetContext, type EmulatorContext } from '../state/context';
import { emulatorInfo } from './info';
import {
	parseCatalogUpdate,
	parseConfigPatch,
	parseDeliveryRequest,
	parseFaultSpec,
	parseKeySpec,
	parseRevokedKey,
} from './controlInput';
import { deliver } from '../deliveries/deliver';
import type { DeliveryDeps } from '../deliveries/deliveryAttempt';
import { planDelivery } from '../deliveries/deliveryPlan';
import { invalidArgument, methodNotAllowed, notFound } from '../errors';
import { fail, json, ok, type JsonResponse, type Outcome } from '../http';
import { parseSince, withBody, type ControlHandler, type ControlRequest } from './controlRoute';
import { V2_CONTROL_ROUTES } from './v2Control';
import type { DeliveryRequest } from '../deliveries/types';
import type { CatalogSummary, CatalogUpdate } from './types';

export const CONTROL_PREFIX = '/__emulator';

/** A long-poll holds a connection; half a minute stays well inside any HTTP client's own timeouts. */
const MAX_WAIT_MS = 30_000;

function parseWaitMs(query: URLSearchParams): Outcome<number> {
	const waitMs = query.get('waitMs');
	if (waitMs === null || waitMs === '') return ok(0);
	if (!/^\d+$/.test(waitMs) || Number(waitMs) > MAX_WAIT_MS) {
		return fail(invalidArgument(`waitMs must be an integer from 0 to ${MAX_WAIT_MS}`));
	}
	return ok(Number(waitMs));
}

/** Read when the delivery starts: its retries keep these settings whatever the config says later. */
function deliveryDeps(context: EmulatorContext, request: DeliveryRequest): DeliveryDeps {
	const { config } = context.store;
	const retries = request.retry ?? config.deliveryRetries === 'fullstory';
	return {
		log: context.deliveries,
		tracker: context.tracker,
		timeoutMs: config.deliveryTimeoutMs,
		retryTimeScale: retries ? config.retryTimeScale : undefined,
		retrySignature: config.retrySignature,
	};
}

function catalogSummary(context: EmulatorContext, orgId: string): CatalogSummary {
	const catalog = context.store.catalog(orgId);
	const eventDefs = catalog.eventDefs();
	return {
		orgId,
		eventDefs,
		subcategoryCounts: Object.fromEntries(
			eventDefs
				.filter((def) => def.hasSubcategories)
				.map((def) => [def.eventName, catalog.subcategoriesOf(def.eventName).length]),
		),
	};
}

function applyCatalog(context: EmulatorContext, update: CatalogUpdate): JsonResponse {
	const orgId = update.orgId ?? context.store.defaultOrgId;
	const catalog = updatedCatalog(context.store.catalog(orgId), update);
	if (!catalog.ok) return catalog.error;
	context.store.replaceCatalog(catalog.value);
	return json(catalogSummary(context, orgId));
}

const ROUTES = new Map<string, Record<string, ControlHandler>>([
	['/info', { GET: (context) => json(emulatorInfo(context)) }],
	[
		'/reset',
		{
			POST: (context) => {
				resetContext(context);
				return json({});
			},
		},
	],
	[
		'/config',
		{
			GET: (context) => json(context.store.config),
			POST: withBody(parseConfigPatch, (context, patch) => {
				context.store.config = { ...context.store.config, ...patch };
				return json(context.store.config);
			}),
		},
	],
	[
		'/keys',
		{
			POST: withBody(parseKeySpec, (context, spec) => {
				const record = { key: spec.key, role: spec.role, orgId: spec.orgId, email: spec.email ?? '' };
				context.store.addKey(record);
				return json(record);
			}),
		},
	],
	[
		'/keys/revoke',
		{
			POST: withBody(parseRevokedKey, (context, key) =>
				context.store.revokeKey(key) ? json({ key, revoked: true }) : notFound(`no key "${key}" to revoke`),
			),
		},
	],
	[
		'/catalog',
		{
			GET: (context, { query }) => json(catalogSummary(context, query.get('orgId') ?? context.store.defaultOrgId)),
			POST: withBody(parseCatalogUpdate, applyCatalog),
		},
	],
	[
		'/faults',
		{
			GET: (context) => json({ faults: context.faults.list() }),
			POST: withBody(parseFaultSpec, (context, spec) => json({ id: context.faults.add(spec).id })),
			DELETE: (context) => {
				context.faults.clear();
				return json({});
			},
		},
	],
	[
		'/requests',
		{
			GET: (context, { query }) => {
				const since = parseSince(query);
				return since.ok ? json({ requests: context.requests.since(since.value) }) : since.error;
			},
			DELETE: (context) => {
				context.requests.clear();
				return json({});
			},
		},
	],
	['/endpoints', { GET: (context) => json({ endpoints: context.store.allEndpoints() }) }],
	[
		'/deliver',
		{
			POST: withBody(parseDeliveryRequest, async (context, request) => {
				const plan = planDelivery(context.store, request);
				if (!plan.ok) return plan.error;
				return json(await deliver(plan.value, request.options ?? {}, deliveryDeps(context, request)));
			}),
		},
	],
	[
		'/deliveries',
		{
			GET: (context, { query }) => {
				const since = parseSince(query);
				return since.ok ? json({ deliveries: context.deliveries.since(since.value) }) : since.error;
			},
			DELETE: (context) => {
				context.deliveries.clear();
				context.tracker.forgetSettled();
				return json({});
			},
		},
	],
	...V2_CONTROL_ROUTES,
	[
		'/deliveries/status',
		{
			GET: async (context, { query }) => {
				const waitMs = parseWaitMs(query);
				if (!waitMs.ok) return waitMs.error;
				await context.tracker.waitUntilSettled(waitMs.value);
				return json(context.tracker.report());
			},
		},
	],
]);

export async function handleControlRequest(
	context: EmulatorContext,
	method: string,
	path: string,
	request: ControlRequest,
): Promise<JsonResponse> {
	const route = ROUTES.get(path.slice(CONTROL_PREFIX.length));
	if (route === undefined) return notFound(`no control route ${path}`);
	if (!Object.hasOwn(route, method)) return methodNotAllowed(method, path, Object.keys(route));
	return await route[method](context, request);
}
