/**
 * The package installed the plain `npm install <tarball>` way, which brings its own n8n-workflow
 * copy next to it: the nodes still load, register and verify deliveries.
 */
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { outputOf, productionUrl, startStack, triggerNode } from '../../harness/stacks/stack';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'plain-npm', installStyle: 'plain-npm' });
});
afterAll(async () => await stack?.stop());

it('registers, receives and unregisters with its own n8n-workflow copy', async () => {
	const trigger = triggerNode(stack, { events: ['nativemobile.event.crash'], options: {} });
	const workflow = await stack.api.createWorkflow({ name: 'plain npm e2e', nodes: [trigger], connections: {}, settings: { executionOrder: 'v1' } });
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.url)).toEqual([productionUrl(stack, trigger)]);

	const result = await stack.fullstory.deliver({ eventName: 'nativemobile.event.crash' });
	expect(result.deliveries[0].attempts[0].status).toBe(200);
	const [execution] = await stack.api.waitForExecutions(workflow.id, 1);
	expect((await outputOf(stack, execution, String(trigger.name)))[0]).toMatchObject({ eventName: 'nativemobile.event.crash' });

	const forged = await stack.fullstory.deliver({ eventName: 'nativemobile.event.crash', options: { wrongSecret: true } });
	expect(forged.deliveries[0].attempts[0].status).toBe(401);

	await stack.api.unpublish(workflow.id);
	expect(await stack.fullstory.endpoints()).toHaveLength(0);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
