/** What every import job operation asks: users or events, and (except Create) the job's ID. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ImportKind } from '../../../api/importJobs/types';
import { readPathSegment } from '../params';

export const importKindField: INodeProperties = {
	displayName: 'Import',
	name: 'importKind',
	type: 'options',
	options: [
		{ name: 'Events', value: 'events', description: 'Server events, one per input item' },
		{ name: 'Users', value: 'users', description: 'Users created or updated by uid, one per input item' },
	],
	default: 'users',
	description: 'What the job imports into FullStory',
};

export const jobIdField: INodeProperties = {
	displayName: 'Job ID',
	name: 'jobId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'otpo123',
	description: 'The ID Import Job > Create returned (jobId)',
};

export function readImportKind(context: IExecuteFunctions, itemIndex: number): ImportKind {
	return context.getNodeParameter('importKind', itemIndex, 'users') === 'events' ? 'events' : 'users';
}

export function readJobId(context: IExecuteFunctions, itemIndex: number): string {
	return readPathSegment(context, itemIndex, 'jobId', 'Job ID');
}
