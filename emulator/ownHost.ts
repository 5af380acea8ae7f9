/**
 * Every route answers only requests addressed to the emulator itself. It listens on 127.0.0.1, but a
 * web page can still reach it through DNS rebinding: a name the page controls (`evil.example`, or
 * `127.0.0.1.nip.io`) resolves to 127.0.0.1, and the browser then sends that name as `Host`. Refusing
 * any `Host` but a loopback name with this port keeps such a page from driving the public API (with a
 * key it guesses: the seeded ones are public), the control API (no key at all) and the page.
 */
import type { IncomingMessage } from 'node:http';

import type { JsonResponse } from './http';

/** The names a local client may use for 127.0.0.1; `[::1]` as well, since `localhost` may resolve to it first. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The `Host` values this emulator answers, e.g. `127.0.0.1:8787`; without a port only on port 80, as HTTP omits it there. */
export function ownHosts(port: number): string[] {
	const withPort = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
	return port === 80 ? [...withPort, ...LOOPBACK_NAMES] : withPort;
}

/** The request's `Host` when it is not one of `ownHosts(port)`, else undefined. Host names are case-insensitive. */
export function foreignHost(request: IncomingMessage, port: number): string | undefined {
	const host = request.headers.host ?? '';
	return ownHosts(port).includes(host.toLowerCase()) ? undefined : host;
}

/** 421 Misdirected Request (RFC 9110 §15.5.20): this server does not serve that authority. */
export function misdirected(host: string, port: number): JsonResponse {
	const shown = host === '' ? 'no Host header' : `Host "${host}"`;
	return {
		status: 421,
		body: {
			code: 'misdirected_request',
			message: `FullStory emulator: ${shown} is not this emulator; it answers only Host ${ownHosts(port).join(', ')}`,
		},
	};
}
