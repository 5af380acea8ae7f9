/**
 * One org's batch import jobs and their timing (docs/fullstory-server-api.md §3): a job runs at once
 * while fewer than `maxRunningBatches` run, otherwise it waits (still PROCESSING); a running job is due
 * `jobDelayMs` after it started. What finishing a job does to users and events is api/v2/jobRunner.ts's.
 */
import { randomBytes } from 'node:crypto';

import type { JsonObject } from '../../guards';
import type { JobItemError, JobKind, JobState, JobSummary } from './types';

/** What a finished job shows under `/imports`: the object as imported, and its types for `include_schema`. */
export interface ImportedItem {
	view: JsonObject;
	schema: JsonObject;
}

export interface StoredJob {
	orgId: string;
	id: string;
	kind: JobKind;
	status: JobState;
	createdMs: number;
	startedMs?: number;
	/** When a timer-mode job finishes: set when it starts. */
	dueMs?: number;
	finishedMs?: number;
	/** The requests as sent; each is validated and applied when the job finishes. */
	requests: unknown[];
	/** An events batch's `shared` object. */
	shared?: JsonObject;
	imports: ImportedItem[];
	errors: JobItemError[];
}

export interface InProgress {
	batches: number;
	operations: number;
}

/**
 * Opaque, like the docs' `abd123=`: base64url with a padding `=`, so a client must treat the id as a
 * path segment to encode rather than a word to paste.
 */
function newJobId(): string {
	return `${randomBytes(9).toString('base64url')}=`;
}

const iso = (ms: number): string => new Date(ms).toISOString();

export function jobSummary(job: StoredJob): JobSummary {
	return {
		orgId: job.orgId,
		id: job.id,
		kind: job.kind,
		status: job.status,
		created: iso(job.createdMs),
		...(job.startedMs === undefined ? {} : { started: iso(job.startedMs) }),
		...(job.finishedMs === undefined ? {} : { finished: iso(job.finishedMs) }),
		requestCount: job.requests.length,
		imports: job.imports.length,
		errors: job.errors.length,
	};
}

export class OrgJobs {
	private jobs: StoredJob[] = [];

	constructor(private readonly orgId: string) {}

	all(): readonly StoredJob[] {
		return this.jobs;
	}

	find(kind: JobKind, id: string): StoredJob | undefined {
		return this.jobs.find((job) => job.kind === kind && job.id === id);
	}

	findAnyKind(id: string): StoredJob | undefined {
		return this.jobs.find((job) => job.id === id);
	}

	inProgress(): InProgress {
		const processing = this.jobs.filter((job) => job.status === 'PROCESSING');
		return {
			batches: processing.length,
			operations: processing.reduce((sum, job) => sum + job.requests.length, 0),
		};
	}

	create(kind: JobKind, requests: unknown[], shared: JsonObject | undefined, nowMs: number): StoredJob {
		let id = newJobId();
		while (this.findAnyKind(id) !== undefined) id = newJobId();
		const job: StoredJob = {
			orgId: this.orgId,
			id,
			kind,
			status: 'PROCESSING',
			createdMs: nowMs,
			requests,
			...(shared === undefined ? {} : { shared }),
			imports: [],
			errors: [],
		};
		this.jobs.push(job);
		return job;
	}

	/** Starts waiting jobs, oldest first, while fewer than `maxRunning` run; each is due `delayMs` later. */
	startWaiting(atMs: number, maxRunning: number, delayMs: number): void {
		let running = this.jobs.filter((job) => job.status === 'PROCESSING' && job.startedMs !== undefined).length;
		for (const job of this.jobs) {
			if (running >= maxRunning) return;
			if (job.status !== 'PROCESSING' || job.startedMs !== undefined) continue;
			job.startedMs = atMs;
			job.dueMs = atMs + delayMs;
			running += 1;
		}
	}

	/** The running job due first, if it is due by `nowMs`. */
	nextDue(nowMs: number): StoredJob | undefined {
		let next: StoredJob | undefined;
		for (const job of this.jobs) {
			if (job.status !== 'PROCESSING' || job.dueMs === undefined || job.dueMs > nowMs) continue;
			if (next === undefined || job.dueMs < (next.dueMs ?? Infinity)) next = job;
		}
		return next;
	}
}
