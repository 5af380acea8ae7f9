/** Injected faults: "the next N API calls matching method + path answer X". */
import type { Fault, FaultSpec } from './types';

export const DEFAULT_HANG_MS = 60_000;
export const DEFAULT_RETRY_AFTER_SECONDS = 1;

/**
 * The `Retry-After` value of a 429 fault. The HTTP-date is computed when the fault strikes, so it means
 * the same wait as the seconds form would (to the second: an HTTP-date has no finer unit).
 */
export function retryAfterValue(fault: Fault, nowMs: number = Date.now()): string {
	if (fault.retryAfterFormat === 'seconds') return String(fault.retryAfterSeconds);
	return new Date(nowMs + fault.retryAfterSeconds * 1000).toUTCString();
}

function pathMatches(pattern: string | undefined, path: string): boolean {
	if (pattern === undefined) return true;
	return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

export class FaultQueue {
	private faults: Fault[] = [];

	private nextId = 1;

	add(spec: FaultSpec): Fault {
		const fault: Fault = {
			id: `fault-${this.nextId++}`,
			...(spec.method === undefined ? {} : { method: spec.method.toUpperCase() }),
			...(spec.path === undefined ? {} : { path: spec.path }),
			kind: spec.kind,
			remaining: spec.count ?? 1,
			retryAfterSeconds: spec.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
			retryAfterFormat: spec.retryAfterFormat ?? 'seconds',
			hangMs: spec.hangMs ?? DEFAULT_HANG_MS,
		};
		this.faults.push(fault);
		return { ...fault };
	}

	/** Consumes one use of the oldest matching fault. */
	take(method: string, path: string): Fault | undefined {
		const fault = this.faults.find(
			(candidate) =>
				(candidate.method === undefined || candidate.method === method) &&
				pathMatches(candidate.path, path),
		);
		if (fault === undefined) return undefined;
		fault.remaining -= 1;
		if (fault.remaining <= 0) this.faults = this.faults.filter((candidate) => candidate !== fault);
		return { ...fault };
	}

	list(): Fault[] {
		return this.faults.map((fault) => ({ ...fault }));
	}

	clear(): void {
		this.faults = [];
	}
}
