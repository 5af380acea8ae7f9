/** Create Event (docs/fullstory-server-api.md §4): 200 `{}`, the event kept in the org's state. */
import { jsonBody, type ApiCall } from '../apiCall';
import { json, type JsonResponse } from '../../http';
import { parseEventInput } from './eventInput';
import { recordEvent } from './eventRecords';

export function createEvent({ store, caller, body, nowMs }: ApiCall): JsonResponse {
	const parsed = jsonBody(body);
	if (!parsed.ok) return parsed.error;
	const input = parseEventInput(parsed.value, store.config);
	if (!input.ok) return input.error;
	const recorded = recordEvent(store.v2, store.v2.org(caller.orgId), input.value, { source: 'api' }, store.config, nowMs);
	return recorded.ok ? json({}) : recorded.error;
}
