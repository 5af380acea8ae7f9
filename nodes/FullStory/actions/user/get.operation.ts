import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { getUser } from '../../../api/users/users';
import type { Operation } from '../types';
import { fullStoryUserIdField, readFullStoryUserId } from './fields';

export const get: Operation = {
	description: updateDisplayOptions({ show: { resource: ['user'], operation: ['get'] } }, [fullStoryUserIdField]),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		return { ...(await getUser(this, readFullStoryUserId(this, itemIndex), itemIndex)) };
	},
};
