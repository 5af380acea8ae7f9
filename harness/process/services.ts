/**
 * The servers n8n's queue mode needs besides n8n: PostgreSQL (scaling mode on SQLite is not
 * supported) and Redis (the Bull queue and n8n's pub/sub). Each runs from the machine's own
 * binaries (Debian: `postgresql`, `redis-server`) on a free loopback port, in a temporary folder,
 * detached in its own process group under the harness's safety net (n8n-process.ts), and is
 * stopped by its process id, never by name; `stop()` removes its folder.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePorts } from './free-port';
import { log, seconds } from './log';
import { sleep } from './wait';
import { groupAlive, guardProcessGroup, releaseProcessGroup, signalGroup } from './n8n-process';
import { cleanEnv, runCommand } from '../install/run-command';

/** One long-running server child: its own process group, its output in `logFile`. */
class ServiceProcess {
	private readonly exited: Promise<void>;
	private exitInfo: string | undefined;

	private constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
	) {
		this.exited = new Promise((resolve) => {
			child.once('exit', (code, signal) => {
				this.exitInfo = `exit code ${String(code)}, signal ${String(signal)}`;
				resolve();
			});
			child.once('error', (error) => {
				this.exitInfo = `spawn error ${error.message}`;
				resolve();
			});
		});
	}

	static spawn(name: string, command: string, args: string[], logFile: string, options: SpawnOptions = {}): ServiceProcess {
		const fd = openSync(logFile, 'a');
		let child: ChildProcess;
		try {
			child = spawn(command, args, { env: cleanEnv(), ...options, detached: true, stdio: ['ignore', fd, fd] });
		} finally {
			closeSync(fd);
		}
		if (child.pid !== undefined) guardProcessGroup(child.pid);
		return new ServiceProcess(name, child, logFile);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Polls `ready` until it says yes; fails early (with the log's tail) when the server exits. */
	async waitUntil(ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
		const started = Date.now();
		for (;;) {
			if (this.exitInfo !== undefined) throw new Error(`e2e: ${this.name} exited before it was ready (${this.exitInfo}); log tail:\n${this.logTail()}`);
			if (await ready()) return;
			if (Date.now() - started > timeoutMs) throw new Error(`e2e: ${this.name} not ready within ${seconds(timeoutMs)}; log tail:\n${this.logTail()}`);
			await sleep(100);
		}
	}

	logTail(lines = 30): string {
		try {
			return readFileSync(this.logFile, 'utf8').split('\n').slice(-lines).join('\n');
		} catch {
			return '';
		}
	}

	/** `signal` to the server's pid, SIGKILL to its whole group after `graceMs`; resolves when none is left. */
	async stop(signal: NodeJS.Signals, graceMs = 15_000): Promise<void> {
		const pid = this.child.pid;
		if (pid === undefined) return;
		if (this.exitInfo === undefined) {
			try {
				process.kill(pid, signal);
			} catch {
				// Already gone.
			}
		}
		let timer: NodeJS.Timeout | undefined;
		const timedOut = await Promise.race([
			this.exited.then(() => false),
			new Promise<boolean>((resolve) => {
				timer = setTimeout(() => resolve(true), graceMs);
			}),
		]);
		clearTimeout(timer);
		if (timedOut) log(`${this.name} (pid ${pid}) ignored ${signal} for ${seconds(graceMs)}; sending SIGKILL to its group`);
		// Server children (PostgreSQL's backends) end with it; whatever is left gets SIGKILL.
		const settleUntil = Date.now() + (timedOut ? 0 : 5_000);
		while (groupAlive(pid) && Date.now() < settleUntil) await sleep(100);
		if (groupAlive(pid)) signalGroup(pid, 'SIGKILL');
		for (let i = 0; groupAlive(pid); i++) {
			if (i > 50) throw new Error(`e2e: ${this.name} process group ${pid} still alive after SIGKILL`);
			await sleep(100);
		}
		await this.exited;
		releaseProcessGroup(pid);
	}
}

// ---- PostgreSQL ---------------------------------------------------------------------------------

/** The newest `/usr/lib/postgresql/<version>/bin` (Debian's layout), or `N8N_E2E_POSTGRES_BIN`. */
export function postgresBinDir(): string {
	const override = process.env.N8N_E2E_POSTGRES_BIN;
	if (override !== undefined && override !== '') return override;
	const base = '/usr/lib/postgresql';
	const versions = existsSync(base)
		? readdirSync(base)
				.filter((entry) => /^\d+$/.test(entry) && existsSync(join(base, entry, 'bin', 'postgres')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (versions.length === 0) throw new Error(`e2e: no PostgreSQL server under ${base} (apt-get install postgresql), or set N8N_E2E_POSTGRES_BIN`);
	return join(base, versions[0], 'bin');
}

/** PostgreSQL refuses to run as root: as root, run it as the `postgres` system user. */
function postgresIdentity(): { uid: number; gid: number } | undefined {
	if (process.getuid?.() !== 0) return undefined;
	const line = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((entry) => entry.startsWith('postgres:'));
	const fields = line?.split(':');
	if (fields === undefined || fields.length < 4) throw new Error('e2e: running as root, but there is no `postgres` user to run PostgreSQL as');
	return { uid: Number(fields[2]), gid: Number(fields[3]) };
}

export interface PostgresServer {
	host: string;
	port: number;
	database: string;
	user: string;
	password: string;
	pid: number | undefined;
	/** n8n's settings for this database. */
	n8nEnv(): Record<string, string>;
	stop(): Promise<void>;
}

/**
 * initdb into a temporary folder, then `postgres` on a free loopback port (TCP only, its socket in
 * the same folder), durability off (a test database), and a database for n8n.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const started = Date.now();
	const bin = postgresBinDir();
	const identity = postgresIdentity();
	const folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-postgres-'));
	const dataDir = join(folder, 'data');
	const user = 'n8n';
	const password = 'n8n-e2e-database';
	const database = 'n8n';
	const [port] = await freePorts(1);
	const asPostgres: SpawnOptions = identity === undefined ? {} : { uid: identity.uid, gid: identity.gid };
	if (identity !== undefined) chownSync(folder, identity.uid, identity.gid);
	let server: ServiceProcess | undefined;
	try {
		await runAs(join(bin, 'initdb'), ['-D', dataDir, '-U', user, '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'], folder, asPostgres);
		server = ServiceProcess.spawn(
			`PostgreSQL (port ${port})`,
			join(bin, 'postgres'),
			[
				'-D', dataDir,
				'-p', String(port),
				'-c', 'listen_addresses=127.0.0.1',
				'-c', `unix_socket_directories=${folder}`,
				'-c', 'fsync=off',
				'-c', 'synchronous_commit=off',
				'-c', 'full_page_writes=off',
				'-c', 'max_connections=200',
			],
			join(folder, 'postgres.log'),
			{ cwd: folder, ...asPostgres },
		);
		const running = server;
		const isReady = join(bin, 'pg_isready');
		await running.waitUntil(async () => await succeeds(isReady, ['-q', '-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', 'postgres'], folder), 60_000);
		await runAs(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, database], folder, {});
		log(`PostgreSQL ready on 127.0.0.1:${port} in ${seconds(Date.now() - started)} (pid ${String(running.pid)}, folder ${folder})`);
		return {
			host: '127.0.0.1',
			port,
			database,
			user,
			password,
			pid: running.pid,
			n8nEnv: () => ({
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: '127.0.0.1',
				DB_POSTGRESDB_PORT: String(port),
				DB_POSTGRESDB_DATABASE: database,
				DB_POSTGRESDB_USER: user,
				DB_POSTGRESDB_PASSWORD: password,
			}),
			stop: async () => {
				// SIGINT is PostgreSQL's fast shutdown: it ends the sessions instead of waiting for them.
				await running.stop('SIGINT');
				rmSync(folder, { recursive: true, force: true });
				log(`PostgreSQL (pid ${String(running.pid)}) stopped, folder removed`);
			},
		};
	} catch (error) {
		await server?.stop('SIGINT');
		rmSync(folder, { recursive: true, force: true });
		throw error;
	}
}

async function runAs(command: string, args: string[], cwd: string, identity: SpawnOptions): Promise<void> {
	const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...identity });
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const code = await new Promise<number | null>((resolve, reject) => {
		child.once('error', reject);
		child.once('close', resolve);
	});
	if (code !== 0) throw new Error(`e2e: \`${command} ${args.join(' ')}\` exited with ${String(code)}:\n${output}`);
}

async function succeeds(command: string, args: string[], cwd: string): Promise<boolean> {
	try {
		await runCommand(command, args, { cwd, env: cleanEnv(), captureStdout: true });
		return true;
	} catch {
		return false;
	}
}

// ---- Redis --------------------------------------------------------------------------------------

export type RedisReply = number | string;

/**
 * Sends commands over one connection and returns their replies. Enough RESP for what the harness
 * asks (PING, LLEN, ZCARD: one-line replies); an error reply rejects.
 */
export async function redisCommands(port: number, commands: string[][], host = '127.0.0.1'): Promise<RedisReply[]> {
	const payload = commands.map((args) => `*${args.length}\r\n${args.map((arg) => `$${Buffer.byteLength(arg)}\r\n${arg}\r\n`).join('')}`).join('');
	return await new Promise<RedisReply[]>((resolve, reject) => {
		const socket = createConnection({ host, port });
		socket.setTimeout(5_000, () => socket.destroy(new Error('e2e: Redis did not answer within 5 s')));
		let buffered = '';
		const replies: RedisReply[] = [];
		socket.on('connect', () => socket.write(payload));
		socket.on('error', reject);
		socket.on('data', (chunk) => {
			buffered += chunk.toString('utf8');
			let end: number;
			while ((end = buffered.indexOf('\r\n')) >= 0) {
				const line = buffered.slice(0, end);
				buffered = buffered.slice(end + 2);
				const [kind, rest] = [line[0], line.slice(1)];
				if (kind === ':') replies.push(Number(rest));
				else if (kind === '+') replies.push(rest);
				else {
					socket.destroy();
					reject(new Error(`e2e: Redis answered ${JSON.stringify(line)} to ${JSON.stringify(commands)}`));
					return;
				}
			}
			if (replies.length === commands.length) {
				socket.end();
				resolve(replies);
			}
		});
	});
}

export interface RedisServer {
	host: string;
	port: number;
	pid: number | undefined;
	/** n8n's settings for this server (the Bull queue and pub/sub). */
	n8nEnv(): Record<string, string>;
	command(...args: string[]): Promise<RedisReply>;
	stop(): Promise<void>;
}

/** `redis-server` on a free loopback port, nothing persisted, its working folder temporary. */
export async function startRedis(): Promise<RedisServer> {
	const started = Date.now();
	const folder = mkdtempSync(join(tmpdir(), 'n8n-e2e-redis-'));
	const [port] = await freePorts(1);
	const binary = process.env.N8N_E2E_REDIS_SERVER ?? 'redis-server';
	const server = ServiceProcess.spawn(
		`Redis (port ${port})`,
		binary,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder, '--daemonize', 'no'],
		join(folder, 'redis.log'),
		{ cwd: folder },
	);
	try {
		await server.waitUntil(async () => {
			try {
				return (await redisCommands(port, [['PING']]))[0] === 'PONG';
			} catch {
				return false;
			}
		}, 30_000);
	} catch (error) {
		await server.stop('SIGTERM');
		rmSync(folder, { recursive: true, force: true });
		throw error;
	}
	log(`Redis ready on 127.0.0.1:${port} in ${seconds(Date.now() - started)} (pid ${String(server.pid)}, folder ${folder})`);
	return {
		host: '127.0.0.1',
		port,
		pid: server.pid,
		n8nEnv: () => ({ QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(port) }),
		command: async (...args) => (await redisCommands(port, [args]))[0],
		stop: async () => {
			await server.stop('SIGTERM');
			rmSync(folder, { recursive: true, force: true });
			log(`Redis (pid ${String(server.pid)}) stopped, folder removed`);
		},
	};
}
