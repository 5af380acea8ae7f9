/**
 * What accepting an event does, shared by Create Event and events batch jobs
 * (docs/fullstory-server-api.md §4, §13.8): the "full session" rule, then the event kept in the org's
 * state, and how an imported event is shown (§3.3).
 */
import { sessionPageLimitExceeded } from '../../errors';
import { fail, ok, type JsonResponse, type Outcome } from '../../http';
import type { JsonObject } from '../../guards';
import type { EmulatorConfig } from '../../state/config';
import type { OrgData, V2State } from '../../state/v2/orgData';
import type { StoredEvent } from '../../state/v2/types';
import type { EventInput } from './eventInput';
import { propertyTypes } from './properties';

export interface EventOrigin {
	source: StoredEvent['source'];
	jobId?: string;
}

/**
 * A session named explicitly (`session.id` or `session.uid`) that config `fullSessions` lists gives 400
 * `session_page_limit_exceeded`; `use_most_recent` skips full sessions instead, so it never fails (§4).
 */
function fullSessionProblem(input: EventInput, config: EmulatorConfig): JsonResponse | undefined {
	if (input.session === undefined || input.session.use_most_recent === true) return undefined;
	const named = [input.session.id, input.session.uid].find((ref) => ref !== undefined && config.fullSessions.includes(ref));
	return named === undefined ? undefined : sessionPageLimitExceeded(named);
}

export function recordEvent(
	state: V2State,
	org: OrgData,
	input: EventInput,
	origin: EventOrigin,
	config: EmulatorConfig,
	nowMs: number,
): Outcome<StoredEvent> {
	const full = fullSessionProblem(input, config);
	if (full !== undefined) return fail(full);
	const received = new Date(nowMs).toISOString();
	const event: StoredEvent = {
		orgId: org.orgId,
		seq: state.nextEventSeq(),
		received,
		source: origin.source,
		...(origin.jobId === undefined ? {} : { jobId: origin.jobId }),
		...input,
		// "Defaults to server time" (§4).
		timestamp: input.timestamp ?? received,
		attachedSession: null,
	};
	org.addEvent(event);
	return ok(event);
}

/** An imported event (§3.3); `schema` only with `include_schema=true`. */
export function eventView(event: StoredEvent): JsonObject {
	return {
		...(event.user === undefined ? {} : { user: event.user }),
		...(event.session === undefined ? {} : { session: event.session }),
		...(event.context === undefined ? {} : { context: event.context }),
		name: event.name,
		timestamp: event.timestamp,
		...(event.properties === undefined ? {} : { properties: event.properties }),
	};
}

export function eventSchema(event: StoredEvent): JsonObject {
	return { properties: propertyTypes(event.properties, event.schema) };
}
