/**
 * Reads and checks a received `Fullstory-Signature` in tests, independently of emulator/deliveries/sign.ts: the
 * parsing follows fullstory-api.md §3 and the HMAC is computed here over the received raw bytes.
 */
import { createHmac } from 'node:crypto';

import type { ReceivedRequest } from './receiver';

export interface SignatureParts {
	o: string;
	t: string;
	v: string;
}

/** Parses `o:..,t:..,v:..` on the first colon of each pair, as fullstory-api.md §3 describes. */
export function signatureParts(header: string | string[] | undefined): SignatureParts {
	if (typeof header !== 'string') throw new Error(`no single signature header: ${String(header)}`);
	const parts = new Map(
		header.split(',').map((pair) => [pair.slice(0, pair.indexOf(':')), pair.slice(pair.indexOf(':') + 1)]),
	);
	const [o, t, v] = [parts.get('o'), parts.get('t'), parts.get('v')];
	if (o === undefined || t === undefined || v === undefined) throw new Error(`malformed signature header ${header}`);
	return { o, t, v };
}

export function hmac(rawBody: Buffer, secret: string, orgId: string, timestamp: string): string {
	return createHmac('sha256', secret).update(rawBody).update(`:${orgId}:${timestamp}`).digest('base64');
}

export function verifies(request: ReceivedRequest, secret: string, headerName = 'fullstory-signature'): boolean {
	const { o, t, v } = signatureParts(request.headers[headerName]);
	return hmac(request.rawBody, secret, o, t) === v;
}
