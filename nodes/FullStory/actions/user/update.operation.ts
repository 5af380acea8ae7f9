import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { updateUser, userBody } from '../../../api/users/users';
import { optionsCollection } from '../common';
import { IDEMPOTENCY_OPTION, idempotencyKeyProperty, itemIdempotencyKey } from '../idempotency';
import type { Operation } from '../types';
import { propertyFields } from '../v2/properties';
import { displayNameField, emailField, fullStoryUserIdField, readFullStoryUserId, readUserFields, uidDescription } from './fields';

const show = { resource: ['user'], operation: ['update'] };

const properties: INodeProperties[] = [
	fullStoryUserIdField,
	{
		displayName: 'Update Fields',
		name: 'updateFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			displayNameField,
			emailField,
			{ displayName: 'User ID (Uid)', name: 'uid', type: 'string', default: '', description: uidDescription },
		],
	},
	...propertyFields('user'),
	optionsCollection([idempotencyKeyProperty]),
];

export const update: Operation = {
	description: updateDisplayOptions({ show }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const userId = readFullStoryUserId(this, itemIndex);
		const fields = readUserFields(this, itemIndex, { uid: 'updateFields.uid', prefix: 'updateFields.' });
		const idempotencyKey = itemIdempotencyKey(this, itemIndex, { parameter: IDEMPOTENCY_OPTION });
		const { id } = await updateUser(this, userId, fields, { itemIndex, idempotencyKey });
		return { id, ...userBody(fields), idempotencyKey };
	},
};
