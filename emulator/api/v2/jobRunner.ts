/**
 * Finishing a batch import job (docs/fullstory-server-api.md §3, §13.7): each request is validated and
 * applied exactly as the single-item call would be (users upserted or updated, events kept), what fails is
 * an item error naming the request, and the job ends COMPLETED, or FAILED when an item failed (config
 * `jobStatusWithErrors`). Then the org's waiting jobs may start.
 */
import { isJsonObject, isString, type JsonObject } from '../../guards';
import type { EmulatorStore } from '../../state/store';
import type { StoredJob } from '../../state/v2/jobs';
import type { OrgData } from '../../state/v2/orgData';
import type { JobItemError, JobState, StoredUser } from '../../state/v2/types';
import { parseEventInput } from './eventInput';
import { eventSchema, eventView, recordEvent } from './eventRecords';
import { typeConflicts } from './properties';
import { parseUserInput } from './userInput';
import { applyUserUpdate, upsertUser, userSchema } from './userRecords';

type ItemOutcome = { ok: true; view: JsonObject; schema: JsonObject } | { ok: false; message: string; code: string };

function errorOf(body: unknown): { message: string; code: string } {
	const message = isJsonObject(body) && isString(body.message) ? body.message : 'invalid request';
	const code = isJsonObject(body) && isString(body.code) ? body.code : 'invalid_argument';
	return { message, code };
}

/** A user as a job's imports list it (§3.3): no `is_being_deleted` or `app_url`. */
function importedUser(user: StoredUser): JsonObject {
	return {
		id: user.id,
		...(user.uid === undefined ? {} : { uid: user.uid }),
		...(user.display_name === undefined ? {} : { display_name: user.display_name }),
		...(user.email === undefined ? {} : { email: user.email }),
		properties: { ...user.properties },
		type_conflicts: typeConflicts(user.properties, user.schema),
	};
}

function applyUserRequest(store: EmulatorStore, org: OrgData, request: unknown, atMs: number): ItemOutcome {
	const input = parseUserInput(request, store.config, '', true);
	if (!input.ok) return { ok: false, ...errorOf(input.error.body) };
	let user: StoredUser;
	if (input.value.id === undefined) {
		user = upsertUser(org, input.value, atMs);
	} else {
		const found = org.users.findById(input.value.id);
		// The ErrorResponse schema's own example code (§1.4).
		if (found === undefined || found.deleteRequested !== undefined) {
			return { ok: false, message: `user ${input.value.id} does not exist`, code: 'user_not_found' };
		}
		applyUserUpdate(found, input.value, atMs);
		user = found;
	}
	return { ok: true, view: importedUser(user), schema: userSchema(user) };
}

function applyEventRequest(store: EmulatorStore, org: OrgData, job: StoredJob, request: unknown, atMs: number): ItemOutcome {
	const input = parseEventInput(request, store.config);
	if (!input.ok) return { ok: false, ...errorOf(input.error.body) };
	const shared = job.shared?.context;
	if (shared !== undefined && input.value.context !== undefined) {
		// "shared.context combined with any per-request context makes that event fail" (§3.2).
		return { ok: false, message: 'context must not be set on a request of a batch that sets shared.context', code: 'invalid_argument' };
	}
	const withShared = isJsonObject(shared) ? { ...input.value, context: shared } : input.value;
	const recorded = recordEvent(store.v2, org, withShared, { source: 'batch', jobId: job.id }, store.config, atMs);
	if (!recorded.ok) return { ok: false, ...errorOf(recorded.error.body) };
	return { ok: true, view: eventView(recorded.value), schema: eventSchema(recorded.value) };
}

function itemError(store: EmulatorStore, job: StoredJob, request: unknown, { message, code }: { message: string; code: string }): JobItemError {
	if (store.config.jobErrorRequests === 'omit') return { message, code };
	if (job.kind === 'users') return { message, code, user: request };
	return { message, code, event: request, ...(job.shared === undefined ? {} : { shared: job.shared }) };
}

function settle(store: EmulatorStore, job: StoredJob, atMs: number, status: JobState): void {
	job.status = status;
	// A waiting job finished on demand ran, if only for an instant.
	job.startedMs ??= atMs;
	job.finishedMs = atMs;
	store.v2.org(job.orgId).jobs.startWaiting(atMs, store.config.maxRunningBatches, store.config.jobDelayMs);
}

export function finishJob(store: EmulatorStore, job: StoredJob, atMs: number): void {
	if (job.status !== 'PROCESSING') return;
	const org = store.v2.org(job.orgId);
	for (const request of job.requests) {
		const outcome =
			job.kind === 'users' ? applyUserRequest(store, org, request, atMs) : applyEventRequest(store, org, job, request, atMs);
		if (outcome.ok) job.imports.push({ view: outcome.view, schema: outcome.schema });
		else job.errors.push(itemError(store, job, request, outcome));
	}
	settle(store, job, atMs, job.errors.length > 0 && store.config.jobStatusWithErrors === 'FAILED' ? 'FAILED' : 'COMPLETED');
}

/** A job that fails as a whole (`POST /__emulator/jobs/fail`): nothing applied, every request an error. */
export function failJob(store: EmulatorStore, job: StoredJob, atMs: number, failure: { message: string; code: string }): void {
	if (job.status !== 'PROCESSING') return;
	for (const request of job.requests) job.errors.push(itemError(store, job, request, failure));
	settle(store, job, atMs, 'FAILED');
}

/**
 * Brings an org's v2 state up to `nowMs`, before any call reads or writes it: users whose deletion is over
 * go (with their events), waiting jobs start where there is room, and with `jobCompletion: 'timer'` every
 * due job finishes, in the order they fell due. Time-based without timers: nothing runs between calls.
 */
export function advanceOrg(store: EmulatorStore, orgId: string, nowMs: number): void {
	const org = store.v2.org(orgId);
	for (const user of org.users.purge(nowMs)) org.removeEventsOf(user);
	org.jobs.startWaiting(nowMs, store.config.maxRunningBatches, store.config.jobDelayMs);
	if (store.config.jobCompletion !== 'timer') return;
	for (let job = org.jobs.nextDue(nowMs); job !== undefined; job = org.jobs.nextDue(nowMs)) {
		finishJob(store, job, job.dueMs ?? nowMs);
	}
}
