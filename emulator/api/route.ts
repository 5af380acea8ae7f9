/** The shape of the public API's route table (routes.ts for Webhooks v1 and `/me`, v2/routes.ts for the v2 APIs). */
import type { ApiHandler } from './apiCall';
import type { Operation } from './roles';

export interface RouteHandler {
	/** Its row of the role matrix (roles.ts). */
	operation: Operation;
	run: ApiHandler;
	/** Honours `Idempotency-Key` (v2/idempotency.ts). */
	idempotent?: true;
}

export interface Route {
	pattern: RegExp;
	/** Path shape used in messages. */
	template: string;
	handlers: Record<string, RouteHandler>;
	/** Methods other sources use on this path, and what strict mode answers instead of a bare 405. */
	strictMethodAdvice?: Record<string, string>;
	/** Part of the v2 APIs: the org's v2 state is brought up to the call's time first (v2/jobRunner.ts). */
	v2?: true;
}

/** A path other sources call that does not exist; strict mode names the mistake instead of a bare 404. */
export interface WrongPath {
	pattern: RegExp;
	advice: string;
}
