/**
 * The credential test and every action operation, run by a real n8n 2.40.7 against the emulator
 * (the tests themselves are in actionSuite.ts; n8n1.e2e.test.ts runs them on n8n 1.x).
 */
import { describeActionOperations, describeCredentialTest, describeDataInOperations, describeOutputSchemas } from './actionSuite';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { startStack } from '../../harness/stacks/stack';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'actions' });
});
afterAll(async () => await stack?.stop());

describeCredentialTest(() => stack);
describeActionOperations(() => stack);
describeDataInOperations(() => stack);
describeOutputSchemas(() => stack);

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'executions', 'reportedMessages']);
