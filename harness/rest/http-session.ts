/**
 * A logged-in browser stand-in for n8n's REST API: it carries the `n8n-auth` cookie and one
 * constant `browser-id` header, because n8n 2.x binds the session cookie to that browser id and
 * answers 401 when it changes.
 */
import { randomUUID } from 'node:crypto';
import { isJsonObject, isString } from './guards';

export interface HttpResult {
	status: number;
	/** Parsed JSON body, or undefined for an empty/non-JSON body (then see `text`). */
	json: unknown;
	text: string;
	headers: Headers;
}

/** A non-2xx answer; `message` carries n8n's own error message when it sent one. */
export class N8nHttpError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: unknown,
	) {
		super(`${method} ${path} answered ${status}: ${describe(body)}`);
		this.name = 'N8nHttpError';
	}
}

function describe(body: unknown): string {
	if (isJsonObject(body) && isString(body.message)) return body.message;
	return (JSON.stringify(body) ?? 'empty body').slice(0, 500);
}

export class HttpSession {
	readonly browserId = randomUUID();
	/** Every non-2xx answer's body, kept so the secrets audit can read each error message n8n sent. */
	readonly errorAnswers: string[] = [];
	private authCookie: string | undefined;

	constructor(readonly baseUrl: string) {}

	get loggedIn(): boolean {
		return this.authCookie !== undefined;
	}

	/** Any method/path; never throws on status, so tests can assert on error answers. */
	async send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
		const requestHeaders: Record<string, string> = { 'browser-id': this.browserId, accept: 'application/json', ...headers };
		if (this.authCookie !== undefined) requestHeaders.cookie = this.authCookie;
		if (body !== undefined) requestHeaders['content-type'] = 'application/json';
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: requestHeaders,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		this.keepAuthCookie(response.headers);
		const text = await response.text();
		if (response.status < 200 || response.status >= 300) this.errorAnswers.push(`${method} ${path} ${response.status}: ${text}`);
		let json: unknown;
		try {
			json = text === '' ? undefined : JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, json, text, headers: response.headers };
	}

	/** Like `send`, but a non-2xx answer throws `N8nHttpError`. */
	async call(method: string, path: string, body?: unknown): Promise<unknown> {
		const result = await this.send(method, path, body);
		if (result.status < 200 || result.status >= 300) throw new N8nHttpError(method, path, result.status, result.json ?? result.text);
		return result.json;
	}

	forgetCookie(): void {
		this.authCookie = undefined;
	}

	private keepAuthCookie(headers: Headers): void {
		for (const line of headers.getSetCookie()) {
			const pair = line.split(';', 1)[0] ?? '';
			const eq = pair.indexOf('=');
			if (eq < 0 || pair.slice(0, eq).trim() !== 'n8n-auth') continue;
			// n8n clears the cookie on logout by sending an empty value.
			this.authCookie = pair.slice(eq + 1) === '' ? undefined : pair.trim();
		}
	}
}
