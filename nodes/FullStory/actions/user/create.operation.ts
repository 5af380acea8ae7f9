import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { upsertUser, userBody } from '../../../api/users/users';
import { optionsCollection } from '../common';
import { IDEMPOTENCY_OPTION, idempotencyKeyProperty, itemIdempotencyKey } from '../idempotency';
import { readRequiredString } from '../params';
import type { Operation } from '../types';
import { readUserFields, upsertUserProperties } from './fields';

const show = { resource: ['user'], operation: ['create'] };

const properties: INodeProperties[] = [
	...upsertUserProperties(),
	optionsCollection([idempotencyKeyProperty]),
];

export const create: Operation = {
	description: updateDisplayOptions({ show }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		readRequiredString(this, itemIndex, 'uid', 'User ID (Uid)');
		const fields = readUserFields(this, itemIndex, { uid: 'uid', prefix: 'additionalFields.' });
		const idempotencyKey = itemIdempotencyKey(this, itemIndex, { parameter: IDEMPOTENCY_OPTION });
		const { id } = await upsertUser(this, fields, { itemIndex, idempotencyKey });
		return { id, ...userBody(fields), idempotencyKey };
	},
};
