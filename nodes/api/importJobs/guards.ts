/**
 * Narrow the import-job answers into types.ts (docs/fullstory-server-api.md §3.2, §3.3). The status
 * answer is `{imports, errors, job}`; one client reads a bare job, so both are read (§12).
 */
import type { IDataObject } from 'n8n-workflow';

import { isRecord, optionalString } from '../../transport/guards';
import type { ImportError, ImportJob, JobState, JobStatus } from './types';

const STATUSES: readonly JobStatus[] = ['PROCESSING', 'COMPLETED', 'FAILED'];

function parseJob(value: unknown): ImportJob | undefined {
	if (!isRecord(value)) return undefined;
	const id = optionalString(value.id);
	const status = STATUSES.find((known) => known === value.status);
	if (id === undefined || status === undefined) return undefined;
	const job: ImportJob = { id, status };
	const created = optionalString(value.created);
	const finished = optionalString(value.finished);
	if (created !== undefined) job.created = created;
	if (finished !== undefined) job.finished = finished;
	return job;
}

/** Create's `{job}`. */
export function parseCreatedJob(value: unknown): ImportJob | undefined {
	return isRecord(value) ? parseJob(value.job) : undefined;
}

/** A count FullStory may leave out at zero (protobuf JSON), as a number or an int64 string. */
function count(value: unknown): number | undefined {
	if (value === undefined || value === null) return 0;
	const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
	return typeof number === 'number' && Number.isInteger(number) && number >= 0 ? number : undefined;
}

export function parseJobState(value: unknown): JobState | undefined {
	if (!isRecord(value)) return undefined;
	const job = parseJob(value.job) ?? parseJob(value);
	const imports = count(value.imports);
	const errors = count(value.errors);
	if (job === undefined || imports === undefined || errors === undefined) return undefined;
	return { job, imports, errors };
}

/** One entry of `/errors`: `{message, code, user | event}`. */
export function parseImportError(value: unknown): ImportError | undefined {
	if (!isRecord(value)) return undefined;
	const message = optionalString(value.message) ?? '';
	const code = typeof value.code === 'number' ? String(value.code) : optionalString(value.code) ?? '';
	if (message === '' && code === '') return undefined;
	const request: unknown = value.user ?? value.event;
	const error: ImportError = { message, code };
	if (isRecord(request)) error.request = request;
	return error;
}

/** One entry of `/imports`: the user or event as FullStory holds it, without the fields it leaves null. */
export function parseImportedItem(value: unknown): IDataObject | undefined {
	if (!isRecord(value)) return undefined;
	return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined));
}
