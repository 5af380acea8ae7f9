/** What FullStory refuses in an annotation (docs/fullstory-server-api.md §8, §13.15), checked before sending. */
import { V2_LIMITS } from '../v2/limits';
import type { Annotation } from './types';

export function annotationProblem(annotation: Annotation): string | undefined {
	if (annotation.text.trim() === '') return 'Text is empty';
	if (annotation.text.length > V2_LIMITS.annotationTextLength) {
		return `Text is ${annotation.text.length} characters; FullStory takes at most ${V2_LIMITS.annotationTextLength}`;
	}
	if (annotation.source !== undefined && annotation.source.length > V2_LIMITS.annotationSourceLength) {
		return `Source is ${annotation.source.length} characters; FullStory takes at most ${V2_LIMITS.annotationSourceLength}`;
	}
	if (annotation.start_time !== undefined && annotation.end_time !== undefined && Date.parse(annotation.end_time) < Date.parse(annotation.start_time)) {
		return 'End Time is before Start Time';
	}
	return undefined;
}
