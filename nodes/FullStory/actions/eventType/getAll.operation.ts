import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { listEventTypes } from '../../../api/webhooks/api';
import { TEST_EVENT_NAME } from '../../../eventTypes/catalog';
import type { Operation } from '../types';

export const getAll: Operation = {
	// No Return All or Limit: FullStory lists the few types a plan offers in one unpaginated answer.
	description: updateDisplayOptions({ show: { resource: ['eventType'], operation: ['getAll'] } }, []),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const types = (await listEventTypes(this, itemIndex)).filter((type) => type.eventName !== TEST_EVENT_NAME);
		return types.map((type) => ({
			eventName: type.eventName,
			displayName: type.displayName,
			hasSubcategories: type.hasSubcategories,
		}));
	},
};
