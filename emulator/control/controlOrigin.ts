/**
 * Who may call the control API: only the emulator's own page, or a client that is no web page. The
 * control API needs no key and can read endpoint secrets, so a page open in the same browser must not
 * drive it: a cross-site request carries its own `Origin`. (A DNS-rebinding one carries a foreign
 * `Host`, which every route refuses before this: ownHost.ts.)
 */
import type { IncomingMessage } from 'node:http';

import type { JsonResponse } from '../http';

/** Why a control request is refused, or undefined when it comes from the emulator's own address. */
export function foreignControlRequest(request: IncomingMessage): string | undefined {
	const origin = request.headers.origin;
	const host = request.headers.host ?? '';
	if (origin !== undefined && origin !== `http://${host}`) return `Origin "${origin}" is not this emulator's address`;
	return undefined;
}

export function refuseForeign(reason: string): JsonResponse {
	return { status: 403, body: { code: 'forbidden', message: `control API: ${reason}` } };
}
