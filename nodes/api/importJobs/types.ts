/** FullStory's batch import jobs (docs/fullstory-server-api.md §3), for users or for events. */
import type { IDataObject } from 'n8n-workflow';

/** What a job imports; also the path segment of its calls (`/v2/users/batch`, `/v2/events/batch`). */
export type ImportKind = 'users' | 'events';

/** PROCESSING until done; FAILED means some items failed, not necessarily all (§3.3). */
export type JobStatus = 'PROCESSING' | 'COMPLETED' | 'FAILED';

export interface ImportJob {
	id: string;
	status: JobStatus;
	created?: string;
	finished?: string;
}

export interface JobState {
	job: ImportJob;
	/** Items imported so far. */
	imports: number;
	/** Items that failed so far. */
	errors: number;
}

/** One failed item: FullStory's reason, and the request it failed (as sent). */
export interface ImportError {
	message: string;
	code: string;
	request?: IDataObject;
}
