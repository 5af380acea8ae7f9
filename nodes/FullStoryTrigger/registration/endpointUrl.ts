/**
 * Comparing webhook URLs the way FullStory would. FullStory does not document how it normalises
 * an endpoint URL (docs/unknowns.md): we compare the WHATWG-normalised forms (scheme and host in
 * lower case, the default port dropped, an empty path as `/`, characters percent-encoded where the URL standard requires it), so
 * an endpoint FullStory stored in a normalised spelling is still recognised as ours.
 */

function normalised(url: string): string | undefined {
	try {
		return new URL(url).href;
	} catch {
		return undefined;
	}
}

/** Whether two URLs name the same address; an unparsable one equals only its exact spelling. */
export function sameEndpointUrl(a: string, b: string): boolean {
	if (a === b) return true;
	const left = normalised(a);
	return left !== undefined && left === normalised(b);
}

/**
 * The part of an n8n webhook URL that belongs to this trigger and not to the n8n address:
 * `<webhookId>/<path>`, the last two path segments, plus whether it is a test URL (n8n's
 * `webhook-test` endpoint) so a test registration never counts as a move of the production one.
 * A move of N8N_WEBHOOK_URL, including a changed path prefix, keeps it.
 */
function triggerSuffix(url: string): string | undefined {
	let path: string;
	try {
		path = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const segments = path.split('/').filter((segment) => segment !== '');
	if (segments.length < 3) return undefined;
	const [endpoint, webhookId, nodePath] = segments.slice(-3);
	return `${endpoint.endsWith('-test') ? 'test' : 'production'}:${webhookId}/${nodePath}`;
}

/** The same trigger under another n8n address: another origin, another path prefix, or both. */
export function isSameTriggerElsewhere(storedUrl: string, currentUrl: string): boolean {
	if (sameEndpointUrl(storedUrl, currentUrl)) return false;
	const stored = triggerSuffix(storedUrl);
	return stored !== undefined && stored === triggerSuffix(currentUrl);
}

/**
 * A URL as the trigger's log lines show it: without user info, query or fragment, where a proxy
 * or a tunnel may carry credentials (`https://user:pass@host/…?token=…`). What is left (scheme,
 * host, port, path) is what a user needs to find the endpoint in FullStory.
 */
export function urlForLog(url: string): string {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return '(not a URL)';
	}
	const hidden = parsed.search !== '' || parsed.hash !== '' ? '?…' : '';
	return `${parsed.protocol}//${parsed.host}${parsed.pathname}${hidden}`;
}
