/**
 * 1,000 events into FullStory while it misbehaves, in a real n8n 2.40.7: of the calls to
 * POST /v2/events, 10 % lose their answer after FullStory has kept the event and 5 % are answered
 * 429 (bench/loopbackProxy.ts, seeded: seededFaults.ts; the emulator's own faults strike only the
 * next N calls). Then: how many events FullStory holds, per item (goal: exactly one each, none lost,
 * none doubled), for
 * - Event > Create, the node's own retries only, and with Retry On Fail as well;
 * - n8n's HTTP Request node with Retry On Fail, given the same 1,000 items;
 * - the same HTTP Request node behind Loop Over Items (one item at a time), so that its retries
 *   apply per item, as a user builds it for that.
 * Retry On Fail is n8n's default when switched on (3 tries, 1 s apart). Each setting runs on its
 * own n8n and emulator, with the same seed, so the same sequence of calls meets the same faults.
 * For the FullStory node the calls it retried are counted, and the item at which a flat budget of
 * RETRY_BUDGET.maxRetries retries per execution would have run out. Figures only, no pass mark.
 * BENCH_EVENTS_ITEMS shrinks the run for a trial; BENCH_EVENTS_SEED picks another seed.
 */
import { log, seconds } from '../harness/process/log';
import type { JsonObject } from '../harness/rest/guards';
import { isJsonObject, isString } from '../harness/rest/guards';
import { RETRY_BUDGET, RETRY_POLICY } from '../nodes/transport/policy';
import type { MeasuredRun, SenderCredentials } from './itemWorkflow';
import { fullStoryNode, httpRequestNode, itemsNode, itemsWorkflow, positiveIntegerFromEnv, RETRY_ON_FAIL, runMeasured, withProxiedStack } from './itemWorkflow';
import type { LoopbackProxy, ProxyCall, ProxyFault } from './loopbackProxy';
import { runN8nBenchmark } from './realN8nBenchmark';
import type { FaultShares } from './seededFaults';
import { seededFaults } from './seededFaults';

const ITEMS = positiveIntegerFromEnv('BENCH_EVENTS_ITEMS', 1_000);
const SEED = positiveIntegerFromEnv('BENCH_EVENTS_SEED', 1_234);
const SHARES: FaultShares = { dropAfter: 0.1, status429: 0.05 };
const EVENTS_PATH = '/v2/events';
const EVENT_NAME = 'Order Placed';
/** Every try of every item waiting out a 429 or a backoff, with room to spare; only a hang trips it. */
const TIMEOUT_MS = ITEMS * 2_000 + 5 * 60_000;

const EVENT_PARAMETERS: JsonObject = { resource: 'event', operation: 'create', name: EVENT_NAME, linkTo: 'user', userIdType: 'uid', user: '={{ $json.uid }}' };
/** What Event > Create sends for an item (api/events/events.ts eventBody), for the HTTP Request node. */
const EVENT_BODY = `={{ JSON.stringify({ name: '${EVENT_NAME}', user: { uid: $json.uid } }) }}`;

interface Setting {
	name: string;
	stackName: string;
	/** The items' uids start with it, and the events FullStory holds are told apart by it. */
	prefix: string;
	sender(credentials: SenderCredentials, proxy: LoopbackProxy): JsonObject;
	loop?: boolean;
	/** The FullStory node: count its retries against RETRY_BUDGET. */
	budgeted?: boolean;
}

const SETTINGS: Setting[] = [
	{ name: 'Event > Create', stackName: 'bench-events-node', prefix: 'node-', budgeted: true, sender: (credentials) => fullStoryNode(credentials, EVENT_PARAMETERS) },
	{
		name: 'Event > Create, Retry On Fail',
		stackName: 'bench-events-node-retry',
		prefix: 'node-retry-',
		budgeted: true,
		sender: (credentials) => fullStoryNode(credentials, EVENT_PARAMETERS, RETRY_ON_FAIL),
	},
	{
		name: 'HTTP Request node, Retry On Fail',
		stackName: 'bench-events-http',
		prefix: 'http-',
		sender: (credentials, proxy) => httpRequestNode(credentials, `${proxy.baseUrl}${EVENTS_PATH}`, EVENT_BODY, RETRY_ON_FAIL),
	},
	{
		name: 'Loop Over Items (1) → HTTP Request node, Retry On Fail',
		stackName: 'bench-events-http-loop',
		prefix: 'http-loop-',
		loop: true,
		sender: (credentials, proxy) => httpRequestNode(credentials, `${proxy.baseUrl}${EVENTS_PATH}`, EVENT_BODY, RETRY_ON_FAIL),
	},
];

/** The item a call is about, from its body's `user.uid`; undefined for a body that names none. */
function itemOf(call: ProxyCall, prefix: string): number | undefined {
	let body: unknown;
	try {
		body = JSON.parse(call.body.toString('utf8'));
	} catch {
		return undefined;
	}
	const uid = isJsonObject(body) && isJsonObject(body.user) && isString(body.user.uid) ? body.user.uid : undefined;
	return uid?.startsWith(prefix) === true ? Number(uid.slice(prefix.length)) : undefined;
}

/** The events FullStory holds for each item, by index (0 where it holds none). */
function eventsPerItem(events: Array<{ name: string; user?: { uid?: string } }>, prefix: string): number[] {
	const counts = new Array<number>(ITEMS).fill(0);
	for (const event of events) {
		const uid = event.user?.uid;
		if (event.name !== EVENT_NAME || uid?.startsWith(prefix) !== true) continue;
		const index = Number(uid.slice(prefix.length));
		if (Number.isInteger(index) && index >= 0 && index < ITEMS) counts[index]++;
	}
	return counts;
}

interface Result extends Omit<MeasuredRun, 'rssMiB'> {
	settings: string;
	items: number;
	/** POST /v2/events calls that reached FullStory, and what became of them. */
	eventCalls: number;
	answered: number;
	answerDroppedAfterCommit: number;
	answered429: number;
	eventsHeld: number;
	itemsHeldOnce: number;
	itemsLost: number;
	/** Events beyond one per item: doubles, triples, … */
	extraEvents: number;
	firstLostItem?: number;
	/** Calls FullStory answered with the answer kept for their Idempotency-Key, doing nothing again. */
	idempotentReplays: number;
	/** FullStory node only: faulted calls (each one a retry asked for), and the item of the retry one past a flat budget. */
	retriesAskedFor?: number;
	flatBudgetSpentAtItem?: number;
}

async function measure(setting: Setting): Promise<Result> {
	const draw = seededFaults(SEED, SHARES);
	const faulted: Array<{ kind: ProxyFault; item: number | undefined }> = [];
	const fault = (call: ProxyCall): ProxyFault | undefined => {
		if (call.method !== 'POST' || call.path !== EVENTS_PATH) return undefined;
		const kind = draw();
		if (kind !== undefined) faulted.push({ kind, item: itemOf(call, setting.prefix) });
		return kind;
	};
	return await withProxiedStack(setting.stackName, { latencyMs: 0, fault }, async ({ stack, proxy, credentials }) => {
		const items = itemsNode(ITEMS, `({ uid: '${setting.prefix}' + i })`);
		const workflow = await stack.api.createWorkflow(itemsWorkflow(`bench: ${setting.name}`, items, setting.sender(credentials, proxy), { loop: setting.loop }));
		const run = await runMeasured(stack, workflow.id, TIMEOUT_MS);
		const counts = proxy.counts();
		const perItem = eventsPerItem(await stack.fullstory.events(), setting.prefix);
		const replays = (await stack.fullstory.requests()).filter((entry) => entry.path === EVENTS_PATH && entry.idempotentReplay === true);
		const firstLost = perItem.indexOf(0);
		const { rssMiB: _rssMiB, ...timing } = run;
		const result: Result = {
			settings: setting.name,
			items: ITEMS,
			...timing,
			eventCalls: counts.byRoute[`POST ${EVENTS_PATH}`] ?? 0,
			answered: counts.byOutcome.forwarded,
			answerDroppedAfterCommit: counts.byOutcome.dropAfter,
			answered429: counts.byOutcome.status429,
			eventsHeld: perItem.reduce((sum, count) => sum + count, 0),
			itemsHeldOnce: perItem.filter((count) => count === 1).length,
			itemsLost: perItem.filter((count) => count === 0).length,
			extraEvents: perItem.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
			...(firstLost === -1 ? {} : { firstLostItem: firstLost }),
			idempotentReplays: replays.length,
			...(setting.budgeted === true ? { retriesAskedFor: faulted.length, flatBudgetSpentAtItem: faulted[RETRY_BUDGET.maxRetries]?.item } : {}),
		};
		log(`events, ${setting.name}: ${run.status} in ${seconds(run.wallSeconds * 1000)}; ${result.eventsHeld} events held, ${result.itemsLost} items lost, ${result.extraEvents} extra`);
		return result;
	});
}

runN8nBenchmark(
	'events-under-faults',
	SETTINGS,
	measure,
	{
		n8n: '2.40.7',
		items: ITEMS,
		faults: `of the POST ${EVENTS_PATH} calls: ${SHARES.dropAfter * 100} % answered, then the connection cut (FullStory kept the event), ${SHARES.status429 * 100} % answered 429 with Retry-After 1; seed ${SEED}`,
		retryOnFail: RETRY_ON_FAIL,
		nodeRetryPolicy: RETRY_POLICY,
		nodeRetryBudget: RETRY_BUDGET,
		itemsFrom: 'a Code node after a Manual Trigger; each run a manual execution through the REST API, each setting on its own n8n',
	},
	(result) => ({
		settings: result.settings,
		status: result.status,
		wallSeconds: result.wallSeconds,
		eventCalls: result.eventCalls,
		eventsHeld: result.eventsHeld,
		itemsLost: result.itemsLost,
		extraEvents: result.extraEvents,
		firstLostItem: result.firstLostItem,
		idempotentReplays: result.idempotentReplays,
		retriesAskedFor: result.retriesAskedFor,
		flatBudgetSpentAtItem: result.flatBudgetSpentAtItem,
	}),
);
