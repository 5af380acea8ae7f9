/**
 * What the request log keeps of an API call's body, and how much it keeps in all. Every API call is
 * logged, unauthenticated ones included, so without a bound anyone who can reach the port could make a
 * long-running emulator hold 10,000 bodies of up to 1 MiB each. Instead the log weighs its entries (as
 * the JSON the control API serves) and drops the oldest past REQUEST_LOG_MAX_BYTES; a body past
 * LOGGED_BODY_MAX_BYTES keeps only its start; a call without a usable key keeps no body at all.
 */
import { loggableBody, type ParsedBody } from '../http';
import type { SeqLogLimits } from './seqLog';
import type { RequestLogEntry } from './types';

export const REQUEST_LOG_MAX_BYTES = 16 * 1024 * 1024;

/** Far above any body the nodes send (an endpoint is well under 1 KiB), far below the 1 MiB a request may carry. */
export const LOGGED_BODY_MAX_BYTES = 64 * 1024;

export const REQUEST_LOG_LIMITS: SeqLogLimits<RequestLogEntry> = {
	maxBytes: REQUEST_LOG_MAX_BYTES,
	sizeOf: (entry) => Buffer.byteLength(JSON.stringify(entry), 'utf8'),
};

export type LoggedBody = Pick<RequestLogEntry, 'body' | 'bodyCut' | 'bodyBytes'>;

/** `raw` is the body as received (empty when none was read), `parsed` what the API made of it. */
export function loggedBody(raw: Buffer, parsed: ParsedBody, authenticated: boolean): LoggedBody {
	if (raw.length === 0) return { body: loggableBody(parsed) };
	if (!authenticated) return { body: null, bodyCut: 'unauthenticated', bodyBytes: raw.length };
	if (raw.length <= LOGGED_BODY_MAX_BYTES) return { body: loggableBody(parsed) };
	// Cut bytes, not characters: the cap is in bytes. A character split at the cut decodes as U+FFFD.
	return { body: raw.subarray(0, LOGGED_BODY_MAX_BYTES).toString('utf8'), bodyCut: 'truncated', bodyBytes: raw.length };
}
