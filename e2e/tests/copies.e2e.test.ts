/**
 * No copy of an n8n ever changes the original's FullStory endpoint, in a real n8n 2.40.7.
 *
 * A copy is the original's user folder (its SQLite database, with the instance id and the
 * published workflow and its static data, and its config, with the encryption key) copied while
 * the original was stopped, then started on another port, so under another N8N_WEBHOOK_URL: a
 * staging instance built from a production dump, or a disaster-recovery restore. Both n8n talk to
 * the same FullStory org (the emulator). The copy unpublishes, publishes and unpublishes again;
 * the original's endpoint stays as it was and the original keeps receiving.
 *
 * Then the genuine move, with Options > Remove Endpoint at Previous Address on: the original
 * restarted under another N8N_WEBHOOK_URL and republished ends with one endpoint, for the new
 * address; a workflow with the option off keeps its old endpoint and says so at warn.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ensureN8nInstalled } from '../../harness/install/install';
import { findRepoRoot } from '../../harness/install/paths';
import { log } from '../../harness/process/log';
import { N8nProcess } from '../../harness/process/n8n-process';
import type { JsonObject } from '../../harness/rest/guards';
import { N8nApi } from '../../harness/rest/n8n-api';
import type { Stack } from '../../harness/stacks/stack';
import { e2eOutputDir, productionUrl, sleep, startStack, statusesOf, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';
import { itLeaksNoSecrets } from './secretsAudit';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'copies' });
});
afterAll(async () => await stack?.stop());

async function finished(api: N8nApi, workflowId: string): Promise<number> {
	return (await api.executions(workflowId)).filter((execution) => execution.status !== 'running' && execution.status !== 'new').length;
}

/** FullStory's endpoints as `[id, url, enabled]`, sorted by URL. */
async function heldEndpoints(): Promise<Array<[string, string, boolean]>> {
	return (await stack.fullstory.endpoints())
		.map((endpoint): [string, string, boolean] => [endpoint.id, endpoint.url, endpoint.enabled])
		.sort((a, b) => a[1].localeCompare(b[1]));
}

/** One signed delivery to the endpoint `endpointId`, answered by whoever listens at its URL. */
async function deliverTo(endpointId: string): Promise<number[]> {
	return statusesOf(await stack.fullstory.deliver({ eventName: 'note.created', target: { endpointId } }));
}

function warnLines(process: N8nProcess, needle: string): string[] {
	return process
		.logText()
		.split('\n')
		.filter((line) => line.includes('warn') && line.includes(needle));
}

describe('a copy of the instance (database and encryption key) under another N8N_WEBHOOK_URL', () => {
	let copy: N8nProcess | undefined;
	let copyFolder: string | undefined;
	afterAll(async () => {
		await copy?.stop();
		if (copy !== undefined) cpSync(copy.logFile, COPY_LOG());
		if (copyFolder !== undefined) rmSync(copyFolder, { recursive: true, force: true });
	});

	it("publishes and unpublishes without touching the original's endpoint, and the original keeps receiving", async () => {
		const trigger = triggerNode(stack, { events: ['note.created'], options: {} });
		const workflow = await stack.api.createWorkflow(workflowIntoNoOp('original', trigger));
		expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
		const originalUrl = productionUrl(stack, trigger);
		const [original] = await heldEndpoints();
		expect(original).toEqual([expect.any(String), originalUrl, true]);
		const [originalId] = original;

		// The copy: the original's folder taken while it is stopped, as a dump or a backup is.
		await stack.n8n.stop();
		copyFolder = mkdtempSync(join(tmpdir(), 'n8n-fullstory-copy-'));
		cpSync(join(stack.n8n.userFolder, '.n8n'), join(copyFolder, '.n8n'), { recursive: true });
		await stack.n8n.restart();
		await stack.api.login();
		const install = await ensureN8nInstalled(findRepoRoot(), '2.x');
		copy = await N8nProcess.start({ install, userFolder: copyFolder, logLevel: 'debug' });
		const copyApi = new N8nApi(copy.baseUrl, '2.x');
		await copyApi.login();
		expect(copy.baseUrl).not.toBe(stack.n8n.baseUrl);
		// The copy holds the published workflow and the original's record, and its instance id.
		expect((await copyApi.publicationStatus(workflow.id)).status).toBe('published');
		expect(await heldEndpoints()).toEqual([original]);

		// 1. Unpublish on the copy: its record is the original's, for another address.
		expect((await copyApi.unpublish(workflow.id)).status).toBe('not_published');
		expect(await heldEndpoints()).toEqual([original]);
		// 2. Publish on the copy: it registers its own address, and leaves the original's alone.
		expect((await copyApi.publish(workflow.id)).status).toBe('published');
		const copyUrl = originalUrl.replace(stack.n8n.baseUrl, copy.baseUrl);
		const held = await heldEndpoints();
		expect(held).toHaveLength(2);
		expect(held).toContainEqual(original);
		expect(held).toContainEqual([expect.any(String), copyUrl, true]);
		const named = warnLines(copy, `FullStory endpoint ${originalId} (${originalUrl}) was registered for this trigger under another n8n address`);
		log(`the copy's warnings: ${JSON.stringify(named)}`);
		// Named by the unpublish (the record was the original's) and again by the publish (kept as a note).
		expect(named).toHaveLength(2);
		expect(named[0]).toContain('turn on Options > Remove Endpoint at Previous Address and publish the workflow again');
		expect(named[0]).toContain(`or delete endpoint ${originalId} in FullStory`);
		// The copy receives at its own endpoint.
		const copyId = held.find(([, url]) => url === copyUrl)?.[0] ?? '';
		let before = await finished(copyApi, workflow.id);
		expect(await deliverTo(copyId)).toEqual([200]);
		await copyApi.waitForExecutions(workflow.id, before + 1);
		// 3. Unpublish on the copy again: only its own endpoint goes.
		expect((await copyApi.unpublish(workflow.id)).status).toBe('not_published');
		expect(await heldEndpoints()).toEqual([original]);

		// The original still shows the workflow published and still receives, with its secret.
		expect((await stack.api.publicationStatus(workflow.id)).status).toBe('published');
		before = await finished(stack.api, workflow.id);
		expect(await deliverTo(originalId)).toEqual([200]);
		await stack.api.waitForExecutions(workflow.id, before + 1);
		await sleep(1000);
		expect(await finished(stack.api, workflow.id)).toBe(before + 1);
		expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
		expect(await heldEndpoints()).toEqual([]);
	});
});

describe('the genuine move: restarted under another N8N_WEBHOOK_URL and republished', () => {
	/** The same production URL under n8n's moved address: `localhost` still reaches 127.0.0.1. */
	const moved = (url: string) => url.replace('http://127.0.0.1:', 'http://localhost:');

	it('with Remove Endpoint at Previous Address on leaves one endpoint, for the new URL; with it off the old one stays and is named at warn', async () => {
		const workflows: Array<{ id: string; trigger: JsonObject; removes: boolean }> = [];
		for (const removes of [true, false]) {
			const trigger = triggerNode(stack, { events: ['note.created'], options: removes ? { removePreviousEndpoint: true } : {} });
			const workflow = await stack.api.createWorkflow(workflowIntoNoOp(`move, removal ${removes ? 'on' : 'off'}`, trigger));
			expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
			workflows.push({ id: workflow.id, trigger, removes });
		}
		const before = await heldEndpoints();
		expect(before).toHaveLength(2);

		await stack.n8n.restart({ N8N_WEBHOOK_URL: `http://localhost:${stack.n8n.port}/` });
		await stack.api.login();
		for (const { id } of workflows) {
			expect((await stack.api.unpublish(id)).status).toBe('not_published');
			expect((await stack.api.publish(id)).status).toBe('published');
		}

		const [removing, keeping] = workflows;
		const oldKept = before.find(([, url]) => url === productionUrl(stack, keeping.trigger));
		const after = await heldEndpoints();
		log(`endpoints after the move: ${JSON.stringify(after)}`);
		expect(after.map(([, url]) => url).sort()).toEqual(
			[moved(productionUrl(stack, removing.trigger)), moved(productionUrl(stack, keeping.trigger)), productionUrl(stack, keeping.trigger)].sort(),
		);
		expect(after).toContainEqual(oldKept);
		expect(warnLines(stack.n8n, `FullStory endpoint ${oldKept?.[0] ?? ''} (${productionUrl(stack, keeping.trigger)}) was registered for this trigger under another n8n address`).length).toBeGreaterThanOrEqual(1);

		// The moved workflow receives at its one endpoint.
		const [newId] = after.find(([, url]) => url === moved(productionUrl(stack, removing.trigger))) ?? [''];
		const finishedBefore = await finished(stack.api, removing.id);
		expect(await deliverTo(newId)).toEqual([200]);
		await stack.api.waitForExecutions(removing.id, finishedBefore + 1);

		for (const { id } of workflows) expect((await stack.api.unpublish(id)).status).toBe('not_published');
		// The one left at the old address is the user's to remove, as the warning said.
		expect((await heldEndpoints()).map(([, url]) => url)).toEqual([productionUrl(stack, keeping.trigger)]);
	});
});

/** The copy's n8n log, kept beside the original's when the copy stopped. */
const COPY_LOG = () => join(e2eOutputDir(), 'n8n-copies-copy.log');

// Both n8n's logs: the copy handled the same secrets (the original's static data) as the original.
itLeaksNoSecrets(
	() => ({
		...stack,
		logs: () => [
			{ source: 'n8n.log', text: stack.n8n.logText() },
			...(existsSync(COPY_LOG()) ? [{ source: 'copy n8n.log', text: readFileSync(COPY_LOG(), 'utf8') }] : []),
		],
	}),
	['endpointSecrets', 'signatures', 'executions', 'webhookAnswers'],
);
