/** The shapes every FullStory API family shares at the transport's level. */

/**
 * One page of a paginated list, in either family (paginate.ts). `nextPaginationToken` is the next
 * page's token, whatever the answer called it (v1 `nextPaginationToken`, v2 `next_page_token`);
 * absent on the last page.
 */
export interface Page<T> {
	items: T[];
	nextPaginationToken?: string;
}

/** FullStory's error body; `code` is normalised to a string. */
export interface ApiErrorBody {
	message: string;
	code: string;
}
