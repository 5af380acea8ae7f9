/**
 * The FullStory Trigger in a real n8n 2.40.7: publish registers exactly one endpoint, signed
 * deliveries run the workflow once, forged ones are refused, unpublish removes the endpoint, a
 * restart keeps one endpoint, and the editor's test registration coexists with production (the
 * tests themselves are in triggerSuite.ts; n8n1.e2e.test.ts runs them on n8n 1.x).
 */
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { startStack } from '../../harness/stacks/stack';
import { describeTriggerLifecycle } from './triggerSuite';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'trigger' });
});

afterAll(async () => await stack?.stop());

describeTriggerLifecycle(() => stack);

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
