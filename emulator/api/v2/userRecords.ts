/**
 * What a user write does to the org's users, shared by the single calls and by batch jobs
 * (docs/fullstory-server-api.md §2.2, §13.4), and how a user is shown (§2.3).
 */
import type { JsonObject } from '../../guards';
import type { OrgData } from '../../state/v2/orgData';
import type { StoredUser } from '../../state/v2/types';
import { propertyTypes, typeConflicts } from './properties';
import type { UserInput } from './userInput';

/** The app's host for the org: eu1 orgs live on app.eu1 (§1.6). */
export function appOrigin(orgId: string): string {
	return /-eu1$/i.test(orgId) ? 'https://app.eu1.fullstory.com' : 'https://app.fullstory.com';
}

export function userAppUrl(user: StoredUser): string {
	return `${appOrigin(user.orgId)}/ui/${encodeURIComponent(user.orgId)}/segments/everyone/people/user/${encodeURIComponent(user.id)}`;
}

/** Identity fields replaced only when sent; `properties` and `schema` merged one level deep (§13.4). */
export function applyUserUpdate(user: StoredUser, input: UserInput, nowMs: number): void {
	if (input.uid !== undefined) user.uid = input.uid;
	if (input.display_name !== undefined) user.display_name = input.display_name;
	if (input.email !== undefined) user.email = input.email;
	if (input.properties !== undefined) user.properties = { ...user.properties, ...input.properties };
	if (input.schema !== undefined) user.schema = { ...user.schema, ...input.schema };
	user.updated = new Date(nowMs).toISOString();
}

/** Create User's upsert: the identified user with this uid is updated; otherwise (or without uid) a new user is made. */
export function upsertUser(org: OrgData, input: UserInput, nowMs: number): StoredUser {
	const existing = input.uid === undefined ? undefined : org.users.findIdentified(input.uid);
	if (existing !== undefined) {
		applyUserUpdate(existing, input, nowMs);
		return existing;
	}
	const now = new Date(nowMs).toISOString();
	const user: StoredUser = {
		orgId: org.orgId,
		id: org.users.unusedId(),
		...(input.uid === undefined ? {} : { uid: input.uid }),
		...(input.display_name === undefined ? {} : { display_name: input.display_name }),
		...(input.email === undefined ? {} : { email: input.email }),
		properties: input.properties ?? {},
		schema: input.schema ?? {},
		created: now,
		updated: now,
	};
	org.users.insert(user);
	return user;
}

/** The types shown under `schema` with `include_schema=true`. */
export function userSchema(user: StoredUser): JsonObject {
	return { properties: propertyTypes(user.properties, user.schema) };
}

/** The user object of Get and List (§2.3): `is_being_deleted` always present, `schema` null unless asked for. */
export function userView(user: StoredUser, includeSchema: boolean): JsonObject {
	return {
		id: user.id,
		...(user.uid === undefined ? {} : { uid: user.uid }),
		...(user.display_name === undefined ? {} : { display_name: user.display_name }),
		...(user.email === undefined ? {} : { email: user.email }),
		is_being_deleted: user.deleteRequested !== undefined,
		properties: user.properties,
		schema: includeSchema ? userSchema(user) : null,
		type_conflicts: typeConflicts(user.properties, user.schema),
		app_url: userAppUrl(user),
	};
}
