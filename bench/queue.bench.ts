/**
 * Deliveries per second in n8n 2.40.7's queue mode (harness/stacks/queueStack.ts: PostgreSQL, Redis,
 * one main, two workers, one webhook processor, each its own process):
 * 1. The FullStory Trigger against n8n's built-in Webhook node on the same stack, with the same
 *    client (the emulator's signed deliveries, 16 in flight; the same bodies to the Webhook node)
 *    and the same downstream (a No Op), as bench/n8n.bench.ts does on one instance: with n8n's
 *    defaults, and with the Webhook node's skip of the expression isolate turned off on every
 *    process (the webhook processor included), i.e. the rule the trigger runs under.
 * 2. How the trigger's throughput scales with the workers, with n8n's defaults on the same stack:
 *    its rounds with two workers (those of 1.), the same rounds once one worker was stopped, then
 *    again with two once a new worker was started (warmed up first): two workers' rounds before
 *    and after one worker's, so drift (database growth) does not favour either.
 * Rate = deliveries ÷ time from the first send until n8n had finished the last execution (the
 * webhook processor answers once the job is queued, so the answers alone would overstate it).
 * The first deliveries of each kind warm caches and are not counted. Figures only, no pass mark;
 * bounded to 2 settings × 2 kinds × (WARM_UP + ROUNDS × ROUND_SIZE) + WARM_UP + 2 × ROUNDS ×
 * ROUND_SIZE deliveries (BENCH_QUEUE_ROUND_SIZE and BENCH_QUEUE_WARM_UP shrink them for a trial run).
 */
import { log, seconds } from '../harness/process/log';
import type { QueueStack } from '../harness/stacks/queueStack';
import { queueProductionUrl, startQueueStack } from '../harness/stacks/queueStack';
import { runN8nBenchmark } from './realN8nBenchmark';
import { round } from './report';
import type { ComparisonRow, Receiver, Totals } from './throughput';
import { addTotals, answeredPerSecond, comparisonRow, finishedPerSecond, measureRounds, receivers, rssMiB } from './throughput';

function countFromEnv(name: string, fallback: number): number {
	const value = process.env[name];
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isInteger(parsed) || parsed < 0) throw new Error(`bench: ${name} must be a whole number, not ${JSON.stringify(value)}`);
	return parsed;
}

const CONCURRENCY = 16;
const WARM_UP = countFromEnv('BENCH_QUEUE_WARM_UP', 50);
const ROUND_SIZE = countFromEnv('BENCH_QUEUE_ROUND_SIZE', 200);
const ROUNDS = 2;
const WORKERS = 2;

interface Setting {
	name: string;
	stackName: string;
	env: Record<string, string>;
	/** Also measure the trigger with one worker fewer, on this setting's stack. */
	workerScaling: boolean;
}

const SETTINGS: Setting[] = [
	{ name: "n8n's defaults", stackName: 'bench-queue-defaults', env: {}, workerScaling: true },
	// On every process of the stack, so on the webhook processor, which serves the deliveries.
	{ name: 'isolate skip off for both', stackName: 'bench-queue-no-skip', env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' }, workerScaling: false },
];

interface WorkerScaling {
	settings: string;
	/** Over the rounds with two workers before and after those with one. */
	twoWorkersPerSecond: number;
	oneWorkerPerSecond: number;
	/** Two workers' throughput ÷ one worker's: 2 would be linear, 1 no gain. */
	scaling: number;
	twoWorkersBeforePerSecond: number;
	twoWorkersAfterPerSecond: number;
	/**
	 * Executions each worker started (from the workers' info logs): in 1. (both kinds, warm-up
	 * included), with one worker, and with two again (the new worker's warm-up included).
	 */
	executionsByWorker: { twoWorkers: Record<string, number>; oneWorker: Record<string, number>; twoWorkersAgain: Record<string, number> };
}

interface Result extends ComparisonRow {
	/** The same deliveries, until the last one was answered (queued), not run. */
	answeredPerSecond: { fullStoryTrigger: number; webhookNode: number };
	webhookProcessorRssMiBAtStart: number | undefined;
	webhookProcessorRssMiBAtEnd: number | undefined;
	workerScaling?: WorkerScaling;
	/** Starting the stack, measuring, stopping it. */
	stackSeconds: number;
}

/** "Worker started execution" lines so far, per worker, stopped ones included (n8n's job processor logs them at info). */
function executionsStarted(stack: QueueStack): Record<string, number> {
	const workers = stack.processes.filter(({ role }) => role.startsWith('worker-'));
	return Object.fromEntries(workers.map(({ role, n8n }) => [role, n8n.logText().split('Worker started execution ').length - 1]));
}

function since(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
	return Object.fromEntries(Object.entries(after).map(([role, count]) => [role, count - (before[role] ?? 0)]));
}

/** Two workers (`before`: the trigger's rounds of 1.), then one, then two again. */
async function workerScaling(stack: QueueStack, setting: Setting, trigger: Receiver, before: { totals: Totals; executions: Record<string, number> }): Promise<WorkerScaling> {
	const plan = { concurrency: CONCURRENCY, warmUp: 0, rounds: ROUNDS, roundSize: ROUND_SIZE };
	// A graceful stop between rounds (the queue is empty): it takes no job with it.
	const stopped = stack.workers[stack.workers.length - 1];
	await stopped.n8n.stop();
	stack.workers = stack.workers.filter((worker) => worker !== stopped);
	log(`${setting.name}: ${stopped.role} stopped; ${stack.workers.map(({ role }) => role).join(', ')} left`);
	let counted = executionsStarted(stack);
	const one = (await measureRounds(stack, [trigger], plan, `${setting.name}, one worker`)).get('FullStory Trigger');
	const oneWorker = since(counted, (counted = executionsStarted(stack)));

	const added = await stack.startWorker();
	log(`${setting.name}: ${added.role} started; ${stack.workers.map(({ role }) => role).join(', ')} in service`);
	const after = (await measureRounds(stack, [trigger], { ...plan, warmUp: WARM_UP }, `${setting.name}, two workers again`)).get('FullStory Trigger');
	const twoWorkersAgain = since(counted, executionsStarted(stack));

	const twoWorkersPerSecond = finishedPerSecond(after === undefined ? before.totals : addTotals(before.totals, after));
	const oneWorkerPerSecond = finishedPerSecond(one);
	return {
		settings: setting.name,
		twoWorkersPerSecond,
		oneWorkerPerSecond,
		scaling: round(twoWorkersPerSecond / oneWorkerPerSecond, 2),
		twoWorkersBeforePerSecond: finishedPerSecond(before.totals),
		twoWorkersAfterPerSecond: finishedPerSecond(after),
		executionsByWorker: { twoWorkers: before.executions, oneWorker, twoWorkersAgain },
	};
}

async function measureSetting(setting: Setting): Promise<Omit<Result, 'stackSeconds'>> {
	const stack = await startQueueStack({ name: setting.stackName, logLevel: 'info', workers: WORKERS, env: setting.env });
	try {
		// Both published through main, both served by the webhook processor (N8N_WEBHOOK_URL).
		const targets = await receivers(stack, { trigger: (trigger) => queueProductionUrl(stack, trigger), webhook: (path) => `${stack.webhookBaseUrl}webhook/${path}` });
		const rssAtStart = rssMiB(stack.webhook.pid);
		const before = executionsStarted(stack);
		const totals = await measureRounds(stack, targets, { concurrency: CONCURRENCY, warmUp: WARM_UP, rounds: ROUNDS, roundSize: ROUND_SIZE }, setting.name);
		const rssAtEnd = rssMiB(stack.webhook.pid);
		const triggerReceiver = targets.find((receiver) => receiver.kind === 'FullStory Trigger');
		const triggerTotals = totals.get('FullStory Trigger');
		const scaling =
			setting.workerScaling && triggerReceiver !== undefined && triggerTotals !== undefined
				? await workerScaling(stack, setting, triggerReceiver, { totals: triggerTotals, executions: since(before, executionsStarted(stack)) })
				: undefined;
		return {
			...comparisonRow(setting, totals),
			answeredPerSecond: { fullStoryTrigger: answeredPerSecond(totals.get('FullStory Trigger')), webhookNode: answeredPerSecond(totals.get('Webhook node')) },
			webhookProcessorRssMiBAtStart: rssAtStart,
			webhookProcessorRssMiBAtEnd: rssAtEnd,
			workerScaling: scaling,
		};
	} finally {
		await stack.stop();
	}
}

async function measureTimed(setting: Setting): Promise<Result> {
	const started = Date.now();
	const result = await measureSetting(setting);
	log(`${setting.name}: queue stack started, measured and stopped in ${seconds(Date.now() - started)}`);
	return { ...result, stackSeconds: round((Date.now() - started) / 1000) };
}

const mebibytes = (value: number | undefined) => (value === undefined ? '?' : String(Math.round(value)));

runN8nBenchmark(
	'queue',
	SETTINGS,
	measureTimed,
	{
		n8n: '2.40.7',
		mode: `queue: 1 main, ${WORKERS} workers, 1 webhook processor, PostgreSQL, Redis`,
		concurrency: CONCURRENCY,
		deliveriesCounted: ROUND_SIZE * ROUNDS,
		warmUpDiscarded: WARM_UP,
		rate: 'deliveries per second, from the first send until n8n finished the last execution',
		workerScaling: `with n8n's defaults, on the same stack: the trigger's ${ROUNDS * ROUND_SIZE} counted deliveries with ${WORKERS} workers (alternating with the Webhook node's), ${ROUNDS * ROUND_SIZE} once one worker was stopped gracefully, ${ROUNDS * ROUND_SIZE} with ${WORKERS} again once a new worker was started (${WARM_UP} discarded first)`,
	},
	undefined,
	(results) => [
		{
			title: `Queue mode (1 main, ${WORKERS} workers, 1 webhook processor): FullStory Trigger against the Webhook node`,
			rows: results.map((result) => ({
				settings: result.settings,
				fullStoryTriggerPerSecond: result.fullStoryTriggerPerSecond,
				webhookNodePerSecond: result.webhookNodePerSecond,
				ratio: result.ratio,
				webhookProcessorRssMiB: `${mebibytes(result.webhookProcessorRssMiBAtStart)} → ${mebibytes(result.webhookProcessorRssMiBAtEnd)}`,
			})),
		},
		{
			title: 'Queue mode: the FullStory Trigger with two workers and with one (two: before and after one)',
			rows: results.flatMap(({ workerScaling }) =>
				workerScaling === undefined
					? []
					: [
							{
								settings: workerScaling.settings,
								twoWorkersPerSecond: workerScaling.twoWorkersPerSecond,
								oneWorkerPerSecond: workerScaling.oneWorkerPerSecond,
								scaling: workerScaling.scaling,
								twoWorkersBeforeAndAfter: `${workerScaling.twoWorkersBeforePerSecond} / ${workerScaling.twoWorkersAfterPerSecond}`,
							},
						],
			),
		},
	],
);
