/**
 * Users v2 (docs/fullstory-server-api.md §2): create (upsert by uid), get, list, update by POST, and
 * delete by id or by uid, asynchronous: `is_being_deleted` for config `userDeleteSeconds`, then 404.
 */
import { jsonBody, type ApiCall } from '../apiCall';
import { invalidArgument, notFound, requiredField } from '../../errors';
import { json, type JsonResponse } from '../../http';
import type { StoredUser } from '../../state/v2/types';
import { bindingDigest, pageOffset, resultsPage } from './pages';
import { booleanParam, readQuery, type QueryShape } from './query';
import { parseUserInput } from './userInput';
import { appOrigin, applyUserUpdate, upsertUser, userView } from './userRecords';

const GET_USER_QUERY: QueryShape = { name: 'Get User', params: ['include_schema'] };
const LIST_USERS_QUERY: QueryShape = {
	name: 'List Users',
	params: ['uid', 'email', 'display_name', 'is_identified', 'page_token', 'include_schema'],
};
/** `uid` on the by-id path, and `id` on the by-uid one, are read only to refuse them (§2.5: one or the other). */
const DELETE_BY_ID_QUERY: QueryShape = { name: 'Delete User', params: ['uid'] };
const DELETE_BY_UID_QUERY: QueryShape = { name: 'Delete User', params: ['uid', 'id'] };

const BOTH_IDS = 'give either the user id (DELETE /v2/users/{id}) or uid (DELETE /v2/users?uid=), not both';

export function createUser({ store, caller, body, nowMs }: ApiCall): JsonResponse {
	const parsed = jsonBody(body);
	if (!parsed.ok) return parsed.error;
	const input = parseUserInput(parsed.value, store.config);
	if (!input.ok) return input.error;
	return json({ id: upsertUser(store.v2.org(caller.orgId), input.value, nowMs).id });
}

export function getUser({ store, caller, params, query }: ApiCall): JsonResponse {
	const values = readQuery(query, GET_USER_QUERY, store.config.strict);
	if (!values.ok) return values.error;
	const includeSchema = booleanParam(values.value, 'include_schema');
	if (!includeSchema.ok) return includeSchema.error;
	const user = store.v2.org(caller.orgId).users.findById(params[0]);
	return user === undefined ? notFound() : json(userView(user, includeSchema.value === true));
}

/** §13.3: `uid` exact and case-sensitive, `email` case-insensitive, `display_name` exact, `is_identified` = has a uid. */
function matches(user: StoredUser, filters: Map<string, string>, identified: boolean | undefined): boolean {
	const uid = filters.get('uid');
	const email = filters.get('email');
	const displayName = filters.get('display_name');
	if (uid !== undefined && uid !== '' && user.uid !== uid) return false;
	if (email !== undefined && email !== '' && user.email?.toLowerCase() !== email.toLowerCase()) return false;
	if (displayName !== undefined && displayName !== '' && user.display_name !== displayName) return false;
	return identified === undefined || (user.uid !== undefined) === identified;
}

export function listUsers({ store, caller, query }: ApiCall): JsonResponse {
	const values = readQuery(query, LIST_USERS_QUERY, store.config.strict);
	if (!values.ok) return values.error;
	const identified = booleanParam(values.value, 'is_identified');
	if (!identified.ok) return identified.error;
	const includeSchema = booleanParam(values.value, 'include_schema');
	if (!includeSchema.ok) return includeSchema.error;
	const binding = JSON.stringify(['users', ...['uid', 'email', 'display_name', 'is_identified'].map((name) => values.value.get(name) ?? '')]);
	const offset = pageOffset(values.value.get('page_token') ?? null, binding);
	if (!offset.ok) return offset.error;
	const found = store.v2
		.org(caller.orgId)
		.users.all()
		.filter((user) => matches(user, values.value, identified.value))
		.map((user) => userView(user, includeSchema.value === true));
	return json({
		...resultsPage(found, offset.value, store.config.v2PageSize, binding),
		app_url: `${appOrigin(caller.orgId)}/ui/${encodeURIComponent(caller.orgId)}/segments/everyone/people:search:${bindingDigest(binding)}/0`,
	});
}

/** Update User is a POST to the user's path (§2.1, §12); a user being deleted can no longer be changed. */
export function updateUser({ store, caller, params, body, nowMs }: ApiCall): JsonResponse {
	const user = store.v2.org(caller.orgId).users.findById(params[0]);
	if (user === undefined || user.deleteRequested !== undefined) return notFound();
	const parsed = jsonBody(body);
	if (!parsed.ok) return parsed.error;
	const input = parseUserInput(parsed.value, store.config);
	if (!input.ok) return input.error;
	applyUserUpdate(user, input.value, nowMs);
	return json({ id: user.id });
}

export function deleteUser({ store, caller, params, query, nowMs }: ApiCall): JsonResponse {
	const values = readQuery(query, DELETE_BY_ID_QUERY, store.config.strict);
	if (!values.ok) return values.error;
	if ((values.value.get('uid') ?? '') !== '') return invalidArgument(BOTH_IDS);
	const { users } = store.v2.org(caller.orgId);
	const user = users.findById(params[0]);
	if (user === undefined) return notFound();
	users.markDeleted(user, nowMs, store.config.userDeleteSeconds);
	return json({});
}

export function deleteUserByUid({ store, caller, query, nowMs }: ApiCall): JsonResponse {
	const values = readQuery(query, DELETE_BY_UID_QUERY, store.config.strict);
	if (!values.ok) return values.error;
	const uid = values.value.get('uid') ?? '';
	const id = values.value.get('id') ?? '';
	if (uid !== '' && id !== '') return invalidArgument(BOTH_IDS);
	if (id !== '') return invalidArgument('a user is deleted by id with DELETE /v2/users/{id}; DELETE /v2/users takes ?uid=');
	if (uid === '') return requiredField('uid is required');
	const { users } = store.v2.org(caller.orgId);
	const found = users.findAllByUid(uid);
	if (found.length === 0) return notFound();
	for (const user of found) users.markDeleted(user, nowMs, store.config.userDeleteSeconds);
	return json({});
}
