/**
 * `resolveBaseUrl` (baseUrl.ts) as an n8n expression, for the credential test, which n8n runs
 * without the package's code. Written with string methods only: no regex (that could backtrack)
 * and no loop, on a value whose length is checked before anything else looks at it.
 *
 * It makes the checks of `customBaseUrlProblem` except the last, a full URL parse, which an
 * expression cannot do; a value only that parse refuses (a bad port, a bad host) is passed on as
 * it is, and the HTTP client refuses it in turn. A refused base URL becomes REFUSED_BASE_URL,
 * whose scheme no HTTP client speaks, so the test request fails before anything is sent.
 */
import { API_BASE_URLS, MAX_BASE_URL_LENGTH } from './policy';

/** What the credential test calls for a refused base URL: "Unsupported protocol invalid-base-url:". */
export const REFUSED_BASE_URL = 'invalid-base-url:';

/** `$credentials.baseUrl` trimmed, as `s`; '' when it is not a string. */
const VALUE = "(typeof $credentials.baseUrl === 'string' ? $credentials.baseUrl.trim() : '')";

/** What follows http:// or https:// in `s`, as `rest`; '' for any other scheme. */
const AFTER_SCHEME =
	"(s.toLowerCase().startsWith('https://') ? s.slice(8) : s.toLowerCase().startsWith('http://') ? s.slice(7) : '')";

/** `rest` up to the first slash: the host and port, and a user name if there is one. */
const AUTHORITY = "rest.split('/')[0]";

/** Each refusal of customBaseUrlProblem but the URL parse; the length first, to bound the rest. */
const REFUSED_WHEN = [
	"s === ''",
	`s.length > ${MAX_BASE_URL_LENGTH}`,
	"s.split('').some((c) => c <= ' ' || c === '\\x7f')",
	// Also true for another scheme, where `rest` is ''.
	`${AUTHORITY} === ''`,
	`${AUTHORITY}.includes('@')`,
	"s.includes('\\\\')",
	"s.includes('?')",
	"s.includes('#')",
].join(' || ');

/** `s` without its trailing slashes: the parts between slashes, up to the last non-empty one. */
const WITHOUT_TRAILING_SLASHES = "s.split('/').slice(0, s.split('/').findLastIndex((part) => part !== '') + 1).join('/')";

const CUSTOM = `((s) => ((rest) => ${REFUSED_WHEN} ? '${REFUSED_BASE_URL}' : ${WITHOUT_TRAILING_SLASHES})${AFTER_SCHEME})${VALUE}`;

export const BASE_URL_EXPRESSION = `={{ $credentials.region === 'eu1' ? '${API_BASE_URLS.eu1}' : $credentials.region !== 'custom' ? '${API_BASE_URLS.default}' : ${CUSTOM} }}`;
