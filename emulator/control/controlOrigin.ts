/**
 * Who may call the control API: only the emulator's own address. The control API needs no key
 * and can read endpoint secrets, so a web page open in the same browser must not drive it: a
 * cross-site request carries its own `Origin`, and a DNS-rebinding one a foreign `Host`.
 */
import type { IncomingMessage } from 'http';

import type { JsonResponse } from '../http';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

function hostnameOf(host: string): string {
	try {
		return new URL(`http://${host}`).hostname;
	} catch {
		return '';
	}
}

/** Why a control request is refused, or undefined when it comes from the emulator's own address. */
export function foreignControlRequest(request: IncomingMessage): string | undefined {
	const host = request.headers.host ?? '';
	if (!LOOPBACK_HOSTS.has(hostnameOf(host))) return `Host "${host}" is not this emulator's loopback address`;
	const origin = request.headers.origin;
	if (origin !== undefined && origin !== `http://${host}`) return `Origin "${origin}" is not this emulator's address`;
	return undefined;
}

export function refuseForeign(reason: string): JsonResponse {
	return { status: 403, body: { code: 'forbidden', message: `control API: ${reason}` } };
}
