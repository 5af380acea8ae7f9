/**
 * The control routes of the v2 APIs (documented with the others at the top of control.ts): what each org
 * holds (users, events, annotations, batch jobs), and finishing or failing a job on demand. Every read
 * first brings each org up to now (api/v2/jobRunner.ts), so it sees what a public API call would.
 */
import { advanceOrg, failJob, finishJob } from '../api/v2/jobRunner';
import { invalidArgument, notFound } from '../errors';
import { isJsonObject, isString } from '../guards';
import { fail, json, ok, type JsonResponse, type Outcome } from '../http';
import type { EmulatorContext } from '../state/context';
import { jobSummary, type StoredJob } from '../state/v2/jobs';
import type { OrgData } from '../state/v2/orgData';
import { parseSince, withBody, type ControlHandler, type ControlRequest } from './controlRoute';
import { FieldReader } from './fieldReader';

/** `POST /jobs/finish` and `/jobs/fail`. */
export interface JobAction {
	jobId: string;
	/** Where to look; every org when absent. */
	orgId?: string;
	/** `/jobs/fail` only: the error every request of the job gets. */
	message?: string;
	code?: string;
}

const DEFAULT_FAILURE = { message: 'the import job failed', code: 'internal' };

const isNonEmptyString = (value: unknown): value is string => isString(value) && value !== '';

function parseJobAction(body: unknown): Outcome<JobAction> {
	if (!isJsonObject(body)) return fail(invalidArgument('request body must be a JSON object'));
	const reader = new FieldReader(body);
	const jobId = reader.required('jobId', isNonEmptyString, 'a non-empty string');
	const action = {
		orgId: reader.optional('orgId', isNonEmptyString, 'a non-empty string'),
		message: reader.optional('message', isNonEmptyString, 'a non-empty string'),
		code: reader.optional('code', isNonEmptyString, 'a non-empty string'),
	};
	if (jobId === undefined || reader.error !== undefined) return reader.failure();
	return ok({ jobId, ...action });
}

/** `?last=N`: only the newest N (the page shows recent events without fetching every one). */
function parseLast(query: URLSearchParams): Outcome<number | undefined> {
	const last = query.get('last');
	if (last === null || last === '') return ok(undefined);
	return /^[1-9]\d{0,5}$/.test(last) ? ok(Number(last)) : fail(invalidArgument('last must be an integer from 1 to 999999'));
}

function advanceAll(context: EmulatorContext, nowMs: number): void {
	for (const orgId of context.store.v2.orgIds()) advanceOrg(context.store, orgId, nowMs);
}

/** The org of `?orgId=` (the default org without one), brought up to now. */
function orgOf(context: EmulatorContext, query: URLSearchParams): OrgData {
	const nowMs = Date.now();
	advanceAll(context, nowMs);
	const orgId = query.get('orgId') ?? context.store.defaultOrgId;
	return context.store.v2.org(orgId);
}

function reading(key: string, read: (org: OrgData, request: ControlRequest) => Outcome<unknown[]>): ControlHandler {
	return (context, request) => {
		const items = read(orgOf(context, request.query), request);
		return items.ok ? json({ [key]: items.value }) : items.error;
	};
}

function findJob(context: EmulatorContext, action: JobAction): StoredJob | undefined {
	const orgIds = action.orgId === undefined ? context.store.v2.orgIds() : [action.orgId];
	for (const orgId of orgIds) {
		const job = context.store.v2.org(orgId).jobs.findAnyKind(action.jobId);
		if (job !== undefined) return job;
	}
	return undefined;
}

function onJob(settle: (context: EmulatorContext, job: StoredJob, action: JobAction, nowMs: number) => void): ControlHandler {
	return withBody(parseJobAction, (context, action): JsonResponse => {
		const nowMs = Date.now();
		advanceAll(context, nowMs);
		const job = findJob(context, action);
		if (job === undefined) return notFound(`no job "${action.jobId}"`);
		if (job.status !== 'PROCESSING') return invalidArgument(`job ${job.id} has already finished (${job.status})`);
		settle(context, job, action, nowMs);
		return json(jobSummary(job));
	});
}

export const V2_CONTROL_ROUTES: Array<[string, Record<string, ControlHandler>]> = [
	['/users', { GET: reading('users', (org) => ok([...org.users.all()])) }],
	[
		'/events',
		{
			GET: reading('events', (org, { query }) => {
				const since = parseSince(query);
				if (!since.ok) return since;
				const last = parseLast(query);
				if (!last.ok) return last;
				const events = org.events.filter((event) => event.seq > since.value);
				return ok(last.value === undefined ? events : events.slice(-last.value));
			}),
		},
	],
	['/annotations', { GET: reading('annotations', (org) => ok([...org.annotations])) }],
	['/jobs', { GET: reading('jobs', (org) => ok(org.jobs.all().map(jobSummary))) }],
	['/jobs/finish', { POST: onJob((context, job, _action, nowMs) => finishJob(context.store, job, nowMs)) }],
	[
		'/jobs/fail',
		{
			POST: onJob((context, job, action, nowMs) =>
				failJob(context.store, job, nowMs, {
					message: action.message ?? DEFAULT_FAILURE.message,
					code: action.code ?? DEFAULT_FAILURE.code,
				}),
			),
		},
	],
];
