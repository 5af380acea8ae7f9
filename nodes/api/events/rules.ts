/**
 * The rules FullStory states for linking an event to a user and a session (docs/fullstory-server-api.md
 * §4), checked before sending: FullStory refuses `user` with `session.id`, and `use_most_recent`
 * needs exactly one user field. Returns the problem in words, or undefined.
 */
import { V2_LIMITS } from '../v2/limits';
import type { ServerEvent } from './types';
import { EVENT_CONTEXT_GROUPS } from './types';

export function eventProblem(event: ServerEvent): string | undefined {
	if (event.name.trim() === '') return 'the event has no name';
	const { user, session } = event;
	if (session !== undefined && 'id' in session && user !== undefined) {
		return 'an event linked to a session by its ID cannot name a user too (FullStory refuses it): the session already belongs to one';
	}
	if (session !== undefined && 'use_most_recent' in session && user === undefined) {
		return "the user's most recent session needs the user (a uid or a FullStory ID)";
	}
	if (user !== undefined && 'uid' in user && user.uid.length > V2_LIMITS.uidLength) {
		return `the user's uid is longer than ${V2_LIMITS.uidLength} characters`;
	}
	if (session !== undefined && 'uid' in session && session.uid.length > V2_LIMITS.sessionUidLength) {
		return `the session uid is longer than ${V2_LIMITS.sessionUidLength} characters`;
	}
	const unknownGroup = Object.keys(event.context ?? {}).find((group) => !EVENT_CONTEXT_GROUPS.some((known) => known === group));
	if (unknownGroup !== undefined) {
		return `context "${unknownGroup}" is not one FullStory knows (${EVENT_CONTEXT_GROUPS.join(', ')})`;
	}
	return undefined;
}
