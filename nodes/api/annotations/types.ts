/** FullStory's Annotations v2 (docs/fullstory-server-api.md §8), as sent and as answered: snake_case. */

export interface Annotation {
	text: string;
	/** ISO 8601; FullStory uses now when absent. */
	start_time?: string;
	/** ISO 8601, not before start_time; FullStory uses start_time when absent. */
	end_time?: string;
	/** Shown on the chart, e.g. "Deploy Pipeline". */
	source?: string;
}
