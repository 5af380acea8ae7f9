/**
 * Query parameters of the v2 GET and DELETE routes (docs/fullstory-server-api.md §2.1, §3.3): snake_case,
 * camelCase accepted too, as gRPC-gateway maps both. Strict mode refuses any other parameter by name, with
 * advice for the ones other clients send (`limit`: there is no page size; `next-page-token`: the old name).
 */
import { invalidArgument } from '../../errors';
import { fail, ok, type Outcome } from '../../http';
import { camelCase } from './fields';

export interface QueryShape {
	/** The operation, for messages. */
	name: string;
	params: readonly string[];
}

const ADVICE: Readonly<Record<string, string>> = {
	limit: 'the v2 APIs have no page size parameter: page with page_token',
	page_size: 'the v2 APIs have no page size parameter: page with page_token',
	'next-page-token': 'the parameter is page_token (renamed in NSDK beta.5)',
	next_page_token: 'send the next_page_token of the last page as page_token',
	pagination_token: 'the v2 APIs page with page_token',
};

/** The parameters under their snake_case names; the first value of a repeated one. */
export function readQuery(query: URLSearchParams, shape: QueryShape, strict: boolean): Outcome<Map<string, string>> {
	const values = new Map<string, string>();
	const known = new Set<string>();
	for (const param of shape.params) {
		for (const key of new Set([param, camelCase(param)])) {
			known.add(key);
			const value = query.get(key);
			if (!values.has(param) && value !== null) values.set(param, value);
		}
	}
	const unknown = strict ? [...query.keys()].find((key) => !known.has(key)) : undefined;
	if (unknown === undefined) return ok(values);
	const advice = Object.hasOwn(ADVICE, unknown) ? `; ${ADVICE[unknown]}` : '';
	return fail(invalidArgument(`query parameter "${unknown}" is not a parameter of ${shape.name} (parameters: ${shape.params.join(', ')})${advice}`));
}

/** `true`/`false` (also `1`/`0`, as protobuf's query mapping reads them), or absent. */
export function booleanParam(values: Map<string, string>, name: string): Outcome<boolean | undefined> {
	const value = values.get(name);
	if (value === undefined || value === '') return ok(undefined);
	if (value === 'true' || value === '1') return ok(true);
	if (value === 'false' || value === '0') return ok(false);
	return fail(invalidArgument(`${name} must be true or false, got "${value}"`));
}
