import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listEventTypes } from '../../shared/api';
import { TEST_EVENT_NAME } from '../../shared/constants';
import { returnAllOrLimit } from '../common';
import { readLimit } from '../params';
import type { Operation } from '../types';

export const getAll: Operation = {
	description: updateDisplayOptions({ show: { resource: ['eventType'], operation: ['getAll'] } }, returnAllOrLimit),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const limit = readLimit(this, itemIndex);
		// FullStory lists only the types the account's plan offers, in one unpaginated answer.
		const types = (await listEventTypes(this, itemIndex)).filter((type) => type.eventName !== TEST_EVENT_NAME);
		return (limit === undefined ? types : types.slice(0, limit)).map((type) => ({
			eventName: type.eventName,
			displayName: type.displayName,
			hasSubcategories: type.hasSubcategories,
		}));
	},
};
