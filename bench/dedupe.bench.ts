/**
 * How often the documented redelivery pattern (examples/fullstory-events-deduplicated.json:
 * trigger → Remove Duplicates on `eventKey`) lets a redelivered event through when the first
 * deliveries' executions overlap, in a real n8n 2.40.7: with n8n's defaults, and with
 * N8N_CONCURRENCY_PRODUCTION_LIMIT=1. EVENTS distinct events go in CONCURRENCY at a time; once
 * their executions have finished, each is redelivered once, one after another (as FullStory
 * retries: later, not at once). A figure of n8n's behaviour, not a pass mark; the guarantee the
 * package makes is tested in e2e/tests/dedupeUnderLoad.e2e.test.ts.
 */
import { log } from '../harness/process/log';
import { mapConcurrently } from '../harness/process/pool';
import { eventKeysAt, HANDLER_NODE, publishExample } from '../harness/stacks/dedupeWorkflow';
import { startStack } from '../harness/stacks/stack';
import { runN8nBenchmark } from './realN8nBenchmark';

const EVENTS = 60;
const CONCURRENCY = 16;

const SETTINGS: Array<{ name: string; stackName: string; env: Record<string, string> }> = [
	{ name: "n8n's defaults", stackName: 'bench-dedupe-defaults', env: {} },
	{ name: 'N8N_CONCURRENCY_PRODUCTION_LIMIT=1', stackName: 'bench-dedupe-serial', env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' } },
];

async function measure(setting: (typeof SETTINGS)[number]) {
	const stack = await startStack({ name: setting.stackName, logLevel: 'info', env: setting.env });
	try {
		const workflowId = await publishExample(stack);
		const firsts = await mapConcurrently(new Array<undefined>(EVENTS).fill(undefined), CONCURRENCY, async () =>
			await stack.fullstory.deliver({ eventName: 'note.created' }),
		);
		await stack.api.waitForExecutions(workflowId, EVENTS, 120_000);
		for (const first of firsts) await stack.fullstory.deliver({ eventName: 'note.created', body: first.body });
		await stack.api.waitForExecutions(workflowId, EVENTS * 2, 120_000);
		const handled = await eventKeysAt(stack, workflowId, HANDLER_NODE);
		const distinct = new Set(handled).size;
		const result = { settings: setting.name, events: EVENTS, deliveries: EVENTS * 2, handled: handled.length, distinctHandled: distinct, redeliveriesLetThrough: handled.length - distinct };
		log(`dedupe, ${setting.name}: ${JSON.stringify(result)}`);
		return result;
	} finally {
		await stack.stop();
	}
}

runN8nBenchmark('dedupe', SETTINGS, measure, { n8n: '2.40.7', concurrency: CONCURRENCY });
