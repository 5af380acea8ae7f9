/**
 * A FullStory session as one `userId:sessionId` id (docs/fullstory-server-api.md §1.6), from
 * whatever a user or a webhook hands over: the id itself, or any replay URL FullStory produces:
 * `…/session/{u}%3A{s}`, `…/session/{u}:{s}`, and the webhook payloads' `…/session/{u}:{s}!{n}`
 * (the `!{n}` is a moment in the session, not part of its id).
 */

/** Both halves are FullStory's numeric-looking ids; anything else is not taken for one. */
const SESSION_ID = /^([A-Za-z0-9_-]+):([A-Za-z0-9_-]+)$/;

function fromSegment(segment: string): string | undefined {
	let decoded: string;
	try {
		decoded = decodeURIComponent(segment);
	} catch {
		return undefined;
	}
	const withoutMoment = decoded.split('!')[0];
	return SESSION_ID.test(withoutMoment) ? withoutMoment : undefined;
}

/** The `u:s` id, or undefined when `value` is neither an id nor a replay URL. */
export function parseSessionId(value: string): string | undefined {
	const trimmed = value.trim();
	const direct = fromSegment(trimmed);
	if (direct !== undefined) return direct;
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		return undefined;
	}
	const segments = url.pathname.split('/').filter((segment) => segment !== '');
	const at = segments.lastIndexOf('session');
	return at === -1 || at + 1 >= segments.length ? undefined : fromSegment(segments[at + 1]);
}
