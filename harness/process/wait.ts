/**
 * The one pause and the one poll, for the harness and for the tests (test/helpers/wait.ts hands
 * these on), so no file keeps its own copy of either.
 */

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

export interface UntilOptions {
	timeoutMs: number;
	/** The pause between two checks (default 20 ms). */
	intervalMs?: number;
	/** What is awaited, for the timeout's message; a function is read at the timeout, so it can say how far things got. */
	what: string | (() => string);
}

/**
 * Checks `condition` at once and then every `intervalMs` until it holds; throws, naming `what`, at
 * the first failed check that ends after `timeoutMs`.
 */
export async function until(condition: () => boolean | Promise<boolean>, options: UntilOptions): Promise<void> {
	const deadline = Date.now() + options.timeoutMs;
	for (;;) {
		if (await condition()) return;
		if (Date.now() > deadline) {
			const what = typeof options.what === 'function' ? options.what() : options.what;
			throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}`);
		}
		await sleep(options.intervalMs ?? 20);
	}
}
