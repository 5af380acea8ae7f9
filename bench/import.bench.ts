/**
 * 10,000 contacts into FullStory three ways, in a real n8n 2.40.7, every call to FullStory 50 ms
 * away (bench/loopbackProxy.ts between n8n and the emulator):
 * (a) Import Job > Create (users) with all the items, waiting for the job to complete;
 * (b) User > Create or Update, one call per item;
 * (c) n8n's HTTP Request node POSTing the same body to /v2/users, one call per item, its options at
 *     n8n's defaults.
 * Each way runs on its own n8n, so none inherits another's heap, after a warm-up run of WARM_UP
 * items that is not counted; the items come from the same Code node for all three (itemWorkflow.ts),
 * and each workflow runs as a manual execution through the REST API. Per way: the calls FullStory
 * received, the users it then holds, the time from asking n8n to run until it had finished, and
 * n8n's resident memory before, at its peak and after. The goal is the import job at least
 * 20× faster than either per-item way; the ratios are reported whatever they are. Figures only, no
 * pass mark. BENCH_IMPORT_ITEMS shrinks the run for a trial.
 */
import { log, seconds } from '../harness/process/log';
import type { JsonObject } from '../harness/rest/guards';
import type { MeasuredRun, SenderCredentials } from './itemWorkflow';
import { fullStoryNode, httpRequestNode, itemsNode, itemsWorkflow, positiveIntegerFromEnv, runMeasured, withProxiedStack } from './itemWorkflow';
import type { LoopbackProxy } from './loopbackProxy';
import { runN8nBenchmark } from './realN8nBenchmark';
import { round } from './report';

const ITEMS = positiveIntegerFromEnv('BENCH_IMPORT_ITEMS', 10_000);
const WARM_UP = 20;
const LATENCY_MS = 50;
const GOAL = 20;
/** The emulator's default: a job stays PROCESSING this long once it runs (emulator/state/v2/config.ts). */
const JOB_DELAY_MS = 300;
/** Far above the slowest way's expected time (ITEMS × the latency and n8n's work per item), so only a hang trips it. */
const timeoutMs = (items: number) => items * 250 + 5 * 60_000;

/** One contact, as JavaScript of its index `i`; the prefix keeps warm-up users apart from counted ones. */
const contact = (prefix: string) =>
	`({ uid: '${prefix}' + i, displayName: 'Contact ' + i, email: 'contact' + i + '@example.com', properties: { plan: i % 3 === 0 ? 'paid' : 'free', seats: i % 50 } })`;
const COUNTED_PREFIX = 'contact-';

/** The user fields of both FullStory operations, from the item. */
const USER_FIELDS: JsonObject = {
	uid: '={{ $json.uid }}',
	additionalFields: { displayName: '={{ $json.displayName }}', email: '={{ $json.email }}' },
	propertiesInput: 'json',
	propertiesJson: '={{ $json.properties }}',
};
/** What User > Create or Update sends for an item (api/users/users.ts userBody), for the HTTP Request node. */
const USER_BODY = '={{ JSON.stringify({ uid: $json.uid, display_name: $json.displayName, email: $json.email, properties: $json.properties }) }}';

interface Way {
	name: string;
	stackName: string;
	sender(credentials: SenderCredentials, proxy: LoopbackProxy): JsonObject;
}

const WAYS: Way[] = [
	{
		name: 'Import Job > Create',
		stackName: 'bench-import-job',
		sender: (credentials) => fullStoryNode(credentials, { resource: 'importJob', operation: 'create', importKind: 'users', ...USER_FIELDS, jobOptions: { waitForCompletion: true } }),
	},
	{
		name: 'User > Create or Update',
		stackName: 'bench-import-per-user',
		sender: (credentials) => fullStoryNode(credentials, { resource: 'user', operation: 'create', ...USER_FIELDS }),
	},
	{
		name: 'HTTP Request node',
		stackName: 'bench-import-http-request',
		sender: (credentials, proxy) => httpRequestNode(credentials, `${proxy.baseUrl}/v2/users`, USER_BODY),
	},
];

interface WayResult extends Omit<MeasuredRun, 'rssMiB'> {
	way: string;
	items: number;
	/** Every call that reached FullStory (the proxy), and by route. */
	requestsReceived: number;
	requestsByRoute: Record<string, number>;
	/** Users FullStory holds with the counted uids. */
	usersHeld: number;
	rssMiBBefore?: number;
	rssMiBPeak?: number;
	rssMiBAfter?: number;
	/** (after − before), scaled to 10,000 items. */
	rssGrowthMiBPer10kItems?: number;
}

const per10k = (run: MeasuredRun) =>
	run.rssMiB.before === undefined || run.rssMiB.after === undefined ? undefined : round(((run.rssMiB.after - run.rssMiB.before) * 10_000) / ITEMS);

/** Filled in once all three ways are measured: runN8nBenchmark writes the figures after the last one. */
const speedup: JsonObject = {};

function summarise(results: WayResult[]): void {
	const [job, ...perItem] = results;
	for (const way of perItem) speedup[way.way] = round(way.wallSeconds / job.wallSeconds, 1);
	const fastestPerItem = Math.min(...perItem.map((way) => way.wallSeconds));
	speedup.goalMet = perItem.every((way) => way.wallSeconds >= GOAL * job.wallSeconds);
	// How much longer FullStory could take over the job (the emulator takes JOB_DELAY_MS) and still meet the goal.
	speedup.importJobHeadroomSeconds = round(fastestPerItem / GOAL - job.wallSeconds, 1);
}

const results: WayResult[] = [];

async function measureWay(way: Way): Promise<WayResult> {
	return await withProxiedStack(way.stackName, { latencyMs: LATENCY_MS }, async ({ stack, proxy, credentials }) => {
		await stack.fullstory.configure({ jobCompletion: 'timer', jobDelayMs: JOB_DELAY_MS });
		const workflow = async (name: string, count: number, prefix: string) =>
			await stack.api.createWorkflow(itemsWorkflow(`bench: ${way.name} (${name})`, itemsNode(count, contact(prefix)), way.sender(credentials, proxy)));
		const warmUp = await runMeasured(stack, (await workflow('warm-up', WARM_UP, 'warm-up-')).id, timeoutMs(WARM_UP));
		if (warmUp.status !== 'success') throw new Error(`bench: the warm-up of ${way.name} ended ${warmUp.status}: ${warmUp.error ?? ''}`);

		const counted = await workflow(`${ITEMS} items`, ITEMS, COUNTED_PREFIX);
		proxy.resetCounts();
		const run = await runMeasured(stack, counted.id, timeoutMs(ITEMS));
		const counts = proxy.counts();
		const uids = new Set((await stack.fullstory.users()).flatMap((user) => (user.uid?.startsWith(COUNTED_PREFIX) === true ? [user.uid] : [])));
		const { rssMiB, ...timing } = run;
		const result: WayResult = {
			way: way.name,
			items: ITEMS,
			...timing,
			requestsReceived: counts.received,
			requestsByRoute: counts.byRoute,
			usersHeld: uids.size,
			rssMiBBefore: rssMiB.before,
			rssMiBPeak: rssMiB.peak,
			rssMiBAfter: rssMiB.after,
			rssGrowthMiBPer10kItems: per10k(run),
		};
		log(`import, ${way.name}: ${run.status} in ${seconds(run.wallSeconds * 1000)}, ${counts.received} calls, ${uids.size} users held`);
		results.push(result);
		if (results.length === WAYS.length) summarise(results);
		return result;
	});
}

runN8nBenchmark(
	'import',
	WAYS,
	measureWay,
	{
		n8n: '2.40.7',
		items: ITEMS,
		latencyMsPerCall: LATENCY_MS,
		emulatorJobDelayMs: JOB_DELAY_MS,
		warmUpDiscarded: WARM_UP,
		itemsFrom: 'a Code node (the same for all three), after a Manual Trigger; each run a manual execution through the REST API, each way on its own n8n',
		wallTime: 'from asking n8n to run the workflow until the execution had finished',
		importJobSpeedup: speedup,
		goal: `the import job at least ${GOAL}× faster than either per-item way`,
	},
	undefined,
	(measured) => [
		{
			title: `${ITEMS} contacts into FullStory, ${LATENCY_MS} ms per call`,
			rows: measured.map((result) => ({
				way: result.way,
				status: result.status,
				wallSeconds: result.wallSeconds,
				requestsReceived: result.requestsReceived,
				usersHeld: result.usersHeld,
				rssMiB: `${result.rssMiBBefore ?? '?'} → ${result.rssMiBAfter ?? '?'} (peak ${result.rssMiBPeak ?? '?'})`,
				rssGrowthMiBPer10kItems: result.rssGrowthMiBPer10kItems,
			})),
		},
		{ title: `The import job's speed-up (goal ≥ ${GOAL}×)`, rows: [speedup] },
	],
);
