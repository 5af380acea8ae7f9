/**
 * The body of Create and Update User, and of a users batch request (docs/fullstory-server-api.md §2.2,
 * §3.2): every field optional, each checked against V2_LIMITS, read in snake_case or camelCase.
 */
import { ok, type Outcome } from '../../http';
import type { JsonObject } from '../../guards';
import type { EmulatorConfig } from '../../state/config';
import type { PropertyTypes } from '../../state/v2/types';
import { readFields, USER_BATCH_ITEM_SHAPE, USER_SHAPE } from './fields';
import { V2_LIMITS } from './limits';
import { readPropertiesAndSchema } from './properties';
import { optionalString } from './values';

export interface UserInput {
	/** Absent or '': no upsert key, so a create makes a new anonymous user. */
	uid?: string;
	display_name?: string;
	email?: string;
	properties?: JsonObject;
	schema?: PropertyTypes;
	/** Only in a batch request: the user to update. */
	id?: string;
}

export function parseUserInput(body: unknown, config: EmulatorConfig, label = '', batchItem = false): Outcome<UserInput> {
	const fields = readFields(body, batchItem ? USER_BATCH_ITEM_SHAPE : USER_SHAPE, label, config.strict);
	if (!fields.ok) return fields;
	const uid = optionalString(fields.value, 'uid', label, V2_LIMITS.uidChars);
	if (!uid.ok) return uid;
	const displayName = optionalString(fields.value, 'display_name', label, V2_LIMITS.displayNameChars);
	if (!displayName.ok) return displayName;
	const email = optionalString(fields.value, 'email', label, V2_LIMITS.emailChars);
	if (!email.ok) return email;
	const id = optionalString(fields.value, 'id', label);
	if (!id.ok) return id;
	const input: UserInput = {};
	if (uid.value !== undefined && uid.value !== '') input.uid = uid.value;
	if (displayName.value !== undefined) input.display_name = displayName.value;
	if (email.value !== undefined) input.email = email.value;
	if (id.value !== undefined && id.value !== '') input.id = id.value;
	const typed = readPropertiesAndSchema(fields.value, label, config);
	if (!typed.ok) return typed;
	return ok({ ...input, ...typed.value });
}
