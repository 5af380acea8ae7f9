/**
 * Batch import jobs (docs/fullstory-server-api.md §3, §13.7): create (`{requests}`, events also
 * `shared.context`; at most 50,000 requests), status `{imports, errors, job}`, and the paged imports and
 * errors, which answer 202 with an empty body while the job is PROCESSING. The org's in-progress limits:
 * past `maxRunningBatches` a job waits; at `maxInProgressBatches` batches or `maxInProgressOperations`
 * requests in progress, a new batch gets 429 "regardless of request frequency".
 */
import { jsonBody, type ApiCall } from '../apiCall';
import { invalidArgument, notFound, requiredField, tooManyRequests } from '../../errors';
import { isJsonObject, type JsonObject } from '../../guards';
import { emptyResponse, fail, json, ok, type JsonResponse, type Outcome } from '../../http';
import type { ImportedItem, StoredJob } from '../../state/v2/jobs';
import type { JobKind } from '../../state/v2/types';
import { parseContext } from './eventInput';
import { EVENTS_BATCH_SHAPE, readFields, SHARED_SHAPE, USERS_BATCH_SHAPE } from './fields';
import { V2_LIMITS } from './limits';
import { pageOffset, resultsPage } from './pages';
import { booleanParam, readQuery, type QueryShape } from './query';

const IMPORTS_QUERY: QueryShape = { name: 'Get Batch Imports', params: ['page_token', 'include_schema'] };
const ERRORS_QUERY: QueryShape = { name: 'Get Batch Import Errors', params: ['page_token'] };

function parseRequests(fields: JsonObject): Outcome<unknown[]> {
	const { requests } = fields;
	if (requests === undefined) return fail(requiredField('requests is required'));
	if (!Array.isArray(requests)) return fail(invalidArgument('requests must be an array of request objects'));
	// An empty batch is refused (UNKNOWN at FullStory, §13.7): it can only be a client's mistake.
	if (requests.length === 0) return fail(invalidArgument('requests must hold at least one request'));
	if (requests.length > V2_LIMITS.batchRequests) {
		return fail(invalidArgument(`requests holds ${requests.length} requests, more than the ${V2_LIMITS.batchRequests} of one batch`));
	}
	const notObject = requests.findIndex((request) => !isJsonObject(request));
	if (notObject !== -1) return fail(invalidArgument(`requests[${notObject}] must be a JSON object`));
	return ok(requests);
}

/** `shared` is checked when the batch is created: a bad one would fail every request alike. */
function parseShared(value: unknown, strict: boolean): Outcome<JsonObject | undefined> {
	if (value === undefined) return ok(undefined);
	const shared = readFields(value, SHARED_SHAPE, 'shared.', strict);
	if (!shared.ok) return shared;
	if (shared.value.context === undefined) return ok({});
	const context = parseContext(shared.value.context, 'shared.', strict);
	return context.ok ? ok({ context: context.value }) : context;
}

function jobObject(job: StoredJob): JsonObject {
	return {
		id: job.id,
		status: job.status,
		created: new Date(job.createdMs).toISOString(),
		...(job.finishedMs === undefined ? {} : { finished: new Date(job.finishedMs).toISOString() }),
	};
}

function createBatch({ store, caller, body, nowMs }: ApiCall, kind: JobKind): JsonResponse {
	const parsed = jsonBody(body);
	if (!parsed.ok) return parsed.error;
	const fields = readFields(parsed.value, kind === 'users' ? USERS_BATCH_SHAPE : EVENTS_BATCH_SHAPE, '', store.config.strict);
	if (!fields.ok) return fields.error;
	const requests = parseRequests(fields.value);
	if (!requests.ok) return requests.error;
	const shared = kind === 'events' ? parseShared(fields.value.shared, store.config.strict) : ok(undefined);
	if (!shared.ok) return shared.error;
	const { config } = store;
	const { jobs } = store.v2.org(caller.orgId);
	const inProgress = jobs.inProgress();
	if (inProgress.batches >= config.maxInProgressBatches || inProgress.operations >= config.maxInProgressOperations) {
		return tooManyRequests(String(config.batchRetryAfterSeconds));
	}
	const job = jobs.create(kind, requests.value, shared.value, nowMs);
	jobs.startWaiting(nowMs, config.maxRunningBatches, config.jobDelayMs);
	return json({ job: jobObject(job) });
}

function findJob({ store, caller, params }: ApiCall, kind: JobKind): StoredJob | undefined {
	return store.v2.org(caller.orgId).jobs.find(kind, params[0]);
}

function jobStatus(call: ApiCall, kind: JobKind): JsonResponse {
	const job = findJob(call, kind);
	if (job === undefined) return notFound();
	return json({ imports: job.imports.length, errors: job.errors.length, job: jobObject(job) });
}

/**
 * A finished job's imports or errors, a page at a time; 202 with an empty body while it is PROCESSING.
 * `items` makes the list from the job and the query (include_schema).
 */
function finishedJobList(
	call: ApiCall,
	kind: JobKind,
	list: 'imports' | 'errors',
	items: (job: StoredJob, query: Map<string, string>) => Outcome<JsonObject[]>,
): JsonResponse {
	const values = readQuery(call.query, list === 'imports' ? IMPORTS_QUERY : ERRORS_QUERY, call.store.config.strict);
	if (!values.ok) return values.error;
	const job = findJob(call, kind);
	if (job === undefined) return notFound();
	if (job.status === 'PROCESSING') return emptyResponse(202);
	const binding = `${kind}:${job.id}:${list}`;
	const offset = pageOffset(values.value.get('page_token') ?? null, binding);
	if (!offset.ok) return offset.error;
	const all = items(job, values.value);
	if (!all.ok) return all.error;
	return json(resultsPage(all.value, offset.value, call.store.config.v2PageSize, binding));
}

function importsOf(job: StoredJob, query: Map<string, string>): Outcome<JsonObject[]> {
	const includeSchema = booleanParam(query, 'include_schema');
	if (!includeSchema.ok) return includeSchema;
	const shown = (item: ImportedItem): JsonObject => ({ ...item.view, schema: includeSchema.value === true ? item.schema : null });
	return ok(job.imports.map(shown));
}

const errorsOf = (job: StoredJob): Outcome<JsonObject[]> => ok(job.errors.map((error): JsonObject => ({ ...error })));

/** The four job routes of one family, with the family bound in. */
export function jobHandlers(kind: JobKind) {
	return {
		create: (call: ApiCall) => createBatch(call, kind),
		status: (call: ApiCall) => jobStatus(call, kind),
		imports: (call: ApiCall) => finishedJobList(call, kind, 'imports', importsOf),
		errors: (call: ApiCall) => finishedJobList(call, kind, 'errors', errorsOf),
	};
}
