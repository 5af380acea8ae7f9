/** What a control route is (control.ts, v2Control.ts), and the body reading they share. */
import { invalidArgument } from '../errors';
import { fail, ok, type JsonResponse, type Outcome, type ParsedBody } from '../http';
import type { EmulatorContext } from '../state/context';

export interface ControlRequest {
	query: URLSearchParams;
	body: ParsedBody;
}

export type ControlHandler = (context: EmulatorContext, request: ControlRequest) => JsonResponse | Promise<JsonResponse>;

function controlBody(body: ParsedBody): Outcome<unknown> {
	if (body.kind === 'invalid') return fail(invalidArgument(`request body is not valid JSON: ${body.reason}`));
	return ok(body.kind === 'json' ? body.value : {});
}

/** Reads the body with `parse` and hands the typed value to `run`; any parse error is the answer. */
export function withBody<T>(
	parse: (body: unknown) => Outcome<T>,
	run: (context: EmulatorContext, value: T) => JsonResponse | Promise<JsonResponse>,
): ControlHandler {
	return async (context, request) => {
		const body = controlBody(request.body);
		if (!body.ok) return body.error;
		const value = parse(body.value);
		return value.ok ? await run(context, value.value) : value.error;
	};
}

/** `?since=SEQ` of the logs: entries after that sequence number. */
export function parseSince(query: URLSearchParams): Outcome<number> {
	const since = query.get('since');
	if (since === null || since === '') return ok(0);
	return /^\d+$/.test(since) ? ok(Number(since)) : fail(invalidArgument('since must be a non-negative integer'));
}
