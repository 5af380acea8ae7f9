/** Narrow FullStory's Users v2 answers into types.ts, reading snake_case and camelCase alike (docs/fullstory-server-api.md §1.5). */
import { isRecord, optionalString, pick } from '../../transport/guards';
import type { FullStoryUser } from './types';

/** `{id}`: what Create or Update and Update answer. */
export function parseUserId(value: unknown): { id: string } | undefined {
	if (!isRecord(value)) return undefined;
	const id = optionalString(value.id);
	return id === undefined ? undefined : { id };
}

export function parseUser(value: unknown): FullStoryUser | undefined {
	if (!isRecord(value)) return undefined;
	const id = optionalString(value.id);
	if (id === undefined) return undefined;
	const deleting = pick(value, 'is_being_deleted', 'isBeingDeleted');
	if (deleting !== undefined && typeof deleting !== 'boolean') return undefined;
	const user: FullStoryUser = { id, is_being_deleted: deleting === true };
	const uid = optionalString(value.uid);
	const displayName = optionalString(pick(value, 'display_name', 'displayName'));
	const email = optionalString(value.email);
	const appUrl = optionalString(pick(value, 'app_url', 'appUrl'));
	if (uid !== undefined) user.uid = uid;
	if (displayName !== undefined) user.display_name = displayName;
	if (email !== undefined) user.email = email;
	if (isRecord(value.properties)) user.properties = value.properties;
	if (isRecord(value.schema)) user.schema = value.schema;
	const conflicts = pick(value, 'type_conflicts', 'typeConflicts');
	if (isRecord(conflicts)) user.type_conflicts = conflicts;
	if (appUrl !== undefined) user.app_url = appUrl;
	return user;
}
