/** FullStory's Create Annotation (docs/fullstory-server-api.md §8): a marker on FullStory's charts. */
import type { FullStoryContext } from '../../transport/request';
import { fullStoryRequest } from '../../transport/request';
import { parseAnnotation } from './guards';
import type { Annotation } from './types';

export const ANNOTATIONS_PATH = '/v2/annotations';

export async function createAnnotation(
	context: FullStoryContext,
	annotation: Annotation,
	options: { itemIndex: number; idempotencyKey: string },
): Promise<Annotation> {
	const body: Record<string, string> = { text: annotation.text };
	if (annotation.start_time !== undefined) body.start_time = annotation.start_time;
	if (annotation.end_time !== undefined) body.end_time = annotation.end_time;
	if (annotation.source !== undefined) body.source = annotation.source;
	return await fullStoryRequest(
		context,
		{
			method: 'POST',
			path: ANNOTATIONS_PATH,
			body,
			itemIndex: options.itemIndex,
			idempotencyKey: options.idempotencyKey,
			needs: 'standard',
			expected: 'the created annotation',
		},
		parseAnnotation,
	);
}
