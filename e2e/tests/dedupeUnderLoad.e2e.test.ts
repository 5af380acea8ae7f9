/**
 * The redelivery pattern when executions overlap, in a real n8n 2.40.7.
 *
 * n8n's Remove Duplicates keeps a workflow's history in one database row that every execution
 * reads, extends and writes back without a lock (DeduplicationHelper.handleHashedItems). When
 * executions of the workflow overlap, one can overwrite another's additions, and a later
 * redelivery of a forgotten event runs again (`npm run bench` measures how often with n8n's
 * defaults). With N8N_CONCURRENCY_PRODUCTION_LIMIT=1, which the README recommends for this
 * pattern under load, production executions run one at a time and the history stays whole:
 * 60 distinct events sent 16 at a time, then every one redelivered 16 at a time, reach the
 * handler exactly once each.
 */
import { mapConcurrently } from '../../harness/process/pool';
import type { DeliveryResult } from '../../emulator/deliveries/types';
import { eventKeysAt, failuresAmong, HANDLER_NODE, publishExample, TRIGGER_NODE } from '../../harness/stacks/dedupeWorkflow';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { startStack, statusesOf } from '../../harness/stacks/stack';

const EVENTS = 60;
const CONCURRENCY = 16;

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'dedupe-under-load', env: { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' } });
});
afterAll(async () => await stack?.stop());

it(`with production executions one at a time: ${EVENTS} events and their redeliveries, ${CONCURRENCY} in flight, each handled once`, async () => {
	const workflowId = await publishExample(stack);
	const send = async (bodies: Array<string | undefined>): Promise<DeliveryResult[]> =>
		await mapConcurrently(bodies, CONCURRENCY, async (body) => await stack.fullstory.deliver({ eventName: 'note.created', body }));

	const firsts = await send(new Array<undefined>(EVENTS).fill(undefined));
	const redeliveries = await send(firsts.map((first) => first.body));
	expect([...firsts, ...redeliveries].flatMap(statusesOf).filter((status) => status !== 200)).toEqual([]);

	const executions = await stack.api.waitForExecutions(workflowId, EVENTS * 2, 120_000);
	expect(executions).toHaveLength(EVENTS * 2);
	expect(await failuresAmong(stack, executions)).toEqual([]);
	const receivedKeys = await eventKeysAt(stack, workflowId, TRIGGER_NODE);
	expect(new Set(receivedKeys).size).toBe(EVENTS);
	expect(receivedKeys).toHaveLength(EVENTS * 2);
	const handledKeys = await eventKeysAt(stack, workflowId, HANDLER_NODE);
	expect(handledKeys.sort()).toEqual([...new Set(receivedKeys)].sort());
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
