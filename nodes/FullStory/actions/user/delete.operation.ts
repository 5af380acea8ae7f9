import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { deleteUser } from '../../../api/users/users';
import { readRequiredString } from '../params';
import type { Operation } from '../types';
import { fullStoryUserIdField, readFullStoryUserId, uidField } from './fields';

const properties: INodeProperties[] = [
	{
		displayName: 'Delete By',
		name: 'deleteBy',
		type: 'options',
		options: [
			{ name: 'FullStory User ID', value: 'id' },
			{ name: 'Your User ID (Uid)', value: 'uid' },
		],
		default: 'uid',
		description: 'How the user to delete is named: exactly one of the two',
	},
	{ ...fullStoryUserIdField, displayOptions: { show: { deleteBy: ['id'] } } },
	{ ...uidField, displayOptions: { show: { deleteBy: ['uid'] } } },
];

export const deleteOperation: Operation = {
	description: updateDisplayOptions({ show: { resource: ['user'], operation: ['delete'] } }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const by =
			this.getNodeParameter('deleteBy', itemIndex, 'uid') === 'id'
				? { id: readFullStoryUserId(this, itemIndex) }
				: { uid: readRequiredString(this, itemIndex, 'uid', 'User ID (Uid)') };
		await deleteUser(this, by, itemIndex);
		return { deleted: true, ...by };
	},
};
