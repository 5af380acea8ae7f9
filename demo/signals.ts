/**
 * Graceful Ctrl-C for the demo. `N8nProcess` installs a safety net on its first start that
 * SIGKILLs every n8n group on SIGINT/SIGTERM/SIGHUP and re-raises the signal: right for tests that
 * die, wrong for a demo whose n8n should shut down cleanly (SQLite database, task runner). Once
 * n8n is up, the demo removes exactly the signal listeners that start added and handles the
 * signals itself; the harness's `exit` hook stays as the last resort.
 */
export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export async function takeOverSignals<T>(start: () => Promise<T>, handler: (signal: NodeJS.Signals) => void): Promise<T> {
	const before = new Map(STOP_SIGNALS.map((signal) => [signal, process.listeners(signal)]));
	try {
		return await start();
	} finally {
		for (const signal of STOP_SIGNALS) {
			const kept = before.get(signal) ?? [];
			for (const listener of process.listeners(signal)) {
				if (!kept.includes(listener)) process.removeListener(signal, listener);
			}
			process.on(signal, handler);
		}
	}
}
