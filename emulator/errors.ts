/**
 * The documented error bodies `{message, code}` (docs/fullstory-api.md §6). The messages of
 * 401, 403, 404, 429 and 500 are the docs' own text, so clients can be tested against them verbatim.
 */
import type { JsonResponse } from './http';

export const ERROR_MESSAGES = {
	unauthorized: 'access is unauthorized',
	forbidden: 'insufficient permissions',
	notFound: 'Requested resource does not exist',
	tooManyRequests: 'Too many requests. Client has exceeded the rate limit for this endpoint.',
	serverError: 'Server error was encountered',
} as const;

function errorResponse(
	status: number,
	code: string,
	message: string,
	headers?: Record<string, string>,
): JsonResponse {
	return { status, body: { message, code }, headers };
}

export function requiredField(message: string): JsonResponse {
	return errorResponse(400, 'required_field', message);
}

export function invalidArgument(message: string): JsonResponse {
	return errorResponse(400, 'invalid_argument', message);
}

export function alreadyExists(message: string): JsonResponse {
	return errorResponse(400, 'already_exists', message);
}

/** Create Event on a session that is "full" (docs/fullstory-server-api.md §1.4, §4); the message is the emulator's. */
export function sessionPageLimitExceeded(session: string): JsonResponse {
	return errorResponse(400, 'session_page_limit_exceeded', `session ${session} has reached its page limit`);
}

export function unauthorized(): JsonResponse {
	return errorResponse(401, 'unauthorized', ERROR_MESSAGES.unauthorized);
}

export function forbidden(): JsonResponse {
	return errorResponse(403, 'forbidden', ERROR_MESSAGES.forbidden);
}

/** The API's 404 always carries the documented text; the control API may name what it did not find. */
export function notFound(message: string = ERROR_MESSAGES.notFound): JsonResponse {
	return errorResponse(404, 'resource_not_found', message);
}

export function methodNotAllowed(method: string, path: string, allowed: string[]): JsonResponse {
	return errorResponse(405, 'method_not_allowed', `method ${method} is not allowed on ${path}`, {
		Allow: allowed.join(', '),
	});
}

export function payloadTooLarge(maxBytes: number): JsonResponse {
	return errorResponse(413, 'payload_too_large', `request body exceeds ${maxBytes} bytes`);
}

/** `retryAfter` is the header value as sent: delay-seconds or an HTTP-date (faults.ts). */
export function tooManyRequests(retryAfter: string): JsonResponse {
	return errorResponse(429, 'too_many_requests', ERROR_MESSAGES.tooManyRequests, { 'Retry-After': retryAfter });
}

export function serverError(): JsonResponse {
	return errorResponse(500, 'server_error', ERROR_MESSAGES.serverError);
}
