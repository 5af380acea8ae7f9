/** Runs a child process to completion with its output streamed, failing loudly on a non-zero exit. */
import { spawn } from 'node:child_process';

export interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	/** Called every `heartbeatMs` while the command runs, for commands that stay silent for minutes. */
	heartbeat?: (elapsedMs: number) => void;
	heartbeatMs?: number;
	/** Collect stdout instead of streaming it (for commands whose output is the result). */
	captureStdout?: boolean;
}

export async function runCommand(command: string, args: string[], options: RunOptions): Promise<string> {
	const started = Date.now();
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: options.env ?? process.env,
		// Child output goes to our stderr: the harness scripts keep stdout for their own results.
		stdio: ['ignore', options.captureStdout === true ? 'pipe' : 2, 2],
	});
	let stdout = '';
	child.stdout?.setEncoding('utf8');
	child.stdout?.on('data', (chunk: string) => {
		stdout += chunk;
	});
	const timer =
		options.heartbeat === undefined
			? undefined
			: setInterval(() => options.heartbeat?.(Date.now() - started), options.heartbeatMs ?? 15_000);
	try {
		const code = await new Promise<number | null>((resolve, reject) => {
			child.once('error', reject);
			child.once('close', (exitCode) => resolve(exitCode));
		});
		if (code !== 0) {
			throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited with ${String(code)}`);
		}
		return stdout;
	} finally {
		if (timer !== undefined) clearInterval(timer);
	}
}

/**
 * The environment for child npm/node-gyp/n8n processes: when the harness itself runs under
 * `npm run`, npm exports `npm_config_*` (e.g. a user-level `nodedir=/usr`, i.e. Node 20 headers)
 * that node-gyp and npm would silently obey; drop them so only explicit arguments count.
 */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!key.toLowerCase().startsWith('npm_')) env[key] = value;
	}
	return { ...env, ...extra };
}
