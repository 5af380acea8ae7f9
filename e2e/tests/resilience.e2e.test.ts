/**
 * Resilience in a real n8n 2.40.7: an active trigger survives five restarts with exactly one
 * endpoint, a copied workflow (static data included) gets its own endpoint and leaves the original
 * working, a key revoked while published leaves deliveries running and a clear reason when
 * unpublishing cannot remove the endpoint (a fixed credential then takes it back), and a revoked
 * key makes publishing fail with a clear message instead of a crash.
 */
import { randomUUID } from 'node:crypto';

import { isJsonObject, type JsonObject } from '../../harness/rest/guards';
import { log } from '../../harness/process/log';
import type { Workflow } from '../../harness/rest/n8n-api';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { CREDENTIAL_TYPE, endpointsAt, productionUrl, startStack, statusesOf, triggerNode } from '../../harness/stacks/stack';

let stack: Stack;
let original: Workflow;
let originalTrigger: JsonObject;

async function finished(workflowId: string): Promise<number> {
	const executions = await stack.api.executions(workflowId);
	return executions.filter((execution) => execution.status !== 'running' && execution.status !== 'new').length;
}

async function deliverStatuses(eventName: string): Promise<number[]> {
	return statusesOf(await stack.fullstory.deliver({ eventName })).sort();
}

beforeAll(async () => {
	stack = await startStack({ name: 'resilience' });
	originalTrigger = triggerNode(stack, { events: ['note.created'], options: {} });
	original = await stack.api.createWorkflow({ name: 'original', nodes: [originalTrigger], connections: {}, settings: { executionOrder: 'v1' } });
	expect((await stack.api.publish(original.id, original.versionId)).status).toBe('published');
});
afterAll(async () => await stack?.stop());

it('five restarts with the trigger active: still exactly one endpoint, and deliveries run after each', async () => {
	for (let restart = 1; restart <= 5; restart++) {
		const before = await finished(original.id);
		await stack.n8n.restart();
		await stack.api.login();
		expect(await stack.fullstory.endpoints()).toHaveLength(1);
		expect(await deliverStatuses('note.created')).toEqual([200]);
		await stack.api.waitForExecutions(original.id, before + 1);
	}
	expect(await endpointsAt(stack, productionUrl(stack, originalTrigger))).toHaveLength(1);
});

it('a copied workflow, static data included, gets its own endpoint and the original keeps working', async () => {
	const stored = await stack.api.getWorkflow(original.id);
	const staticData = isJsonObject(stored.staticData) ? stored.staticData : {};
	// The stored record names the original's endpoint and secret, as a copy of the workflow would.
	expect(JSON.stringify(staticData)).toContain('endpointSecret');
	const copyTrigger = { ...originalTrigger, id: randomUUID(), webhookId: randomUUID() };
	const copy = await stack.api.createWorkflow({ name: 'copy', nodes: [copyTrigger], connections: {}, settings: { executionOrder: 'v1' }, staticData });
	expect((await stack.api.publish(copy.id, copy.versionId)).status).toBe('published');

	const endpoints = await stack.fullstory.endpoints();
	expect(endpoints.map((endpoint) => endpoint.url).sort()).toEqual([productionUrl(stack, originalTrigger), productionUrl(stack, copyTrigger)].sort());
	const [before, beforeCopy] = [await finished(original.id), await finished(copy.id)];
	expect(await deliverStatuses('note.created')).toEqual([200, 200]);
	await stack.api.waitForExecutions(original.id, before + 1);
	await stack.api.waitForExecutions(copy.id, beforeCopy + 1);

	await stack.api.unpublish(copy.id);
	expect((await stack.fullstory.endpoints()).map((endpoint) => endpoint.url)).toEqual([productionUrl(stack, originalTrigger)]);
});

it('a key revoked while published, then a changed credential: deliveries run, unpublish logs the reason, republish adopts the endpoint', async () => {
	const orgId = (await stack.fullstory.info()).defaultOrgId;
	const revokedLater = `na1.e2e-revoked-later/${randomUUID()}`;
	const replacement = `na1.e2e-replacement/${randomUUID()}`;
	await stack.fullstory.addKey({ key: revokedLater, role: 'ADMIN', orgId });
	await stack.fullstory.addKey({ key: replacement, role: 'ADMIN', orgId });
	const settings = (apiKey: string) => ({ apiKey, region: 'custom', baseUrl: stack.emulator.baseUrl });
	const credential = await stack.api.createCredential('FullStory (key revoked later)', CREDENTIAL_TYPE, settings(revokedLater));
	const trigger = { ...triggerNode(stack, { events: ['note.created'], options: {} }), credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } } };
	const workflow = await stack.api.createWorkflow({ name: 'key revoked later', nodes: [trigger], connections: {}, settings: { executionOrder: 'v1' } });
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	const url = productionUrl(stack, trigger);
	const [endpoint] = await endpointsAt(stack, url);
	expect(endpoint).toBeDefined();

	// Deliveries are verified with the endpoint's secret, not the key: they keep running.
	await stack.fullstory.revokeKey(revokedLater);
	let before = await finished(workflow.id);
	expect(await deliverStatuses('note.created')).toEqual([200, 200]);
	await stack.api.waitForExecutions(workflow.id, before + 1);

	// Removing the endpoint needs the key. n8n 2.40.7 retries the delete, unpublishes anyway and
	// logs the node's error; FullStory honestly still holds the endpoint.
	const unpublished = await stack.api.unpublish(workflow.id);
	log(`unpublish with a revoked key: ${JSON.stringify(unpublished)}`);
	expect(unpublished.status).toBe('not_published');
	const abandoned = stack.n8n
		.logText()
		.split('\n')
		.filter((line) => line.includes('Abandoned webhook') && line.includes(workflow.id));
	expect(abandoned).toEqual([expect.stringContaining('"error": "FullStory rejected the API key (401 unauthorized)"')]);
	expect((await endpointsAt(stack, url)).map((held) => held.id)).toEqual([endpoint.id]);

	// The user puts a working key in the credential and publishes again: the same endpoint is
	// taken back, not duplicated, and unpublishing now removes it.
	await stack.api.updateCredential(credential, settings(replacement));
	expect((await stack.api.publish(workflow.id)).status).toBe('published');
	expect((await endpointsAt(stack, url)).map((held) => held.id)).toEqual([endpoint.id]);
	before = await finished(workflow.id);
	expect(await deliverStatuses('note.created')).toEqual([200, 200]);
	await stack.api.waitForExecutions(workflow.id, before + 1);
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	expect(await endpointsAt(stack, url)).toEqual([]);
});

it('a revoked key: publishing fails with the reason, nothing is registered, nothing crashes', async () => {
	await stack.fullstory.revokeKey(stack.apiKey);
	const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
	const workflow = await stack.api.createWorkflow({ name: 'revoked key', nodes: [trigger], connections: {}, settings: { executionOrder: 'v1' } });
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	expect(status.status).toBe('failed');
	expect(status.triggers[0]?.errorMessage).toBe('FullStory rejected the API key (401 unauthorized)');
	expect(await endpointsAt(stack, productionUrl(stack, trigger))).toHaveLength(0);
	// n8n itself is still serving: the original trigger still verifies and runs deliveries.
	const before = await finished(original.id);
	expect(await deliverStatuses('note.created')).toEqual([200]);
	await stack.api.waitForExecutions(original.id, before + 1);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers', 'reportedMessages']);
