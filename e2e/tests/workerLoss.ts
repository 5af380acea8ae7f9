/**
 * What a worker's death costs in n8n's queue mode: a burst of signed deliveries during which one
 * worker is SIGKILLed (and, by default, replaced by a new one), then an account of every event
 * sent: ran once, ran more than once, or never ran although FullStory was answered 200.
 *
 * n8n 2.40.7 answers a verified delivery as soon as its job is queued (the trigger's default), and
 * runs the queue with Bull's maxStalledCount 0: the jobs the killed worker held are failed, never
 * run again. Those accepted-but-never-run events are the known data loss; `burstWithWorkerKilled`
 * counts them and proves nothing ran twice. It takes any published workflow whose trigger gets
 * the deliveries, so a trigger set to answer only after the workflow ran can be measured the same
 * way (`settle` then waits for FullStory's retries before the account is taken).
 */
import type { DeliveryResult } from '../../emulator/deliveries/types';
import { nodeOutput } from '../../harness/rest/execution-data';
import { isJsonObject } from '../../harness/rest/guards';
import { log, seconds } from '../../harness/process/log';
import type { ExecutionSummary } from '../../harness/rest/n8n-api';
import { mapConcurrently } from '../../harness/process/pool';
import type { QueueProcess, QueueStack } from '../../harness/stacks/queueStack';
import { executionRunners } from '../../harness/stacks/queueStack';
import { decodedExecution, sleep, statusesOf } from '../../harness/stacks/stack';

export interface WorkerKillOptions {
	workflowId: string;
	/** The trigger's FullStory endpoint: every delivery goes to it. */
	endpointId: string;
	/** The trigger node's name, whose output carries `eventKey`. */
	triggerName: string;
	/** Default 300. */
	deliveries?: number;
	/** Default 16. */
	concurrency?: number;
	/** The worker is killed once this many deliveries were answered; default a third of them. */
	killAfter?: number;
	/** Default the first worker in service. */
	victim?: QueueProcess;
	/**
	 * Hold the kill (up to 10 s) until the victim has an execution in progress, so the kill always
	 * costs one: on a busy machine the queue can be empty when the answers are counted. Default false.
	 */
	killWhenBusy?: boolean;
	/** Start a new worker right after the kill (default true), as an orchestrator would. */
	replace?: boolean;
	/** `eventName` of every delivery; default `note.created`. */
	eventName?: string;
	/**
	 * Called after the burst was answered, before the queue is awaited and the account taken: e.g.
	 * waiting until FullStory (the emulator) has finished retrying refused deliveries.
	 */
	settle?: () => Promise<void>;
	/** How long to wait for the queue to drain and the executions to settle; default 3 min. */
	settleTimeoutMs?: number;
}

export interface WorkerKillOutcome {
	sent: number;
	concurrency: number;
	/** Deliveries answered 200 (on any attempt): FullStory considers them delivered. */
	accepted: number;
	/** Deliveries never answered 200, by their last status (-1: no answer). */
	refusedByStatus: Record<string, number>;
	killedWorker: string;
	killedAfterAnswered: number;
	/** When the SIGKILL was sent (ISO time), to time the answers that followed it. */
	killedAt: string | undefined;
	/** Jobs active in the queue (all workers) just before the kill. */
	activeJobsAtKill: number;
	replacement: string | undefined;
	/** New executions of the workflow, by status, once everything settled. */
	executionsByStatus: Record<string, number>;
	/**
	 * Executions the killed worker had logged as started but not as finished. A job it had taken
	 * from the queue but not yet started is lost too, without such a line.
	 */
	unfinishedOnKilledWorker: number;
	/** The new executions that did not succeed, with the error n8n recorded (none for one left `new`/`running`). */
	unsuccessful: Array<{ id: string; status: string; error: string | undefined }>;
	/** Distinct events that ran to success. */
	eventsRun: number;
	/** eventKeys in more than one successful execution: must stay empty. */
	duplicates: string[];
	/** Executions a worker started more than once (from the workers' logs): must stay empty. */
	executionsStartedTwice: string[];
	/** Answered 200 and never ran successfully: the data loss. */
	lostAccepted: string[];
	/** Not answered 200 and never ran (FullStory knows they failed; it may retry them). */
	refusedNeverRan: string[];
	answeredSeconds: number;
	settledSeconds: number;
}

/** `note.created:<id>`, as the trigger computes it, from the body the emulator sent. */
export function eventKeyOf(result: DeliveryResult): string {
	const body: unknown = JSON.parse(result.body);
	const data = isJsonObject(body) && isJsonObject(body.data) ? body.data : {};
	return `${result.eventName}:${String(data.id)}`;
}

function tally(values: Iterable<string>): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
	return counts;
}

/**
 * Waits until n8n's queue holds no waiting, active or delayed job (a killed worker's jobs stay
 * active until a live worker's stalled check fails them) on two polls in a row.
 */
export async function waitForQueueToDrain(stack: QueueStack, timeoutMs: number): Promise<void> {
	const started = Date.now();
	let quietPolls = 0;
	for (;;) {
		const counts = await stack.queueCounts();
		quietPolls = counts.waiting + counts.active + counts.delayed + counts.paused === 0 ? quietPolls + 1 : 0;
		if (quietPolls >= 2) return;
		if (Date.now() - started > timeoutMs) throw new Error(`e2e: n8n's queue still holds jobs after ${seconds(timeoutMs)}: ${JSON.stringify(counts)}`);
		await sleep(500);
	}
}

/** The executions of a workflow that are not in `known` (ids seen before a run). */
async function newExecutions(stack: QueueStack, workflowId: string, known: Set<string>): Promise<ExecutionSummary[]> {
	return (await stack.api.executions(workflowId)).filter((execution) => !known.has(execution.id));
}

/** Execution ids a process logged as started but never as finished (of one workflow, if given). */
export function unfinishedIn(logText: string, workflowId?: string): string[] {
	const started = new Set(
		[...logText.matchAll(/Worker started execution (\d+) \(job [^\n]*?"workflowId": "([^"]*)"/g)]
			.filter((match) => workflowId === undefined || match[2] === workflowId)
			.map((match) => match[1]),
	);
	for (const match of logText.matchAll(/Worker finished execution (\d+) \(job /g)) started.delete(match[1]);
	return [...started];
}

/**
 * Waits until a worker's log shows an execution (of `workflowId`, if given) started and not
 * finished (polled every 25 ms); returns how many, or 0 when `timeoutMs` passed without one.
 */
export async function waitUntilBusy(worker: QueueProcess, workflowId?: string, timeoutMs = 10_000): Promise<number> {
	const started = Date.now();
	for (;;) {
		const running = unfinishedIn(worker.n8n.logText(), workflowId).length;
		if (running > 0) return running;
		if (Date.now() - started > timeoutMs) {
			log(`worker loss: ${worker.role} had no execution in progress within ${seconds(timeoutMs)}; killing it anyway`);
			return 0;
		}
		await sleep(25);
	}
}

/** The workflow-level error n8n stored for an execution, if its data says one. */
async function recordedError(stack: QueueStack, executionId: string): Promise<string | undefined> {
	try {
		return (await decodedExecution(stack, executionId)).error;
	} catch {
		return undefined; // no run data (yet): a job nobody ran
	}
}

export async function burstWithWorkerKilled(stack: QueueStack, options: WorkerKillOptions): Promise<WorkerKillOutcome> {
	const total = options.deliveries ?? 300;
	const concurrency = options.concurrency ?? 16;
	const killAfter = options.killAfter ?? Math.floor(total / 3);
	const victim = options.victim ?? stack.workers[0];
	if (victim === undefined) throw new Error('e2e: no worker to kill');
	const known = new Set((await stack.api.executions(options.workflowId)).map((execution) => execution.id));
	const target = { endpointId: options.endpointId };

	let answered = 0;
	let activeJobsAtKill = -1;
	let killedAt: string | undefined;
	let replacement: QueueProcess | undefined;
	let killing: Promise<void> | undefined;
	const started = Date.now();
	const results = await mapConcurrently(Array.from({ length: total }), concurrency, async () => {
		const result = await stack.fullstory.deliver({ eventName: options.eventName ?? 'note.created', target });
		if (++answered === killAfter) {
			killing = (async () => {
				if (options.killWhenBusy === true) await waitUntilBusy(victim, options.workflowId);
				activeJobsAtKill = (await stack.queueCounts()).active;
				killedAt = new Date().toISOString();
				await stack.killWorker(victim);
				log(`worker loss: ${victim.role} SIGKILLed once ${killAfter} of ${total} deliveries were answered (${activeJobsAtKill} jobs active in the queue then)`);
				if (options.replace ?? true) replacement = await stack.startWorker();
			})();
		}
		return result;
	});
	const answeredMs = Date.now() - started;
	if (killing === undefined) throw new Error(`e2e: the burst ended before ${killAfter} deliveries were answered`);
	await killing;

	await options.settle?.();
	const settleTimeoutMs = options.settleTimeoutMs ?? 180_000;
	await waitForQueueToDrain(stack, settleTimeoutMs);
	// Executions finish before their job leaves the queue; one more look a moment later confirms it.
	let executions = await newExecutions(stack, options.workflowId, known);
	for (;;) {
		await sleep(1_000);
		const again = await newExecutions(stack, options.workflowId, known);
		const unchanged = JSON.stringify(again.map((e) => [e.id, e.status])) === JSON.stringify(executions.map((e) => [e.id, e.status]));
		executions = again;
		if (unchanged) break;
		if (Date.now() - started > settleTimeoutMs + answeredMs) throw new Error('e2e: executions kept changing after the queue drained');
	}
	const settledMs = Date.now() - started;

	const succeeded = executions.filter((execution) => execution.status === 'success');
	const keysRun = (
		await mapConcurrently(succeeded, 8, async (execution) =>
			nodeOutput(await decodedExecution(stack, execution.id), options.triggerName).map((item) => String(item.eventKey)),
		)
	).flat();
	const runCounts = tally(keysRun);
	const isAccepted = (result: DeliveryResult) => statusesOf(result).includes(200);
	const acceptedKeys = results.filter(isAccepted).map(eventKeyOf);
	const refused = results.filter((result) => !isAccepted(result));
	const runners = executionRunners(stack);
	const newIds = new Set(executions.map((execution) => execution.id));

	const outcome: WorkerKillOutcome = {
		sent: total,
		concurrency,
		accepted: acceptedKeys.length,
		refusedByStatus: tally(refused.map((result) => String(statusesOf(result).at(-1) ?? -1))),
		killedWorker: victim.role,
		killedAfterAnswered: killAfter,
		killedAt,
		activeJobsAtKill,
		replacement: replacement?.role,
		executionsByStatus: tally(executions.map((execution) => execution.status)),
		unfinishedOnKilledWorker: unfinishedIn(victim.n8n.logText()).filter((id) => newIds.has(id)).length,
		unsuccessful: await mapConcurrently(
			executions.filter((execution) => execution.status !== 'success'),
			4,
			async ({ id, status }) => ({ id, status, error: await recordedError(stack, id) }),
		),
		eventsRun: Object.keys(runCounts).length,
		duplicates: Object.entries(runCounts)
			.filter(([, count]) => count > 1)
			.map(([key]) => key),
		executionsStartedTwice: [...runners.entries()].filter(([id, roles]) => newIds.has(id) && roles.length > 1).map(([id]) => id),
		lostAccepted: acceptedKeys.filter((key) => runCounts[key] === undefined),
		refusedNeverRan: refused.map(eventKeyOf).filter((key) => runCounts[key] === undefined),
		answeredSeconds: answeredMs / 1000,
		settledSeconds: settledMs / 1000,
	};
	log(
		`worker loss: ${outcome.accepted}/${total} accepted, ${outcome.eventsRun} events ran, ${outcome.lostAccepted.length} accepted but lost, ` +
			`${outcome.duplicates.length} duplicates; executions ${JSON.stringify(outcome.executionsByStatus)}; settled in ${seconds(settledMs)}`,
	);
	return outcome;
}
