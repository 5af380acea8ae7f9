/**
 * Deliveries per second in a real n8n 2.40.7: the FullStory Trigger (signature check over the raw
 * body, one typed item) against n8n's built-in Webhook node on the same instance, with the same
 * client (the emulator's signed deliveries, 16 in flight) and the same downstream (a No Op).
 *
 * The server is CPU-bound, so only the ratio to the Webhook node means anything;
 * in 2.40.7 only the built-in Webhook node may skip the expression isolate, so the comparison is
 * made twice: with n8n's defaults, and with that skip turned off for both. The first round of
 * each kind warms caches and is not counted. Figures only, no pass mark; bounded to
 * 2 settings × 2 kinds × (WARM_UP + ROUNDS × ROUND_SIZE) deliveries.
 */
import { productionUrl, startStack } from '../harness/stacks/stack';
import { runN8nBenchmark } from './realN8nBenchmark';
import { comparisonRow, measureRounds, receivers, rssMiB } from './throughput';

const CONCURRENCY = 16;
const WARM_UP = 50;
const ROUND_SIZE = 200;
const ROUNDS = 2;

const SETTINGS: Array<{ name: string; stackName: string; env: Record<string, string> }> = [
	{ name: "n8n's defaults", stackName: 'bench-throughput-defaults', env: {} },
	{ name: 'isolate skip off for both', stackName: 'bench-throughput-no-skip', env: { N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' } },
];

async function measureSetting(setting: (typeof SETTINGS)[number]) {
	const stack = await startStack({ name: setting.stackName, logLevel: 'info', env: setting.env });
	try {
		const targets = await receivers(stack, { trigger: (trigger) => productionUrl(stack, trigger), webhook: (path) => `${stack.n8n.baseUrl}/webhook/${path}` });
		const rssAtStart = rssMiB(stack.n8n.pid);
		const totals = await measureRounds(stack, targets, { concurrency: CONCURRENCY, warmUp: WARM_UP, rounds: ROUNDS, roundSize: ROUND_SIZE }, setting.name);
		return {
			...comparisonRow(setting, totals),
			n8nRssMiBAtStart: rssAtStart,
			n8nRssMiBAtEnd: rssMiB(stack.n8n.pid),
		};
	} finally {
		await stack.stop();
	}
}

runN8nBenchmark(
	'n8n-throughput',
	SETTINGS,
	measureSetting,
	{
		n8n: '2.40.7',
		concurrency: CONCURRENCY,
		deliveriesCounted: ROUND_SIZE * ROUNDS,
		warmUpDiscarded: WARM_UP,
		rate: 'deliveries per second, from the first send until n8n finished the last execution',
	},
	({ env: _env, ...row }) => row,
);
