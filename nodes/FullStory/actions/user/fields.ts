/**
 * What the user operations share: the identity fields (uid, display name, email), checked
 * against V2_LIMITS, the custom properties, and the FullStory User ID they address.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { UserFields } from '../../../api/users/types';
import { V2_LIMITS } from '../../../api/v2/limits';
import { fail, readOptionalString, readPathSegment } from '../params';
import { propertyFields, readPropertyInput } from '../v2/properties';

export const fullStoryUserIdField: INodeProperties = {
	displayName: 'FullStory User ID',
	name: 'userId',
	type: 'string',
	default: '',
	required: true,
	placeholder: '987654321',
	description: "FullStory's own ID of the user, as Create or Update and Get Many return it (not your app's uid)",
};

export const displayNameField: INodeProperties = {
	displayName: 'Display Name',
	name: 'displayName',
	type: 'string',
	default: '',
	placeholder: 'Daniel Falko',
	description: `The name FullStory shows for the user, at most ${V2_LIMITS.displayNameLength} characters`,
};

export const emailField: INodeProperties = {
	displayName: 'Email',
	name: 'email',
	type: 'string',
	placeholder: 'name@email.com',
	default: '',
	description: `The user's email address, at most ${V2_LIMITS.emailLength} characters`,
};

/** Your app's ID for the user, as a required field (Create or Update, Delete by uid). */
export const uidField: INodeProperties = {
	displayName: 'User ID (Uid)',
	name: 'uid',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'customer-4711',
};

export const uidDescription = `Your app's ID for the user (the uid of FS.identify), at most ${V2_LIMITS.uidLength} characters`;

function checkLength(context: IExecuteFunctions, itemIndex: number, label: string, value: string | undefined, max: number): void {
	if (value !== undefined && value.length > max) {
		fail(context, itemIndex, `${label} is ${value.length} characters; FullStory takes at most ${max}`, 'Shorten it, then run the node again. Nothing was sent to FullStory.');
	}
}

/** The identity fields at `prefix` (a collection's name and a dot, or ''), the uid at `uidName`, and the properties. */
export function readUserFields(context: IExecuteFunctions, itemIndex: number, names: { uid: string; prefix: string }): UserFields {
	const fields: UserFields = {};
	const uid = readOptionalString(context, itemIndex, names.uid);
	const displayName = readOptionalString(context, itemIndex, `${names.prefix}displayName`);
	const email = readOptionalString(context, itemIndex, `${names.prefix}email`);
	checkLength(context, itemIndex, 'User ID (uid)', uid, V2_LIMITS.uidLength);
	checkLength(context, itemIndex, 'Display Name', displayName, V2_LIMITS.displayNameLength);
	checkLength(context, itemIndex, 'Email', email, V2_LIMITS.emailLength);
	if (uid !== undefined) fields.uid = uid;
	if (displayName !== undefined) fields.display_name = displayName;
	if (email !== undefined) fields.email = email;
	const { properties, types } = readPropertyInput(context, itemIndex);
	if (Object.keys(properties).length > 0) fields.properties = properties;
	if (types !== undefined) fields.schema = { properties: types };
	return fields;
}

/** The FullStory User ID parameter, checked as a path segment before any call. */
export function readFullStoryUserId(context: IExecuteFunctions, itemIndex: number): string {
	return readPathSegment(context, itemIndex, 'userId', 'FullStory User ID');
}

/** The fields of a user to create or update by uid: User > Create or Update, and a users import job. */
export function upsertUserProperties(): INodeProperties[] {
	return [
		{ ...uidField, description: `${uidDescription}. The user with this uid is updated, or made when there is none.` },
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [displayNameField, emailField],
		},
		...propertyFields('user'),
	];
}
