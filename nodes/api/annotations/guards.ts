/** Create Annotation answers with what it stored, defaults filled in. */
import { isRecord, optionalString, pick } from '../../transport/guards';
import type { Annotation } from './types';

export function parseAnnotation(value: unknown): Annotation | undefined {
	if (!isRecord(value)) return undefined;
	const text = optionalString(value.text);
	if (text === undefined) return undefined;
	const annotation: Annotation = { text };
	const start = optionalString(pick(value, 'start_time', 'startTime'));
	const end = optionalString(pick(value, 'end_time', 'endTime'));
	const source = optionalString(value.source);
	if (start !== undefined) annotation.start_time = start;
	if (end !== undefined) annotation.end_time = end;
	if (source !== undefined) annotation.source = source;
	return annotation;
}
