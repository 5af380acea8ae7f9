import type { IExecuteFunctions } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createEvent, eventBody } from '../../../api/events/events';
import { IDEMPOTENCY_OPTION, idempotencyKeyProperty, itemIdempotencyKey } from '../idempotency';
import type { Operation } from '../types';
import { readServerEvent, serverEventProperties } from './serverEvent';

const show = { resource: ['event'], operation: ['create'] };

export const create: Operation = {
	description: updateDisplayOptions({ show }, serverEventProperties([idempotencyKeyProperty])),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const event = readServerEvent(this, itemIndex);
		const idempotencyKey = itemIdempotencyKey(this, itemIndex, { parameter: IDEMPOTENCY_OPTION });
		await createEvent(this, event, { itemIndex, idempotencyKey });
		// FullStory answers {}: the item says what it now holds.
		return { ...eventBody(event), idempotencyKey };
	},
};
