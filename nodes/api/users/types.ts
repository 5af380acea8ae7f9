/**
 * FullStory's Users v2 shapes (docs/fullstory-server-api.md §2), in the API's own snake_case,
 * which is also how the operations output them. Answers reach these types only through guards.ts.
 */
import type { IDataObject } from 'n8n-workflow';

/** What Create or Update and Update send. Every field is optional on the wire. */
export interface UserFields {
	uid?: string;
	display_name?: string;
	email?: string;
	properties?: IDataObject;
	schema?: { properties: IDataObject };
}

/** Get, and each result of List. */
export interface FullStoryUser {
	/** FullStory's id, e.g. "987654321"; the path of Get, Update and Delete takes it. */
	id: string;
	is_being_deleted: boolean;
	uid?: string;
	display_name?: string;
	email?: string;
	properties?: IDataObject;
	schema?: IDataObject;
	type_conflicts?: IDataObject;
	app_url?: string;
}

/** The filters of List Users; all exact matches on FullStory's side. */
export interface UserFilters {
	uid?: string;
	email?: string;
	display_name?: string;
	is_identified?: boolean;
}
