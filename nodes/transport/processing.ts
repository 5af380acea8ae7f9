/**
 * "Still processing": while a batch import job runs, its `/imports` and `/errors` answer 202 with
 * an empty body instead of 200 with a page (docs/fullstory-server-api.md §3.3).
 *
 * The design: the transport hands every response parser the HTTP status beside the body
 * (`ResponseParser` in request.ts), and `unlessProcessing` wraps a parser so that a 202 reads as
 * `{ processing: true }` and any other 2xx as `{ processing: false, value }`. The caller gets a
 * typed union it narrows on `processing`, without casts and without a second request option;
 * every other call keeps reading a 202 like any 2xx, whose empty body its parser refuses
 * ("FullStory answered with something other than ..."). The pager's `fetchAllPagesUnlessProcessing`
 * (paginate.ts) does the same for a paged listing.
 */
import type { ResponseParser } from './request';

/** The status FullStory answers while the job is still running. */
export const PROCESSING_STATUS = 202;

export interface StillProcessing {
	processing: true;
}

export interface Finished<T> {
	processing: false;
	value: T;
}

/** What a call that may answer 202 came to: still processing, or the parsed answer. */
export type JobAnswer<T> = StillProcessing | Finished<T>;

export const STILL_PROCESSING: StillProcessing = Object.freeze({ processing: true });

/** `parse` for any 2xx but 202, which reads as still processing whatever its body. */
export function unlessProcessing<T>(parse: ResponseParser<T>): ResponseParser<JobAnswer<T>> {
	return (body, status) => {
		if (status === PROCESSING_STATUS) return STILL_PROCESSING;
		const value = parse(body, status);
		return value === undefined ? undefined : { processing: false, value };
	};
}
