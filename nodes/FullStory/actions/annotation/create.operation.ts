import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { createAnnotation } from '../../../api/annotations/annotations';
import { annotationProblem } from '../../../api/annotations/rules';
import type { Annotation } from '../../../api/annotations/types';
import { V2_LIMITS } from '../../../api/v2/limits';
import { optionsCollection } from '../common';
import { IDEMPOTENCY_OPTION, idempotencyKeyProperty, itemIdempotencyKey } from '../idempotency';
import { readOptionalString, readOptionalTimestamp, readRequiredString } from '../params';
import type { Operation } from '../types';

const show = { resource: ['annotation'], operation: ['create'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'Release 2.4.0',
		description: `What the marker says on FullStory's charts, at most ${V2_LIMITS.annotationTextLength} characters`,
	},
	optionsCollection([
		{
			displayName: 'End Time',
			name: 'endTime',
			type: 'string',
			default: '',
			placeholder: '2026-12-07T14:30:00Z',
			description: 'When the marked period ends (ISO 8601). Empty: the start time, a single moment.',
		},
		idempotencyKeyProperty,
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			default: '',
			placeholder: 'Deploy pipeline',
			description: `Who made the marker, shown with it, at most ${V2_LIMITS.annotationSourceLength} characters`,
		},
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'string',
			default: '',
			placeholder: '2026-12-07T14:23:00Z',
			description: 'When the marked moment or period starts (ISO 8601). Empty: now.',
		},
	]),
];

export const create: Operation = {
	description: updateDisplayOptions({ show }, properties),
	async execute(this: IExecuteFunctions, itemIndex: number) {
		const annotation: Annotation = { text: readRequiredString(this, itemIndex, 'text', 'Text') };
		const start = readOptionalTimestamp(this, itemIndex, 'options.startTime', 'Start Time');
		const end = readOptionalTimestamp(this, itemIndex, 'options.endTime', 'End Time');
		const source = readOptionalString(this, itemIndex, 'options.source');
		if (start !== undefined) annotation.start_time = start;
		if (end !== undefined) annotation.end_time = end;
		if (source !== undefined) annotation.source = source;
		const problem = annotationProblem(annotation);
		if (problem !== undefined) {
			throw new NodeOperationError(this.getNode(), problem, { itemIndex, description: 'Fix it, then run the node again. Nothing was sent to FullStory.' });
		}
		const idempotencyKey = itemIdempotencyKey(this, itemIndex, { parameter: IDEMPOTENCY_OPTION });
		return { ...(await createAnnotation(this, annotation, { itemIndex, idempotencyKey })) };
	},
};
