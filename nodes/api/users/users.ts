/**
 * FullStory's Users v2 calls (docs/fullstory-server-api.md §2): create or update by uid, update by
 * FullStory id (POST, not PATCH), get, list with filters, delete by id or by uid. Bodies in the
 * API's snake_case, built here and only here.
 */
import type { IDataObject } from 'n8n-workflow';

import { acceptAnyBody, parseResultsPage } from '../../transport/guards';
import { fetchAllPages } from '../../transport/paginate';
import { pathSegment } from '../../transport/path';
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';
import { parseUser, parseUserId } from './guards';
import type { FullStoryUser, UserFields, UserFilters } from './types';

export const USERS_PATH = '/v2/users';

/** A list reads at most this many pages; FullStory picks the page size (undocumented). */
const MAX_USER_PAGES = 500;

const userPath = (id: string) => [USERS_PATH, pathSegment(id, 'FullStory User ID')];

export function userBody(fields: UserFields): IDataObject {
	const body: IDataObject = {};
	if (fields.uid !== undefined) body.uid = fields.uid;
	if (fields.display_name !== undefined) body.display_name = fields.display_name;
	if (fields.email !== undefined) body.email = fields.email;
	if (fields.properties !== undefined) body.properties = fields.properties;
	if (fields.schema !== undefined) body.schema = fields.schema;
	return body;
}

/** Creates the user, or updates the identified user with this uid. */
export async function upsertUser(
	context: FullStoryContext,
	fields: UserFields,
	options: { itemIndex: number; idempotencyKey: string },
): Promise<{ id: string }> {
	return await fullStoryRequest(
		context,
		{ method: 'POST', path: USERS_PATH, body: userBody(fields), needs: 'standard', expected: 'the user ID', ...options },
		parseUserId,
	);
}

export async function updateUser(
	context: FullStoryContext,
	id: string,
	fields: UserFields,
	options: { itemIndex: number; idempotencyKey: string },
): Promise<{ id: string }> {
	return await fullStoryRequest(
		context,
		{
			method: 'POST',
			path: userPath(id),
			body: userBody(fields),
			needs: 'standard',
			notFound: `user with FullStory ID "${id}"`,
			expected: 'the user ID',
			...options,
		},
		parseUserId,
	);
}

export async function getUser(context: FullStoryContext, id: string, itemIndex: number): Promise<FullStoryUser> {
	return await fullStoryRequest(
		context,
		{
			method: 'GET',
			path: userPath(id),
			qs: { include_schema: true },
			itemIndex,
			needs: 'adminOrArchitect',
			notFound: `user with FullStory ID "${id}"`,
			expected: 'a user',
		},
		parseUser,
	);
}

export async function listUsers(
	context: FullStoryContext,
	filters: UserFilters,
	options: { itemIndex: number; limit?: number },
): Promise<FullStoryUser[]> {
	const qs: IDataObject = { ...filters, include_schema: true };
	return await fetchAllPages(context, {
		request: { path: USERS_PATH, qs, itemIndex: options.itemIndex, needs: 'adminOrArchitect', expected: 'a list of users' },
		parsePage: (body) => parseResultsPage(body, parseUser),
		paging: { family: 'v2' },
		maxPages: MAX_USER_PAGES,
		limit: options.limit,
	});
}

/** Deletes one user and all their data, by FullStory's id or by your uid (never both). */
export async function deleteUser(
	context: FullStoryContext,
	by: { id: string } | { uid: string },
	itemIndex: number,
): Promise<void> {
	const request =
		'id' in by
			? { path: userPath(by.id), notFound: `user with FullStory ID "${by.id}"` }
			: { path: USERS_PATH, qs: { uid: by.uid }, notFound: `user with uid "${by.uid}"` };
	await fullStoryRequest(
		context,
		{ method: 'DELETE', ...request, itemIndex, needs: 'adminOrArchitect', expected: 'a delete confirmation' },
		acceptAnyBody,
	);
}
