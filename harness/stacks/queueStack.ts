/**
 * n8n 2.40.7 in queue mode (scaling mode), as a production install runs it: PostgreSQL and Redis,
 * one main (`n8n start`: editor, REST API, the triggers' checkExists/create/delete as the leader;
 * production webhooks turned off on it), two workers (`n8n worker`: run the executions) and one
 * webhook processor (`n8n webhook`: serves `/webhook/*`, verifies, enqueues). Plus the FullStory
 * emulator, an owner and a FullStory credential created through main's REST API.
 *
 * Every n8n process has its own user folder with the packed package installed the in-app way
 * (n8n keeps per-process state there: its crash journal, which under NODE_ENV=production makes a
 * process sleep 10 s when another left it behind, and its event log files), its own log file and
 * ports; all share one encryption key, the database and the queue.
 * `N8N_WEBHOOK_URL` is the webhook processor's address on every process: main registers what it
 * sees. `/webhook-test/*` is served by main only; a deployment routes it there at the same public
 * address, here a test delivers it to main's own address (`testUrl`).
 *
 * The queue's lock settings are shortened (n8n's own variables): a SIGKILLed worker's jobs then
 * fail within about 15 s instead of 60-90 s. Bull runs n8n's queue with maxStalledCount 0, so
 * such jobs are failed either way, never run again (workerLoss.ts measures that).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EmulatorClient } from '../../emulator/client/client';
import { SEED_KEYS } from '../../emulator/state/seed';
import type { EmulatorHandle } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import { freePorts } from '../process/free-port';
import type { JsonObject } from '../rest/guards';
import { ensureN8nInstalled } from '../install/install';
import { log, phase } from '../process/log';
import { N8nApi } from '../rest/n8n-api';
import type { N8nCommand, N8nLogLevel } from '../process/n8n-process';
import { N8nProcess } from '../process/n8n-process';
import { installTarball } from '../install/package-install';
import type { ScannedText } from '../audit/secrets-scan';
import type { PostgresServer, RedisServer } from '../process/services';
import { startPostgres, startRedis } from '../process/services';
import type { Stack } from './stack';
import { CREDENTIAL_TYPE, e2eOutputDir, tarball } from './stack';

/** One n8n process of the stack, named by its role (`main`, `webhook`, `worker-1`, ...). */
export interface QueueProcess {
	role: string;
	n8n: N8nProcess;
}

export interface QueueStack extends Stack {
	/** The main process (also `n8n`, so the single-n8n helpers of stack.ts work on it). */
	main: N8nProcess;
	/** The webhook processor; FullStory delivers to it. */
	webhook: N8nProcess;
	/** The workers in service (a killed one is removed, a new one added). */
	workers: QueueProcess[];
	/** Every n8n process this stack started, killed ones included: their logs are audited too. */
	processes: QueueProcess[];
	postgres: PostgresServer;
	redis: RedisServer;
	/** `N8N_WEBHOOK_URL`: the webhook processor's address, with a trailing slash. */
	webhookBaseUrl: string;
	/** A new worker with a fresh user folder (the package installed in it), ready when this resolves. */
	startWorker(): Promise<QueueProcess>;
	/** SIGKILL to the worker's process group; it leaves `workers` (and stays in `processes`). */
	killWorker(worker: QueueProcess): Promise<void>;
	/** Jobs in n8n's Bull queue (`bull:jobs:*` in Redis) by state. */
	queueCounts(): Promise<QueueCounts>;
}

export interface QueueCounts {
	waiting: number;
	active: number;
	delayed: number;
	paused: number;
}

export interface QueueStackOptions {
	/** Names the kept logs (`n8n-<name>-<role>.log`) and the secrets audit. */
	name: string;
	/** Default `debug` on every process, for the secrets audit. */
	logLevel?: N8nLogLevel;
	/** Default 2. */
	workers?: number;
	/** Extra environment for every n8n process. */
	env?: Record<string, string>;
}

/** The production URL of a trigger in queue mode: at the webhook processor, i.e. N8N_WEBHOOK_URL. */
export function queueProductionUrl(stack: QueueStack, trigger: JsonObject): string {
	return `${stack.webhookBaseUrl}webhook/${String(trigger.webhookId)}/webhook`;
}

/** `/webhook-test/...` under N8N_WEBHOOK_URL: what main registers in FullStory for a test listen. */
export function queueRegisteredTestUrl(stack: QueueStack, trigger: JsonObject): string {
	return `${stack.webhookBaseUrl}webhook-test/${String(trigger.webhookId)}/webhook`;
}

/** Counts n8n's Bull queue from its keys: Bull's default prefix `bull`, n8n's queue name `jobs`. */
async function countQueue(redis: RedisServer): Promise<QueueCounts> {
	const [waiting, active, delayed, paused] = await Promise.all([
		redis.command('LLEN', 'bull:jobs:wait'),
		redis.command('LLEN', 'bull:jobs:active'),
		redis.command('ZCARD', 'bull:jobs:delayed'),
		redis.command('LLEN', 'bull:jobs:paused'),
	]);
	return { waiting: Number(waiting), active: Number(active), delayed: Number(delayed), paused: Number(paused) };
}

export async function startQueueStack(options: QueueStackOptions): Promise<QueueStack> {
	const install = await ensureN8nInstalled();
	const logLevel = options.logLevel ?? 'debug';
	const processes: QueueProcess[] = [];
	const folders: string[] = [];
	let emulator: EmulatorHandle | undefined;
	let postgres: PostgresServer | undefined;
	let redis: RedisServer | undefined;

	const keepLogs = () => {
		for (const { role, n8n } of processes) {
			if (existsSync(n8n.logFile)) copyFileSync(n8n.logFile, join(e2eOutputDir(), `n8n-${options.name}-${role}.log`));
		}
	};
	const stopEverything = async () => {
		// Webhook processor and workers first (they need the database and the queue to stop cleanly), then main.
		await Promise.all(processes.filter(({ role }) => role !== 'main').map(async ({ n8n }) => await n8n.stop()));
		await Promise.all(processes.filter(({ role }) => role === 'main').map(async ({ n8n }) => await n8n.stop()));
		await Promise.all([redis?.stop(), postgres?.stop(), emulator?.close()]);
	};

	try {
		emulator = await startEmulator({ port: 0, strict: true });
		[postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
		const [webhookPort] = await freePorts(1);
		const webhookBaseUrl = `http://127.0.0.1:${webhookPort}/`;
		const sharedEnv: Record<string, string> = {
			...postgres.n8nEnv(),
			...redis.n8nEnv(),
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_WEBHOOK_URL: webhookBaseUrl,
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2500',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			...options.env,
		};

		let workerCount = 0;
		const prepare = async (role: string): Promise<string> => {
			const folder = mkdtempSync(join(tmpdir(), `n8n-queue-e2e-${role}-`));
			folders.push(folder);
			await installTarball(folder, tarball(), 'in-app');
			return folder;
		};
		const launch = async (role: string, command: N8nCommand, folder: string, extra: { port?: number; env?: Record<string, string> } = {}) => {
			const n8n = await N8nProcess.start({
				install,
				command,
				userFolder: folder,
				logLevel,
				port: extra.port,
				env: { ...sharedEnv, ...extra.env },
				// Several n8n processes start at once on few cores; the first one also migrates the database.
				readinessTimeoutMs: 240_000,
			});
			const entry = { role, n8n };
			processes.push(entry);
			return entry;
		};
		const nextWorkerRole = () => `worker-${++workerCount}`;

		const workerRoles = Array.from({ length: options.workers ?? 2 }, nextWorkerRole);
		const [mainFolder, webhookFolder, ...workerFolders] = await phase('install the package into every n8n user folder', async () =>
			await Promise.all(['main', 'webhook', ...workerRoles].map(prepare)),
		);
		// Main first: it creates the schema; the others would race its migrations.
		const main = await phase('start main (n8n start)', async () =>
			await launch('main', 'start', mainFolder, { env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } }),
		);
		const [webhook, ...workers] = await phase(`start the webhook processor and ${workerRoles.length} workers`, async () =>
			await Promise.all([
				launch('webhook', 'webhook', webhookFolder, { port: webhookPort }),
				...workerRoles.map(async (role, index) => await launch(role, 'worker', workerFolders[index])),
			]),
		);

		const api = new N8nApi(main.n8n.baseUrl);
		await api.setupOwner();
		const apiKey = SEED_KEYS.admin;
		const credential = await api.createCredential('FullStory (emulator)', CREDENTIAL_TYPE, { apiKey, region: 'custom', baseUrl: emulator.baseUrl });
		const runningRedis = redis;
		const stack: QueueStack = {
			name: options.name,
			emulator,
			fullstory: new EmulatorClient(emulator.baseUrl),
			n8n: main.n8n,
			main: main.n8n,
			webhook: webhook.n8n,
			workers,
			processes,
			postgres,
			redis,
			webhookBaseUrl,
			api,
			credential,
			apiKey,
			logs: (): ScannedText[] => processes.map(({ role, n8n }) => ({ source: `n8n ${role} log`, text: n8n.logText() })),
			startWorker: async () => {
				const role = nextWorkerRole();
				const worker = await launch(role, 'worker', await prepare(role));
				stack.workers.push(worker);
				return worker;
			},
			killWorker: async (worker) => {
				await worker.n8n.kill();
				stack.workers = stack.workers.filter((candidate) => candidate !== worker);
			},
			queueCounts: async () => await countQueue(runningRedis),
			stop: async () => {
				await stopEverything();
				keepLogs();
				for (const folder of folders) rmSync(folder, { recursive: true, force: true });
				log(`queue stack ${options.name} stopped: ${processes.length} n8n processes, PostgreSQL, Redis and the emulator; logs in ${e2eOutputDir()}`);
			},
		};
		return stack;
	} catch (error) {
		await stopEverything();
		// The logs say why; the folders are kept for a closer look.
		keepLogs();
		throw error;
	}
}

/**
 * Which processes started each execution, from the "Worker started execution <id> (job <n>)" lines
 * n8n's job processor logs at info level: the workers' evidence (n8n records no worker on the
 * execution itself). More than one role for an id would mean it ran twice.
 */
export function executionRunners(stack: QueueStack): Map<string, string[]> {
	const runners = new Map<string, string[]>();
	for (const { role, n8n } of stack.processes) {
		for (const match of n8n.logText().matchAll(/Worker started execution (\d+) \(job /g)) {
			runners.set(match[1], [...(runners.get(match[1]) ?? []), role]);
		}
	}
	return runners;
}

/**
 * Executions the webhook processor failed because their job stalled (its worker died): n8n logs
 * "job stalled more than maxStalledCount (execution <id>)" when it gives up on them.
 */
export function stalledExecutions(stack: QueueStack): string[] {
	return [...new Set([...stack.webhook.logText().matchAll(/job stalled more than maxStalledCount \(execution (\d+)\)/g)].map((match) => match[1]))];
}

/**
 * Executions the webhook processor added to its active executions and never removed (debug lines
 * "Execution added" / "Execution removed"): with Respond = When the Workflow Has Finished it never
 * answered their deliveries. n8n 2.40.7 misses a job that completes while the webhook processor is
 * starting to wait for it (Bull's job.finished(): subscribed, listener not yet attached, job gone).
 */
export function executionsNeverSettledByWebhook(stack: QueueStack): string[] {
	const text = stack.webhook.logText();
	const ids = (pattern: RegExp) => new Set([...text.matchAll(pattern)].map((match) => match[1]));
	const removed = ids(/Execution removed \{ "executionId": "(\d+)"/g);
	return [...ids(/Execution added \{ "executionId": "(\d+)"/g)].filter((id) => !removed.has(id));
}
