/**
 * `npm start`, the main job, as a user meets it: the README's command, its ready block, the
 * emulator page it points to (in headless Chromium: the trigger's endpoint, a signed delivery per
 * button that n8n runs once, the faults switch, the last deliveries), the editor login it prints,
 * and Ctrl-C. Writes the emulator page's screenshot (docs/images/ under `npm run screenshots`).
 */
import { readFileSync } from 'node:fs';

import type { Page } from 'playwright-core';

import { EmulatorClient } from '../../emulator/client/client';
import { isEventTypeDef } from '../../emulator/client/clientGuards';
import { isArrayOf, isJsonObject } from '../../emulator/guards';

import { decodeExecutionData, nodeOutput } from '../../harness/rest/execution-data';
import { N8nApi, type ExecutionSummary, type Owner } from '../../harness/rest/n8n-api';
import { groupAlive } from '../../harness/process/n8n-process';
import { canvasNode, openWorkflow } from '../../harness/browser/canvas';
import { watchConsole, type ConsoleWatch } from '../../harness/browser/consoleWatch';
import {
	endpointsShown,
	eventButtons,
	faultRowsShown,
	injectFault,
	openEmulatorPage,
	orgShown,
	pageError,
	send,
	waitForDeliveriesShown,
} from '../../harness/browser/emulatorPage';
import { launchBrowser, type BrowserSession } from '../../harness/browser/launch';
import { signIn } from '../../harness/browser/login';
import { saveScreenshot, showingFailures } from '../../harness/browser/screenshots';
import { findLeaks, type ScannedText } from '../../harness/audit/secrets-scan';
import { startDemo, type DemoRun } from './demoProcess';
import { executionRunData, secretsSeen } from './secretsAudit';

/** The example `npm start` publishes, and what its trigger subscribes to (examples/fullstory-events-deduplicated.json). */
const DEMO_WORKFLOW = 'FullStory events, each processed once';
const SUBSCRIBED = ['note.created', 'segment.trend.alert', 'recording.event.custom'];

let demo: DemoRun;
let browser: BrowserSession;
let page: Page;
let console_: ConsoleWatch;
let api: N8nApi;

/** Only the email and password are printed (and needed to sign in); the names are n8n's profile. */
function printedLogin(): Owner {
	return { ...demo.ready.login, firstName: '', lastName: '' };
}

function workflowId(): string {
	const entry = demo.ready.workflows.find((workflow) => workflow.name === DEMO_WORKFLOW);
	if (entry === undefined) throw new Error(`the ready block lists no "${DEMO_WORKFLOW}": ${JSON.stringify(demo.ready.workflows)}`);
	return entry.url.slice(entry.url.lastIndexOf('/') + 1);
}

/** A FullStory API call with the key the ready block printed, as a user would make it with curl. */
async function fullstory(path: string): Promise<Response> {
	return await fetch(`${demo.ready.emulatorUrl}${path}`, { headers: { Authorization: `Basic ${demo.ready.apiKey}` } });
}

async function eventTypeNames(): Promise<string[]> {
	const body: unknown = await (await fullstory('/webhooks/v1/event-types')).json();
	if (!isJsonObject(body) || !isArrayOf(body.eventDefs, isEventTypeDef)) throw new Error(`no eventDefs in ${JSON.stringify(body)}`);
	return body.eventDefs.map((def) => def.eventName);
}

async function handledEventNames(executions: ExecutionSummary[]): Promise<string[]> {
	const names: string[] = [];
	for (const execution of executions) {
		const items = nodeOutput(decodeExecutionData((await api.execution(execution.id)).data), 'Handle Event');
		names.push(...items.map((item) => String(item.eventName)));
	}
	return names.sort();
}

async function refused(url: string): Promise<boolean> {
	try {
		await fetch(url, { signal: AbortSignal.timeout(5_000) });
		return false;
	} catch {
		return true;
	}
}

beforeAll(async () => {
	// First start in a new folder: build, pack, install into n8n, migrations, owner, imports, publish.
	demo = await startDemo(300_000);
	browser = await launchBrowser();
	page = browser.page;
	console_ = watchConsole(page);
	api = new N8nApi(demo.ready.editorUrl);
	await api.login(printedLogin());
}, 420_000);

afterAll(async () => {
	await browser?.close();
	await demo?.stop();
}, 90_000);

describe('npm start', () => {
	it('prints the editor, its login, and the emulator page on the ports it was given', () => {
		expect(demo.ready.editorUrl).toBe(`http://127.0.0.1:${demo.n8nPort}`);
		expect(demo.ready.emulatorUrl).toBe(`http://127.0.0.1:${demo.emulatorPort}`);
		expect(demo.ready.pageUrl).toBe(`http://127.0.0.1:${demo.emulatorPort}/`);
		expect(demo.ready.triggerUrl.startsWith(`http://127.0.0.1:${demo.n8nPort}/webhook/`)).toBe(true);
		expect(demo.ready.workflows.map((workflow) => workflow.name)).toContain(DEMO_WORKFLOW);
	});

	it("the emulator page shows the trigger's endpoint and a button per event type FullStory lists", async () => {
		await showingFailures(page, 'demo-page-endpoints', async () => {
			await openEmulatorPage(page, demo.ready.pageUrl);
			expect(await pageError(page)).toBe('');
			expect(await orgShown(page)).toMatch(/^o-/);

			const endpoints = await endpointsShown(page);
			expect(endpoints).toHaveLength(1);
			expect(endpoints[0].url).toBe(demo.ready.triggerUrl);
			expect(endpoints[0].enabled).toBe(true);
			// In words, with the wire name and the chosen subcategory's name, one line per subscription.
			expect(endpoints[0].events).toEqual([
				'Note Created (note.created)',
				'Segment Alert (segment.trend.alert): Cancelled checkout flow',
				'Custom Event (recording.event.custom): Product Added',
			]);

			const offered = (await eventTypeNames()).filter((name) => name !== 'test');
			expect((await eventButtons(page)).filter((name) => name !== 'test')).toEqual(offered);
		});
	});

	it('each event button sends a signed delivery that n8n answers 200 and runs once', async () => {
		await showingFailures(page, 'demo-page-send', async () => {
			const endpointId = (await endpointsShown(page))[0].id;
			for (const eventName of SUBSCRIBED) {
				const sent = await send(page, page.getByTestId(`deliver-${eventName}`));
				expect(sent.error).toBe('');
				expect(sent.answers.map(({ endpointId: id, status }) => ({ id, status }))).toEqual([{ id: endpointId, status: 200 }]);
			}
			const executions = await api.waitForExecutions(workflowId(), SUBSCRIBED.length, 60_000);
			expect(executions.map((execution) => execution.status)).toEqual(SUBSCRIBED.map(() => 'success'));
			expect(await handledEventNames(executions)).toEqual([...SUBSCRIBED].sort());

			const shown = await waitForDeliveriesShown(page, SUBSCRIBED.length);
			expect(shown.map(({ eventName, url, status }) => ({ eventName, url, status }))).toEqual(
				[...SUBSCRIBED].reverse().map((eventName) => ({ eventName, url: demo.ready.triggerUrl, status: 200 })),
			);
		});
	});

	it("the endpoint's Test button gets 200 and, as the trigger's default says, starts nothing", async () => {
		await showingFailures(page, 'demo-page-test', async () => {
			const sent = await send(page, page.getByTestId('test-endpoint'));
			expect(sent.answers.map(({ status }) => status)).toEqual([200]);
			const shown = await waitForDeliveriesShown(page, SUBSCRIBED.length + 1);
			expect(shown[0]).toMatchObject({ eventName: 'test', status: 200 });
			// Give a wrongly started execution time to show up before counting.
			await new Promise((resolve) => setTimeout(resolve, 2_000));
			expect(await api.finishedExecutionCount(workflowId())).toBe(SUBSCRIBED.length);
			await saveScreenshot(page, 'emulator-page', { n8nStyle: false, fullPage: true });
		});
	});

	it('the faults switch makes the next API call fail, and the page shows it until it is used up', async () => {
		await showingFailures(page, 'demo-page-faults', async () => {
			const result = await injectFault(page, { kind: 'status500', count: 1, method: 'GET', path: '/webhooks/v1/endpoints' });
			expect(result).toMatch(/^Injected \S+: the next 1 matching API call\(s\) get status500\.$/);
			await page.getByTestId('fault-row').first().waitFor({ timeout: 15_000 });
			const rows = await faultRowsShown(page);
			expect(rows.map(({ kind, cells }) => [kind, ...cells])).toEqual([['status500', '500 server error', '1', 'GET', '/webhooks/v1/endpoints']]);

			expect((await fullstory('/webhooks/v1/endpoints')).status).toBe(500);
			expect((await fullstory('/webhooks/v1/endpoints')).status).toBe(200);
			await page.getByTestId('faults-empty').waitFor({ state: 'visible', timeout: 15_000 });

			await injectFault(page, { kind: 'status429', count: 3, method: '', path: '' });
			await page.getByTestId('fault-row').first().waitFor({ timeout: 15_000 });
			expect((await faultRowsShown(page)).map(({ cells }) => cells)).toEqual([['429 rate limited', '3', 'any', 'any API path']]);
			await page.getByTestId('faults-clear').click();
			await page.getByTestId('faults-empty').waitFor({ state: 'visible', timeout: 15_000 });
			expect((await fullstory('/me')).status).toBe(200);
		});
	});

	it('the page raised no console error (its strict Content-Security-Policy included)', () => {
		expect(console_.errors).toEqual([]);
	});

	it('the login it printed opens the editor on the published workflow', async () => {
		await showingFailures(page, 'demo-editor', async () => {
			await signIn(page, demo.ready.editorUrl, printedLogin());
			await openWorkflow(page, demo.ready.editorUrl, workflowId());
			expect(await canvasNode(page, 'FullStory Trigger').count()).toBe(1);
			expect(await canvasNode(page, 'Handle Event').count()).toBe(1);
		});
	});

	it("leaks no API key, endpoint secret or signature into n8n's log or the executions' data", async () => {
		// What the emulator saw: every key, every endpoint secret, every signature it sent.
		const fullstory = new EmulatorClient(demo.ready.emulatorUrl);
		const secrets = await secretsSeen(fullstory, await fullstory.deliveries());
		const texts: ScannedText[] = [
			{ source: 'n8n.log (info level, as npm start runs it)', text: readFileSync(demo.ready.logFile, 'utf8') },
			...(await executionRunData(api)),
		];
		expect(findLeaks(secrets, texts)).toEqual([]);
		const kinds = new Set(secrets.map((secret) => secret.kind));
		expect([...kinds].sort()).toEqual(['api key', 'endpoint secret', 'signature']);
		expect(texts.length).toBeGreaterThan(SUBSCRIBED.length);
	});

	it('Ctrl-C stops n8n and the emulator, and nothing of it is left', async () => {
		const n8nPid = demo.n8nPid();
		expect(n8nPid).toBeDefined();
		expect(await demo.interrupt(90_000)).toBe(true);
		// The demo's own last words before it exits 0; a failed stop says "stopping failed" and exits 1.
		expect(demo.stderr()).toMatch(/SIGINT: stopping n8n and the FullStory emulator\n[\s\S]*\[e2e\] stopped\n/);
		expect(demo.stderr()).not.toMatch(/stopping failed/);
		expect(await refused(demo.ready.editorUrl)).toBe(true);
		expect(await refused(demo.ready.pageUrl)).toBe(true);
		if (n8nPid !== undefined) expect(groupAlive(n8nPid)).toBe(false);
	}, 120_000);
});
