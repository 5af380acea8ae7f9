/**
 * Create Annotation (docs/fullstory-server-api.md §8, §13.15): `text` required (≤200), `start_time`
 * defaulting to now, `end_time` to `start_time` and not before it, `source` ≤40; the answer echoes the
 * body with those defaults. Every refusal is 400 `invalid_argument`, `text is required` as the docs show.
 */
import { jsonBody, type ApiCall } from '../apiCall';
import { invalidArgument } from '../../errors';
import { json, type JsonResponse } from '../../http';
import type { StoredAnnotation } from '../../state/v2/types';
import { ANNOTATION_SHAPE, readFields } from './fields';
import { V2_LIMITS } from './limits';
import { optionalString, optionalTimestamp } from './values';

export function createAnnotation({ store, caller, body, nowMs }: ApiCall): JsonResponse {
	const parsed = jsonBody(body);
	if (!parsed.ok) return parsed.error;
	const fields = readFields(parsed.value, ANNOTATION_SHAPE, '', store.config.strict);
	if (!fields.ok) return fields.error;
	const text = optionalString(fields.value, 'text', '', V2_LIMITS.annotationTextChars);
	if (!text.ok) return text.error;
	if (text.value === undefined || text.value === '') return invalidArgument('text is required');
	const source = optionalString(fields.value, 'source', '', V2_LIMITS.annotationSourceChars);
	if (!source.ok) return source.error;
	const start = optionalTimestamp(fields.value, 'start_time', '');
	if (!start.ok) return start.error;
	const end = optionalTimestamp(fields.value, 'end_time', '');
	if (!end.ok) return end.error;
	const startTime = start.value ?? new Date(nowMs).toISOString();
	const endTime = end.value ?? startTime;
	if (Date.parse(endTime) < Date.parse(startTime)) return invalidArgument('end_time must not be before start_time');
	const echo = {
		text: text.value,
		start_time: startTime,
		end_time: endTime,
		...(source.value === undefined || source.value === '' ? {} : { source: source.value }),
	};
	const stored: StoredAnnotation = { orgId: caller.orgId, received: new Date(nowMs).toISOString(), ...echo };
	store.v2.org(caller.orgId).annotations.push(stored);
	return json(echo);
}
