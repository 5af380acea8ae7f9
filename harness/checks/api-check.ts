/**
 * Exercises every REST route the harness client wraps against a real n8n 2.40.7, using only
 * built-in credential types and the generated probe package, and prints what n8n answered.
 * It is the evidence behind n8n-api.ts and the place to look when an n8n upgrade changes a route.
 *
 *   node build/harness/checks/api-check.js [--log-level=debug] [--keep]
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { decodeExecutionData, nodeOutput } from '../rest/execution-data';
import { parseFlatted } from '../rest/flatted';
import { isJsonObject, type JsonObject } from '../rest/guards';
import { ensureN8nInstalled, type N8nInstall } from '../install/install';
import { log, seconds } from '../process/log';
import { sleep } from '../process/wait';
import { N8nApi, type WorkflowInput } from '../rest/n8n-api';
import { N8nProcess } from '../process/n8n-process';
import { installTarball, packPackage } from '../install/package-install';
import { PROBE_CREATE_ERROR, PROBE_NODE_TYPE, PROBE_TRIGGER_TYPE, writeProbePackage } from '../install/probe-package';
import { startStubServer } from '../stubs/stub-server';

const TRIGGER = 'E2E Probe Trigger';
const ACTION = 'E2E Probe';

function probeWorkflow(name: string, webhookId: string, failCreate: boolean): WorkflowInput {
	return {
		name,
		nodes: [
			{ id: randomUUID(), name: TRIGGER, type: PROBE_TRIGGER_TYPE, typeVersion: 1, position: [0, 0], webhookId, parameters: { failCreate } },
			{ id: randomUUID(), name: ACTION, type: PROBE_NODE_TYPE, typeVersion: 1, position: [240, 0], parameters: {} },
		],
		connections: { [TRIGGER]: { main: [[{ node: ACTION, type: 'main', index: 0 }]] } },
	};
}

function check(condition: boolean, message: string): void {
	if (!condition) throw new Error(`api-check: ${message}`);
	log(`ok: ${message}`);
}

function show(label: string, value: unknown): void {
	process.stdout.write(`--- ${label}\n${JSON.stringify(value, null, 2)?.slice(0, 1500)}\n`);
}

async function post(url: string, body: unknown): Promise<{ status: number; text: string }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	return { status: response.status, text: await response.text() };
}

/** The installed `flatted` package, to prove flatted.ts decodes exactly as n8n's own copy does. */
function installedFlattedParse(install: N8nInstall): (text: string) => unknown {
	const loaded: unknown = createRequire(join(install.root, 'node_modules', 'n8n', 'package.json'))('flatted');
	if (isJsonObject(loaded) && typeof loaded.parse === 'function') {
		const parse = loaded.parse;
		return (text: string): unknown => Reflect.apply(parse, loaded, [text]);
	}
	throw new Error('installed flatted has no parse()');
}

async function checkCredentials(api: N8nApi): Promise<void> {
	// Stands in for an n8n public API: the built-in `n8nApi` credential tests GET <baseUrl>/credentials/schema/n8nApi.
	const stub = await startStubServer((req) =>
		req.headers['x-n8n-api-key'] === 'good-key' ? { status: 200, body: { ok: true } } : { status: 401, body: { message: 'unauthorized' } },
	);
	try {
		const data = (apiKey: string): JsonObject => ({ apiKey, baseUrl: `${stub.url}/api/v1` });
		const good = await api.createCredential('good n8n key', 'n8nApi', data('good-key'));
		show('POST /rest/credentials (data comes back encrypted, never in clear)', good);
		const ok = await api.testCredential(good, data('good-key'));
		show('POST /rest/credentials/test, good key', ok);
		check(ok.status === 'OK', 'credential test passes for a good key');

		const bad = await api.createCredential('bad n8n key', 'n8nApi', data('bad-key'));
		const before = stub.requests.length;
		const failed = await api.testCredential(bad, data('bad-key'));
		show('POST /rest/credentials/test, bad key', failed);
		check(failed.status === 'Error', 'credential test fails for a bad key (still HTTP 200)');
		log(`stub saw ${stub.requests.length - before} request(s) for the failing test: ${JSON.stringify(stub.requests.slice(before).map((r) => `${r.method} ${r.url}`))}`);

		const unknown = await api.http.send('POST', '/rest/credentials/test', {
			credentials: { id: 'no-such-id', name: 'x', type: 'n8nApi', data: data('good-key') },
		});
		show(`POST /rest/credentials/test, unknown id -> HTTP ${unknown.status}`, unknown.json);
	} finally {
		await stub.close();
	}
}

async function main(): Promise<void> {
	const argv = process.argv.slice(2);
	const keep = argv.includes('--keep');
	const logLevel = argv.includes('--log-level=debug') ? 'debug' : 'info';
	const install = await ensureN8nInstalled();
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-api-'));
	await installTarball(userFolder, await packPackage(writeProbePackage()), 'in-app');
	const n8n = await N8nProcess.start({ install, userFolder, logLevel });
	try {
		const api = new N8nApi(n8n.baseUrl);
		show('POST /rest/owner/setup', await api.setupOwner());
		await checkCredentials(api);

		// ---- publish, production webhook, execution data
		const webhookId = randomUUID();
		const workflow = await api.createWorkflow(probeWorkflow('api-check ok', webhookId, false));
		show('POST /rest/workflows (excerpt)', { id: workflow.id, versionId: workflow.versionId, active: workflow.active, activeVersionId: workflow.activeVersionId });
		show('GET publication-status before publishing', await api.publicationStatus(workflow.id));
		let started = Date.now();
		const published = await api.publish(workflow.id, workflow.versionId);
		show(`publication status after publish (${seconds(Date.now() - started)})`, published);
		check(published.status === 'published', 'publish reaches `published`');
		const after = await api.getWorkflow(workflow.id);
		show('GET /rest/workflows/:id after publish (excerpt)', { active: after.active, versionId: after.versionId, activeVersionId: after.activeVersionId });

		const production = `${n8n.baseUrl}/webhook/${webhookId}/webhook`;
		const delivered = await post(production, { hello: 'production' });
		show(`POST ${production}`, delivered);
		check(delivered.status === 200, 'production webhook answers 200');
		const [latest] = await api.waitForExecutions(workflow.id, 1);
		if (latest === undefined) throw new Error('no execution');
		show('GET /rest/executions (one summary)', latest);
		const detail = await api.execution(latest.id);
		show('GET /rest/executions/:id (keys; data is a string)', { keys: Object.keys(detail), dataStart: detail.data.slice(0, 200) });
		check(isDeepStrictEqual(parseFlatted(detail.data), installedFlattedParse(install)(detail.data)), 'flatted.ts decodes like the installed flatted package');
		const decoded = decodeExecutionData(detail.data);
		show('decoded: trigger output / action output', { trigger: nodeOutput(decoded, TRIGGER), action: nodeOutput(decoded, ACTION), last: decoded.lastNodeExecuted });
		check(nodeOutput(decoded, ACTION)[0]?.probed === true, 'the community action node ran on the delivered item');

		// ---- "listen for test event" without a browser
		const listen = await api.runManually(workflow.id, TRIGGER);
		show('POST /rest/workflows/:id/run {triggerToStartFrom}', listen);
		const testUrl = `${n8n.baseUrl}/webhook-test/${webhookId}/webhook`;
		const testDelivery = await post(testUrl, { hello: 'test' });
		show(`POST ${testUrl}`, testDelivery);
		const withTest = await api.waitForExecutions(workflow.id, 2);
		show('executions after the test event (id, mode, status)', withTest.map((e) => ({ id: e.id, mode: e.mode, status: e.status })));
		const again = await post(testUrl, { hello: 'second test' });
		check(again.status === 404, `test URL is gone after the first test event (HTTP ${again.status})`);
		await api.runManually(workflow.id, TRIGGER);
		check(await api.isWebhookRegistered(testUrl), 'a listening test URL reads as registered (GET probe, nothing delivered)');
		await api.cancelTestWebhook(workflow.id);
		// n8n deregisters in the background after answering the DELETE; wait until it is done.
		started = Date.now();
		while ((await api.isWebhookRegistered(testUrl)) && Date.now() - started < 10_000) await sleep(20);
		log(`test URL deregistered ${seconds(Date.now() - started)} after DELETE /rest/test-webhook/:id answered`);
		const cancelled = await post(testUrl, { hello: 'after cancel' });
		check(cancelled.status === 404, `DELETE /rest/test-webhook/:id removes the test URL (HTTP ${cancelled.status})`);

		// ---- unpublish
		started = Date.now();
		const unpublished = await api.unpublish(workflow.id);
		show(`publication status after unpublish (${seconds(Date.now() - started)})`, unpublished);
		const gone = await post(production, { hello: 'after unpublish' });
		check(gone.status === 404, `production webhook answers 404 after unpublish (HTTP ${gone.status})`);

		// ---- a trigger whose create() throws
		const failing = await api.createWorkflow(probeWorkflow('api-check failing', randomUUID(), true));
		started = Date.now();
		const failed = await api.publish(failing.id, failing.versionId, 120_000);
		show(`publication status when create() throws (${seconds(Date.now() - started)})`, failed);
		check(failed.status === 'failed' && failed.triggers.some((t) => t.errorMessage?.includes(PROBE_CREATE_ERROR) === true), 'publish reaches `failed` with the node message');
		show('GET /rest/workflows/:id after failed publish (excerpt)', await api.getWorkflow(failing.id).then((w) => ({ active: w.active, activeVersionId: w.activeVersionId })));
		show('after unpublishing the failed one', await api.unpublish(failing.id));
	} finally {
		await n8n.stop();
		if (!keep) rmSync(userFolder, { recursive: true, force: true });
		else log(`kept ${userFolder} (log: ${n8n.logFile})`);
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
