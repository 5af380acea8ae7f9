/**
 * `npm start` run the way a user runs it: the README's command in the repo root, in its own process
 * group (so a signal to the group is the terminal's Ctrl-C), on free ports and in a throwaway n8n
 * folder (`FULLSTORY_DEMO_FOLDER`), so a developer's own demo is never touched. The ready block it
 * prints is parsed into the addresses a user would copy from it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { freePorts } from '../../harness/process/free-port';
import { groupAlive, groupGone, signalGroup } from '../../harness/process/n8n-process';
import { log, seconds } from '../../harness/process/log';
import { findRepoRoot } from '../../harness/install/paths';
import { cleanEnv } from '../../harness/install/run-command';

export interface ReadyBlockFacts {
	editorUrl: string;
	login: { email: string; password: string };
	emulatorUrl: string;
	pageUrl: string;
	apiKey: string;
	/** The trigger's production webhook URL, where every delivery goes. */
	triggerUrl: string;
	/** Each workflow's name and editor address, in the order printed. */
	workflows: { name: string; url: string }[];
	/** n8n's log file, as an absolute path (printed relative to the repo root). */
	logFile: string;
}

export interface DemoRun {
	n8nPort: number;
	emulatorPort: number;
	ready: ReadyBlockFacts;
	stdout(): string;
	stderr(): string;
	/** The n8n process the demo started, from its own log line (for the last-resort clean-up). */
	n8nPid(): number | undefined;
	/**
	 * Ctrl-C: SIGINT to the group, as a terminal sends it. npm itself exits on the signal at once; the
	 * demo's node process then stops n8n and the emulator. Resolves true once no process of the group
	 * is left, false if one still was after `timeoutMs` (then everything is killed).
	 */
	interrupt(timeoutMs: number): Promise<boolean>;
	/**
	 * Stops whatever is left and removes the folder: a Ctrl-C first, so the demo stops its own n8n,
	 * then SIGKILL, by pid, to the demo's group and to n8n's. Safe to call twice.
	 */
	stop(): Promise<void>;
}

/** SIGINT to a group, as a terminal's Ctrl-C; true once none of it is left within `timeoutMs`. */
async function interruptGroup(pid: number, timeoutMs: number): Promise<boolean> {
	signalGroup(pid, 'SIGINT');
	return await groupGone(pid, timeoutMs);
}

function field(block: string, pattern: RegExp, what: string): string {
	const match = pattern.exec(block);
	if (match?.[1] === undefined) throw new Error(`npm start's ready block has no ${what}:\n${block}`);
	return match[1];
}

/** Reads the ready block the way a person does: by its labels. */
export function parseReadyBlock(block: string): ReadyBlockFacts {
	const workflows: { name: string; url: string }[] = [];
	const workflowLine = /^ {4}- (.+) \(.+\)\n {6}(http\S+)$/gm;
	for (let match = workflowLine.exec(block); match !== null; match = workflowLine.exec(block)) {
		workflows.push({ name: match[1], url: match[2] });
	}
	return {
		editorUrl: field(block, /^ {2}n8n editor +(http\S+)$/m, 'editor address'),
		login: {
			email: field(block, /^ {4}login +(\S+) {2}\/ {2}\S+$/m, 'login email'),
			password: field(block, /^ {4}login +\S+ {2}\/ {2}(\S+)$/m, 'login password'),
		},
		emulatorUrl: field(block, /^ {2}FullStory emulator +(http\S+)/m, 'emulator address'),
		pageUrl: field(block, /^ {4}page +(http\S+)/m, 'emulator page address'),
		apiKey: field(block, /^ {4}API key +(\S+)/m, 'API key'),
		triggerUrl: field(block, /Each delivery goes to (http\S+)/, 'trigger address'),
		workflows,
		logFile: resolve(findRepoRoot(), field(block, /^ {2}n8n log: (.+)$/m, 'n8n log')),
	};
}

/** Starts `npm start` and resolves once its ready block is out (or rejects with its output). */
export async function startDemo(readyTimeoutMs: number): Promise<DemoRun> {
	const [n8nPort, emulatorPort] = await freePorts(2);
	const folder = mkdtempSync(join(tmpdir(), 'fullstory-demo-test-'));
	const started = Date.now();
	const child = spawn('npm', ['start'], {
		cwd: findRepoRoot(),
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: cleanEnv({ N8N_PORT: String(n8nPort), FULLSTORY_EMULATOR_PORT: String(emulatorPort), FULLSTORY_DEMO_FOLDER: folder }),
	});
	let stdout = '';
	let stderr = '';
	child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
	const n8nPid = (): number | undefined => {
		const match = /n8n start ready at \S+ in [^(]+\(pid (\d+)/.exec(stderr);
		return match === null ? undefined : Number(match[1]);
	};
	const stop = async (): Promise<void> => {
		// Killed outright, the demo could not stop the n8n it started (n8n runs in a group of its own).
		if (child.pid !== undefined && groupAlive(child.pid)) await interruptGroup(child.pid, 30_000);
		for (const pid of [child.pid, n8nPid()]) if (pid !== undefined) signalGroup(pid, 'SIGKILL');
		rmSync(folder, { recursive: true, force: true });
	};
	const blockPattern = /-{72}\n {2}FullStory demo is ready\n[\s\S]*?\n-{72}/;

	let block: string | undefined;
	while (block === undefined) {
		block = blockPattern.exec(stdout)?.[0];
		if (block !== undefined) break;
		const gone = child.exitCode !== null || child.signalCode !== null;
		if (gone || Date.now() - started > readyTimeoutMs) {
			await stop();
			const why = gone ? `exited with ${String(child.exitCode ?? child.signalCode)}` : `printed no ready block in ${seconds(readyTimeoutMs)}`;
			throw new Error(`npm start ${why}.\n--- stdout ---\n${stdout}\n--- stderr (last 4000) ---\n${stderr.slice(-4000)}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
	log(`npm start ready in ${seconds(Date.now() - started)} (n8n on ${n8nPort}, emulator on ${emulatorPort})`);

	return {
		n8nPort,
		emulatorPort,
		ready: parseReadyBlock(block),
		stdout: () => stdout,
		stderr: () => stderr,
		n8nPid,
		stop,
		async interrupt(timeoutMs: number): Promise<boolean> {
			if (child.pid === undefined) return true;
			const stopped = await interruptGroup(child.pid, timeoutMs);
			if (!stopped) await stop();
			return stopped;
		},
	};
}
