/**
 * API paths, for every FullStory API family. A path is fixed parts written in the code and ids or
 * names that came from a user or from an answer, each of those put in as exactly one segment by
 * `pathSegment`. `encodeURIComponent` keeps a value from adding segments or a query, but leaves
 * `.` and `..` alone, which every URL parser then resolves as "this folder" and "the folder
 * above": endpoint `..` would be the endpoint list itself. Those, and the empty segment, are
 * refused before any request.
 */

/** An id or name to put in a path as one segment, and the field it came from, for the error. */
export interface PathSegment {
	readonly value: string;
	/** The field as the user knows it, e.g. "Endpoint ID". */
	readonly what: string;
}

/**
 * The path of a request under the base URL. A string, or a string in an array, is written in the
 * code (never built from input); every value that is not goes in as a `pathSegment`.
 */
export type ApiPath = string | ReadonlyArray<string | PathSegment>;

export function pathSegment(value: string, what: string): PathSegment {
	return { value, what };
}

export interface SegmentProblem {
	message: string;
	description: string;
}

/** Why `value` cannot be one path segment, or undefined when it can. */
export function segmentProblem(value: string, what: string): SegmentProblem | undefined {
	if (value === '') {
		return { message: `${what} is empty`, description: `Enter the ${what} as FullStory shows it.` };
	}
	if (value === '.' || value === '..') {
		return {
			message: `${what} '${value}' is not a valid FullStory ID`,
			description: `In a URL path '.' and '..' stand for "this folder" and "the folder above", so no FullStory ID is one of them. Enter the ${what} as FullStory shows it.`,
		};
	}
	if (encoded(value) === undefined) {
		return {
			message: `${what} contains a broken character and is not a valid FullStory ID`,
			description: `It holds half of a UTF-16 character pair, which a URL cannot carry. Enter the ${what} as FullStory shows it.`,
		};
	}
	return undefined;
}

/** `encodeURIComponent`, which throws on a lone surrogate; undefined then. */
function encoded(value: string): string | undefined {
	try {
		return encodeURIComponent(value);
	} catch {
		return undefined;
	}
}

export type EncodedPath = { ok: true; path: string } | { ok: false; problem: SegmentProblem };

/** The path as sent: `/` and each part, fixed parts as written and segments encoded. */
export function encodePath(path: ApiPath): EncodedPath {
	const parts: string[] = [];
	for (const part of typeof path === 'string' ? [path] : path) {
		if (typeof part === 'string') {
			const fixed = withoutSlashesAround(part);
			if (fixed !== '') parts.push(fixed);
			continue;
		}
		const problem = segmentProblem(part.value, part.what);
		if (problem !== undefined) return { ok: false, problem };
		// segmentProblem has checked that it encodes.
		parts.push(encoded(part.value) ?? '');
	}
	return { ok: true, path: `/${parts.join('/')}` };
}

/** The base URL's path and the API path joined with exactly one slash between them. */
export function joinUrl(baseUrl: string, path: string): string {
	return `${withoutTrailingSlashes(baseUrl)}/${withoutLeadingSlashes(path)}`;
}

// Loops rather than /\/+$/: that regex retries from every slash of a run, so it takes quadratic
// time on a long run of slashes (80,000 of them froze n8n for 12 s).
export function withoutTrailingSlashes(text: string): string {
	let end = text.length;
	while (end > 0 && text[end - 1] === '/') end--;
	return text.slice(0, end);
}

function withoutLeadingSlashes(text: string): string {
	let start = 0;
	while (start < text.length && text[start] === '/') start++;
	return text.slice(start);
}

function withoutSlashesAround(text: string): string {
	return withoutLeadingSlashes(withoutTrailingSlashes(text));
}
