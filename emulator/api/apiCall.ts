/** What a public API handler gets: the authenticated caller and the already-read request. */
import { invalidArgument } from '../errors';
import { fail, ok, type JsonResponse, type Outcome, type ParsedBody } from '../http';
import type { EmulatorStore } from '../state/store';
import type { ApiKeyRecord } from '../state/types';

export interface ApiCall {
	store: EmulatorStore;
	caller: ApiKeyRecord;
	query: URLSearchParams;
	body: ParsedBody;
	/** Decoded path segments captured by the route. */
	params: string[];
	/** The time the call is handled at: one clock reading for all it does. */
	nowMs: number;
}

export type ApiHandler = (call: ApiCall) => JsonResponse;

/** An empty body reads as `{}`, as a gRPC gateway maps it to an empty message. */
export function jsonBody(body: ParsedBody): Outcome<unknown> {
	if (body.kind === 'invalid') return fail(invalidArgument(`request body is not valid JSON: ${body.reason}`));
	return ok(body.kind === 'json' ? body.value : {});
}
