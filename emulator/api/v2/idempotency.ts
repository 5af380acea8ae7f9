/**
 * `Idempotency-Key` on the v2 creates, batches and annotations (docs/fullstory-server-api.md §1.2,
 * §13.6). The first call with a key does the work and its answer is kept (per org, for config
 * `idempotencyTtlSeconds`); the same key with the same method, path and body (byte for byte: a client
 * retries what it sent) gets that answer again without the work being done again; with anything else it
 * gets 400 `invalid_argument` ("errors unless they're the same"). A 429 or 5xx is never kept, so a retry
 * after one does the work.
 */
import { createHash } from 'node:crypto';

import { invalidArgument } from '../../errors';
import type { JsonResponse } from '../../http';
import type { EmulatorStore } from '../../state/store';

export interface IdempotentCall {
	store: EmulatorStore;
	orgId: string;
	/** The header's value; absent or empty: no idempotency. */
	key: string | undefined;
	method: string;
	path: string;
	rawBody: Buffer;
	nowMs: number;
}

/** An answer, and whether it is a kept one given again (the request log says so). */
export interface IdempotentAnswer {
	reply: JsonResponse;
	replayed: boolean;
}

function keeps(status: number): boolean {
	return status !== 429 && status < 500;
}

export function withIdempotency(call: IdempotentCall, run: () => JsonResponse): IdempotentAnswer {
	const { store, orgId, key } = call;
	if (key === undefined || key === '') return { reply: run(), replayed: false };
	const bodyHash = createHash('sha256').update(call.rawBody).digest('hex');
	const kept = store.v2.idempotency.find(orgId, key, call.nowMs);
	if (kept !== undefined) {
		if (kept.method === call.method && kept.path === call.path && kept.bodyHash === bodyHash) {
			const body: unknown = JSON.parse(kept.bodyJson);
			return { reply: { status: kept.status, body }, replayed: true };
		}
		return {
			reply: invalidArgument(`Idempotency-Key "${key}" was already used for another request (${kept.method} ${kept.path} with another body)`),
			replayed: false,
		};
	}
	const reply = run();
	if (keeps(reply.status)) {
		store.v2.idempotency.remember(orgId, key, {
			method: call.method,
			path: call.path,
			bodyHash,
			status: reply.status,
			bodyJson: JSON.stringify(reply.body ?? null),
			expiresMs: call.nowMs + store.config.idempotencyTtlSeconds * 1000,
		});
	}
	return { reply, replayed: false };
}
