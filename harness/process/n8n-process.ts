/**
 * One n8n server for a test run: fresh user folder, loopback-only, free ports, logs to a file.
 * `command` picks the process kind (queue mode runs `n8n start`, `n8n worker` and `n8n webhook`
 * side by side; tests/queueStack.ts); the default is the single `n8n start`.
 *
 * n8n is started detached, i.e. as the leader of its own process group, because it spawns a
 * task-runner child; signalling the negative pid reaches the whole group, so `stop()` can prove
 * that nothing outlives it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port';
import type { N8nInstall } from '../install/install';
import { log, seconds } from './log';
import { sleep } from './wait';
import { cleanEnv } from '../install/run-command';

export type N8nLogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * The n8n CLI command. `start`: the main process (editor, REST API, triggers; in queue mode it
 * enqueues). `worker`: runs queued executions; it serves HTTP only for its health check, which the
 * harness turns on at `port` so readiness is checked the same way. `webhook`: serves production
 * webhooks (`/webhook/*`) at `port`; n8n refuses it unless EXECUTIONS_MODE=queue.
 */
export type N8nCommand = 'start' | 'worker' | 'webhook';

export interface N8nStartOptions {
	install: N8nInstall;
	/** Default `start`. */
	command?: N8nCommand;
	/** Reuse an existing user folder (e.g. one with a package pre-installed); default: a new temp folder. */
	userFolder?: string;
	/** Default `info`; the log file is scanned by tests, so `debug` is allowed. */
	logLevel?: N8nLogLevel;
	/** A fixed HTTP port (the demo's 5678) instead of a free one; the broker port stays a free one. */
	port?: number;
	/** Extra environment for n8n (wins over the harness defaults; leave N8N_PORT/N8N_USER_FOLDER alone, `baseUrl` is derived from them). */
	env?: Record<string, string>;
	/** How long to wait for `/healthz/readiness`; the first start after an install is the slowest. */
	readinessTimeoutMs?: number;
	/** How long `stop()` waits after SIGTERM before SIGKILL. */
	stopGraceMs?: number;
}

/**
 * True while a live process of the group led by `pid` exists. Zombies do not count: when n8n dies
 * before its task runner, the runner is re-parented to this sandbox's init, which may reap it
 * late, and a signal-0 probe would see the zombie as a member for as long as it lingers.
 */
export function groupAlive(pid: number): boolean {
	try {
		process.kill(-pid, 0);
	} catch (error) {
		// EPERM would mean "exists but not ours", which cannot happen for our own children.
		if (error instanceof Error && 'code' in error && error.code === 'ESRCH') return false;
	}
	return liveMembers(pid) > 0;
}

/** Non-zombie processes whose process group is `pgid`, read from /proc (Linux). */
function liveMembers(pgid: number): number {
	let count = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // exited while we looked
		}
		// Fields after the parenthesised command name: state ppid pgrp ...
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) === pgid && fields[0] !== 'Z') count++;
	}
	return count;
}

export function signalGroup(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(-pid, signal);
	} catch {
		// Already gone.
	}
}

/** Waits (polling every 100 ms) until no process of the group is left; false if one still is after `timeoutMs`. */
export async function groupGone(pid: number, timeoutMs: number): Promise<boolean> {
	const until = Date.now() + timeoutMs;
	while (groupAlive(pid)) {
		if (Date.now() >= until) return false;
		await sleep(100);
	}
	return true;
}

/** SIGKILL to a whole group; resolves once none of it is left (5 s at most, then throws). */
async function killGroup(pid: number): Promise<void> {
	signalGroup(pid, 'SIGKILL');
	if (!(await groupGone(pid, 5_000))) throw new Error(`e2e: process group ${pid} still alive after SIGKILL`);
}

/**
 * Safety net for a harness that dies without calling stop(): n8n runs in its own session, so
 * neither the harness's exit nor a Ctrl-C in the terminal reaches it. Every live n8n group is
 * SIGKILLed on exit and on SIGINT/SIGTERM/SIGHUP (the signal is then re-raised so the harness
 * still ends the way it would have).
 */
const liveGroups = new Set<number>();
const FATAL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let guardsInstalled = false;

function killLiveGroups(): void {
	for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
	liveGroups.clear();
}

function onFatalSignal(signal: NodeJS.Signals): void {
	killLiveGroups();
	for (const s of FATAL_SIGNALS) process.removeListener(s, onFatalSignal);
	process.kill(process.pid, signal);
}

function installGuards(): void {
	if (guardsInstalled) return;
	guardsInstalled = true;
	process.on('exit', killLiveGroups);
	for (const signal of FATAL_SIGNALS) process.once(signal, onFatalSignal);
}

/**
 * Puts another detached child's process group (a database, a queue server) under the same safety
 * net; `releaseProcessGroup` once it is stopped.
 */
export function guardProcessGroup(pid: number): void {
	liveGroups.add(pid);
	installGuards();
}

export function releaseProcessGroup(pid: number): void {
	liveGroups.delete(pid);
}

export class N8nProcess {
	readonly userFolder: string;
	readonly logFile: string;
	readonly baseUrl: string;
	private child: ChildProcess | undefined;
	private exited: Promise<void> = Promise.resolve();
	/** `options.env`, plus what `restart(env)` merged in since. */
	private extraEnv: Record<string, string>;

	private constructor(
		private readonly options: N8nStartOptions,
		readonly port: number,
		readonly brokerPort: number,
		userFolder: string,
	) {
		this.userFolder = userFolder;
		this.logFile = join(userFolder, 'n8n.log');
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.extraEnv = { ...options.env };
	}

	/** Starts n8n and resolves once it answers `GET /healthz/readiness` with 200. */
	static async start(options: N8nStartOptions): Promise<N8nProcess> {
		const [port, brokerPort] = options.port === undefined ? await freePorts(2) : [options.port, ...(await freePorts(1))];
		const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
		const server = new N8nProcess(options, port, brokerPort, userFolder);
		await server.launch();
		return server;
	}

	get pid(): number | undefined {
		return this.child?.pid;
	}

	get command(): N8nCommand {
		return this.options.command ?? 'start';
	}

	/** The install this process runs from (its Node, n8n and node_modules, e.g. for sqlite3). */
	get install(): N8nInstall {
		return this.options.install;
	}

	/** n8n 1.x (install.ts `line`), whose settings and readiness differ in small ways. */
	get isN8n1(): boolean {
		return this.options.install.line === '1.x';
	}

	/** The environment n8n runs with; the quiet settings avoid minutes of offline retries and noise. */
	env(): NodeJS.ProcessEnv {
		const env = cleanEnv({
			N8N_USER_FOLDER: this.userFolder,
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_PORT: String(this.port),
			N8N_WEBHOOK_URL: `${this.baseUrl}/`,
			N8N_RUNNERS_BROKER_PORT: String(this.brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			// 2.x only: n8n 1.x has no such module and refuses to start when an unknown one is named.
			...(this.isN8n1 ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
			// Today's default, made explicit: n8n announces it will flip, and the package is unverified.
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// Plain http on loopback: a Secure cookie would be fine for our client but not for a browser.
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_LOG_LEVEL: this.options.logLevel ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			// Colour codes would make the log file harder to scan.
			NO_COLOR: '1',
			// A worker has no HTTP server but its health check; on `port`, readiness works as for the others.
			...(this.command === 'worker'
				? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(this.port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' }
				: {}),
			...this.extraEnv,
		});
		// Under jest NODE_ENV is "test", and n8n 2.40.7 then exits at once with code 1 and no output.
		delete env.NODE_ENV;
		for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
		return env;
	}

	private async launch(): Promise<void> {
		const { install } = this.options;
		const started = Date.now();
		const fd = openSync(this.logFile, 'a');
		writeSync(fd, `\n===== e2e: starting n8n ${this.command} at ${new Date().toISOString()} (port ${this.port}) =====\n`);
		let child: ChildProcess;
		try {
			child = spawn(install.nodeBin, [install.n8nBin, this.command], {
				cwd: this.userFolder,
				env: this.env(),
				detached: true,
				stdio: ['ignore', fd, fd],
			});
		} finally {
			closeSync(fd); // the child holds its own copy
		}
		this.child = child;
		let exitInfo: string | undefined;
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				exitInfo = `exit code ${String(code)}, signal ${String(signal)}`;
				resolve();
			});
			child.once('error', (error) => {
				exitInfo = `spawn error ${error.message}`;
				resolve();
			});
		});
		if (child.pid !== undefined) liveGroups.add(child.pid);
		installGuards();

		const timeoutMs = this.options.readinessTimeoutMs ?? 120_000;
		for (;;) {
			if (exitInfo !== undefined) {
				await this.stop(); // reaps a task runner it may have left behind
				throw new Error(`e2e: n8n exited before it was ready (${exitInfo}); log tail:\n${this.logTail(60)}`);
			}
			if (await this.isReady()) break;
			if (Date.now() - started > timeoutMs) {
				await this.stop();
				throw new Error(`e2e: n8n not ready within ${seconds(timeoutMs)}; log tail:\n${this.logTail(60)}`);
			}
			await sleep(250);
		}
		log(`n8n ${this.command} ready at ${this.baseUrl} in ${seconds(Date.now() - started)} (pid ${String(child.pid)}, folder ${this.userFolder})`);
	}

	private async isReady(): Promise<boolean> {
		// n8n 1.x answers readiness before its REST routes are mounted: wait for /rest/settings too.
		const paths = this.isN8n1 && this.command === 'start' ? ['/healthz/readiness', '/rest/settings'] : ['/healthz/readiness'];
		try {
			for (const path of paths) {
				const response = await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(2_000) });
				await response.arrayBuffer();
				if (response.status !== 200) return false;
			}
			return true;
		} catch {
			return false;
		}
	}

	/**
	 * SIGTERM to n8n (it shuts its task runner down itself), SIGKILL to the whole group after the
	 * grace period, then waits until no process of the group is left.
	 */
	async stop(): Promise<void> {
		const child = this.child;
		if (child?.pid === undefined) return;
		const pid = child.pid;
		const started = Date.now();
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
		const grace = this.options.stopGraceMs ?? 20_000;
		let graceTimer: NodeJS.Timeout | undefined;
		const timedOut = await Promise.race([
			this.exited.then(() => false),
			new Promise<boolean>((resolve) => {
				graceTimer = setTimeout(() => resolve(true), grace);
			}),
		]);
		clearTimeout(graceTimer); // a pending 20 s timer would keep the harness alive after it is done
		if (timedOut) log(`n8n (pid ${pid}) ignored SIGTERM for ${seconds(grace)}; sending SIGKILL to its group`);
		// n8n stops its task runner itself; give the group a moment to empty on its own, then
		// SIGKILL whatever is left (everything, if n8n ignored SIGTERM) and report it.
		if (!(await groupGone(pid, timedOut ? 0 : 5_000))) {
			log(`n8n process group ${pid} still had members after n8n exited; sending SIGKILL`);
			await killGroup(pid);
		}
		await this.exited;
		liveGroups.delete(pid);
		this.child = undefined;
		log(`n8n stopped in ${seconds(Date.now() - started)} (pid ${pid}, no process of its group left)`);
	}

	/**
	 * SIGKILL to the whole group at once, as when the machine or container dies: no shutdown, no
	 * grace. Resolves once no process of the group is left. A later `restart()` starts it again
	 * (under NODE_ENV=production n8n would then find its crash journal and wait 10 s; the harness
	 * leaves NODE_ENV unset, see `env()`).
	 */
	async kill(): Promise<void> {
		const child = this.child;
		if (child?.pid === undefined) return;
		const pid = child.pid;
		await killGroup(pid);
		await this.exited;
		liveGroups.delete(pid);
		this.child = undefined;
		log(`n8n ${this.command} killed with SIGKILL (pid ${pid}, no process of its group left)`);
	}

	/**
	 * Stops and starts again with the same user folder, ports and settings. `env` is merged over
	 * the extra environment for this and every later start (e.g. another N8N_WEBHOOK_URL, as when
	 * n8n moves to a new address); leave N8N_PORT/N8N_USER_FOLDER alone, as for `start`.
	 */
	async restart(env?: Record<string, string>): Promise<void> {
		await this.stop();
		if (env !== undefined) this.extraEnv = { ...this.extraEnv, ...env };
		await this.launch();
	}

	logText(): string {
		try {
			return readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	logTail(lines: number): string {
		return this.logText().split('\n').slice(-lines).join('\n');
	}
}
