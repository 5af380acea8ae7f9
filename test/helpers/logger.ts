/** A logger in n8n's shape that records every line, so tests can read what the nodes logged. */

export interface LogEntry {
	level: 'debug' | 'info' | 'warn' | 'error';
	message: string;
	meta?: unknown;
}

export function recordingLogger(logs: LogEntry[]): Record<LogEntry['level'], (message: string, meta?: unknown) => void> {
	const record = (level: LogEntry['level']) => (message: string, meta?: unknown) => {
		logs.push({ level, message, meta });
	};
	return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}
