/**
 * The API origin the credential points at. A custom base URL is how users reach a proxy or the
 * emulator. It may hold a scheme (http or https), a host, a port and a path, nothing else: the
 * API path is joined to it as a path, and a query (`?`) or fragment (`#`) would swallow that path
 * and send every call to the same place, while a user name and password would go wherever the
 * URL points. BASE_URL_EXPRESSION (baseUrlExpression.ts) is the same check for the credential
 * test; keep the two in step.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { withoutTrailingSlashes } from './path';
import { API_BASE_URLS, MAX_BASE_URL_LENGTH } from './policy';

export type BaseUrlResult = { ok: true; baseUrl: string } | { ok: false; problem: string; fix: string };

type BaseUrlProblem = Extract<BaseUrlResult, { ok: false }>;

const EXAMPLE = 'for example https://proxy.example.com/fullstory';

function problem(text: string, fix: string): BaseUrlProblem {
	return { ok: false, problem: `the credential's base URL ${text}`, fix };
}

const PROBLEMS = {
	empty: {
		ok: false,
		problem: 'the credential uses a custom base URL but none is set',
		fix: 'Open the FullStory credential and enter a Base URL such as https://api.fullstory.com, or choose a region.',
	},
	tooLong: problem(
		`is longer than ${MAX_BASE_URL_LENGTH} characters`,
		`Enter only the scheme, host, port and path of the API, ${EXAMPLE}.`,
	),
	spaceOrControl: problem(
		'contains a space or a control character',
		'Remove the spaces, tabs or line breaks from the Base URL in the FullStory credential.',
	),
	scheme: problem('must start with http:// or https://', `Enter an http or https URL, ${EXAMPLE}.`),
	backslash: problem('contains a backslash (\\)', 'Separate the parts of the path with forward slashes (/).'),
	noHost: problem('has no host after http(s)://', `Enter the host right after the two slashes, ${EXAMPLE}.`),
	userinfo: problem(
		'contains a user name or password (user:password@)',
		"Remove everything from after the two slashes up to and including '@'. FullStory is authorised by the API key alone.",
	),
	query: problem(
		"contains a query ('?')",
		"Remove '?' and everything after it: a base URL has only a scheme, host, port and path.",
	),
	fragment: problem(
		"contains a fragment ('#')",
		"Remove '#' and everything after it: a base URL has only a scheme, host, port and path.",
	),
	invalid: problem('is not a valid URL', `Check the host and the port, ${EXAMPLE}.`),
} satisfies Record<string, BaseUrlProblem>;

/** What follows `http://` or `https://` (either in any case), or undefined for another scheme. */
function afterScheme(value: string): string | undefined {
	const lower = value.toLowerCase();
	if (lower.startsWith('https://')) return value.slice('https://'.length);
	if (lower.startsWith('http://')) return value.slice('http://'.length);
	return undefined;
}

/** URL parsers drop tabs and line breaks and stop at spaces; such a value means something else to each. */
function hasSpaceOrControl(value: string): boolean {
	for (let index = 0; index < value.length; index++) {
		const code = value.charCodeAt(index);
		if (code <= 0x20 || code === 0x7f) return true;
	}
	return false;
}

function isParsable(value: string): boolean {
	try {
		new URL(value);
		return true;
	} catch {
		return false;
	}
}

/** Why `value` (trimmed) cannot be a custom base URL, or undefined when it can. */
function customBaseUrlProblem(value: string): BaseUrlProblem | undefined {
	if (value === '') return PROBLEMS.empty;
	if (value.length > MAX_BASE_URL_LENGTH) return PROBLEMS.tooLong;
	if (hasSpaceOrControl(value)) return PROBLEMS.spaceOrControl;
	const rest = afterScheme(value);
	if (rest === undefined) return PROBLEMS.scheme;
	// URL parsers read `\` as `/` after http(s):, other tools do not: refused as ambiguous.
	if (value.includes('\\')) return PROBLEMS.backslash;
	const slash = rest.indexOf('/');
	const authority = slash === -1 ? rest : rest.slice(0, slash);
	// Parsers skip extra slashes (http:///host is http://host); we take no such guesses.
	if (authority === '') return PROBLEMS.noHost;
	if (authority.includes('@')) return PROBLEMS.userinfo;
	if (value.includes('?')) return PROBLEMS.query;
	if (value.includes('#')) return PROBLEMS.fragment;
	if (!isParsable(value)) return PROBLEMS.invalid;
	return undefined;
}

export function resolveBaseUrl(credentials: ICredentialDataDecryptedObject): BaseUrlResult {
	const region = credentials.region;
	if (region === 'eu1') return { ok: true, baseUrl: API_BASE_URLS.eu1 };
	if (region !== 'custom') return { ok: true, baseUrl: API_BASE_URLS.default };

	const value = typeof credentials.baseUrl === 'string' ? credentials.baseUrl.trim() : '';
	const refused = customBaseUrlProblem(value);
	return refused ?? { ok: true, baseUrl: withoutTrailingSlashes(value) };
}

/** Whether the credential talks to FullStory itself rather than to a custom base URL. */
export function pointsAtFullStory(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.region !== 'custom';
}
