/**
 * The editor in a real browser: n8n 2.40.7's own editor in headless Chromium (playwright-core,
 * the machine's Chromium), signed in as the owner, against the package and the FullStory
 * emulator. Each test checks what a user sees: the node creator's entries and icons, the lists
 * filled from FullStory, the canvas subtitles and issue markers, publishing from the header, the
 * action node's pickers and output, and the credential test's verdicts. It writes three
 * screenshots (docs/images/ under `npm run screenshots`, else build/e2e-results/screenshots/).
 */
import { randomUUID } from 'node:crypto';

import type { Page } from 'playwright-core';

import { SEED_KEYS } from '../../emulator/state/seed';
import { canvasIssues, canvasSubtitle, openNewWorkflow, openWorkflow } from '../../harness/browser/canvas';
import type { ConsoleWatch } from '../../harness/browser/consoleWatch';
import { errorsMentioning, ignoredElsewhere, watchConsole } from '../../harness/browser/consoleWatch';
import {
	chooseCredentialOption,
	chosenCredential,
	closeCredentialDialog,
	createCredentialFromNode,
	credentialDialog,
	fillCredentialField,
	openNodeCredential,
	saveCredential,
	testVerdict,
} from '../../harness/browser/credentialDialog';
import type { BrowserSession } from '../../harness/browser/launch';
import { launchBrowser } from '../../harness/browser/launch';
import { signIn } from '../../harness/browser/login';
import { closeNodeDetails, executeStep, ndv, openNodeDetails, outputItemCount, outputText, parameterNotices } from '../../harness/browser/ndv';
import { creatorItem, iconOf, itemNames, nodeCreator, openNodeCreator, searchNodes } from '../../harness/browser/nodeCreator';
import { chooseOptions, closeOptions, listOptions, openOptions, optionNames, parameterInput, parameterItem, shownValue } from '../../harness/browser/parameters';
import { dismissPublished, publishFromEditor, publishState } from '../../harness/browser/publish';
import { locatorModes, openLocatorList, resourceLocator } from '../../harness/browser/resourceLocator';
import { saveScreenshot, showingFailures } from '../../harness/browser/screenshots';
import { log, seconds } from '../../harness/process/log';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { ACTION_TYPE, credentialRef, productionUrl, sleep, startStack, TRIGGER_TYPE, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';

const PACKAGE_MENTION = /n8n-nodes-fullstory|fullstory/i;

let stack: Stack;
let browser: BrowserSession;
let page: Page;
let console_: ConsoleWatch;
const fileStarted = Date.now();

/** A FullStory API call to the emulator with the stack's (Admin) key. */
async function fullstory(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
	const response = await fetch(`${stack.emulator.baseUrl}${path}`, {
		method,
		headers: { Authorization: `Basic ${stack.apiKey}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return await response.json();
}

function namesIn(body: unknown, listKey: string, field: string): string[] {
	const list: unknown = typeof body === 'object' && body !== null && listKey in body ? (body as Record<string, unknown>)[listKey] : undefined;
	if (!Array.isArray(list)) throw new Error(`no ${listKey} in ${JSON.stringify(body)}`);
	return list.map((entry: unknown) => String((entry as Record<string, unknown>)[field]));
}

/** The event types FullStory (the emulator) lists, by display name; `test` is what the nodes leave out. */
async function eventTypeNames(): Promise<string[]> {
	const body = await fullstory('GET', '/webhooks/v1/event-types');
	const names = namesIn(body, 'eventDefs', 'displayName');
	const wire = namesIn(body, 'eventDefs', 'eventName');
	return names.filter((_, index) => wire[index] !== 'test');
}

async function customEventNames(): Promise<string[]> {
	return namesIn(await fullstory('GET', '/webhooks/v1/event-types/recording.event.custom/subcategories'), 'subcategoryDefs', 'displayName');
}

/** The icon address the editor uses for each node type (its light icon under n8n's /icons/). */
async function iconAddresses(types: string[]): Promise<string[]> {
	const descriptions = await stack.api.nodeTypes();
	return types.map((type) => {
		const iconUrl = descriptions.find((candidate) => candidate.name === type)?.iconUrl;
		const light = typeof iconUrl === 'string' ? iconUrl : typeof iconUrl === 'object' && iconUrl !== null && 'light' in iconUrl ? iconUrl.light : undefined;
		if (typeof light !== 'string') throw new Error(`${type} has no iconUrl`);
		return `/${light.replace(/^\//, '')}`;
	});
}

/** Adds the FullStory Trigger to a new workflow from the node creator; its NDV opens. */
async function newWorkflowWithTrigger(): Promise<void> {
	await openNewWorkflow(page, stack.n8n.baseUrl);
	await openNodeCreator(page);
	await searchNodes(page, 'FullStory');
	await creatorItem(page, 'FullStory').click();
	await creatorItem(page, 'On new FullStory event').click();
	await ndv(page).waitFor();
}

/** `it`, plus a screenshot of the browser when it fails (build/e2e-results/screenshots/failure-*.png). */
function browserTest(name: string, steps: () => Promise<void>, timeoutMs?: number): void {
	it(name, async () => await showingFailures(page, name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60), steps), timeoutMs);
}

beforeAll(async () => {
	stack = await startStack({ name: 'editor' });
	browser = await launchBrowser();
	page = browser.page;
	page.setDefaultTimeout(30_000);
	console_ = watchConsole(page);
	await signIn(page, stack.n8n.baseUrl);
});

afterAll(async () => {
	await browser?.close();
	await stack?.stop();
	log(`editor.e2e: ${seconds(Date.now() - fileStarted)} for the file`);
});

browserTest('the node creator finds both nodes by "FullStory", each entry with the package icon', async () => {
	const [triggerIcon, actionIcon] = await iconAddresses([TRIGGER_TYPE, ACTION_TYPE]);
	await openNewWorkflow(page, stack.n8n.baseUrl);
	await openNodeCreator(page);
	await searchNodes(page, 'FullStory');
	const entry = creatorItem(page, 'FullStory');
	await entry.waitFor();
	// The package's entry shows one of its nodes' icons (each node has its folder and its copy of the icon).
	const packageIcon = await iconOf(entry);
	expect(packageIcon.loaded).toBe(true);
	expect([triggerIcon, actionIcon]).toContain(packageIcon.src);

	// The package's panel: the trigger, and the action node's operations (folded on a first step).
	await entry.click();
	const trigger = creatorItem(page, 'On new FullStory event');
	await trigger.waitFor();
	expect(await iconOf(trigger)).toEqual({ src: triggerIcon, loaded: true });
	const action = creatorItem(page, 'Get many event types');
	if (!(await action.isVisible())) await nodeCreator(page).getByText(/^Actions \(\d+\)$/).click();
	await action.waitFor();
	expect(await iconOf(action)).toEqual({ src: actionIcon, loaded: true });
	expect(await itemNames(page)).toEqual(
		expect.arrayContaining([
			'On new FullStory event',
			'Get many event types',
			'Get many event subcategories',
			'Create a webhook endpoint',
			'Delete a webhook endpoint',
			'Get a webhook endpoint',
			'Get many webhook endpoints',
			'Update a webhook endpoint',
		]),
	);
});

browserTest("the trigger's Events come from FullStory; Custom Event brings the custom event picker; the subtitle reads in words", async () => {
	await newWorkflowWithTrigger();
	// The only credential is chosen for the new node.
	await expect(ndv(page).getByTestId('node-credentials-select').locator('input').first().inputValue()).resolves.toBe('FullStory (emulator)');
	// n8n's trigger panel explains registration; the orange notice about N8N_WEBHOOK_URL is gone.
	expect(await parameterNotices(page).count()).toBe(0);

	const events = await listOptions(page, 'events');
	expect(events).toEqual(expect.arrayContaining(['Note Created', 'Custom Event']));
	expect([...events].sort()).toEqual([...(await eventTypeNames())].sort());
	expect(events.filter((name) => name.includes('(offline list)'))).toEqual([]);

	expect(await parameterInput(page, 'customEventSubcategories').count()).toBe(0);
	await chooseOptions(page, 'events', ['Note Created', 'Custom Event']);
	const picker = parameterItem(page, 'customEventSubcategories');
	await picker.waitFor();
	expect(await picker.getByTestId('input-label').innerText()).toContain('Custom Event Names or IDs');
	const customEvents = await optionNames(await openOptions(page, 'customEventSubcategories'));
	expect(customEvents).toEqual(expect.arrayContaining(['Product Added', 'Checkout Started']));
	expect([...customEvents].sort()).toEqual([...(await customEventNames())].sort());
	await saveScreenshot(page, 'trigger-panel');
	await closeOptions(page, 'customEventSubcategories');
	await chooseOptions(page, 'customEventSubcategories', ['Product Added', 'Checkout Started']);

	await closeNodeDetails(page);
	expect(await canvasSubtitle(page, 'FullStory Trigger')).toBe('Note Created, Custom Event');
});

browserTest('Events as an expression shows no issue on the canvas, and the workflow publishes from the editor: one endpoint', async () => {
	expect(await stack.fullstory.endpoints()).toHaveLength(0);
	const trigger = triggerNode(stack, { events: '={{ ["note.created"] }}', options: {} });
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp(`Editor publish ${randomUUID().slice(0, 8)}`, trigger));
	await openWorkflow(page, stack.n8n.baseUrl, workflow.id);
	expect(await canvasIssues(page, 'FullStory Trigger')).toEqual({ icon: false, tooltip: '' });
	await openNodeDetails(page, 'FullStory Trigger');
	expect(await ndv(page).getByTestId('parameter-issues').count()).toBe(0);
	await closeNodeDetails(page);

	const shown = await publishFromEditor(page);
	expect(shown.callouts).toEqual([]);
	expect(shown.confirmation).toContain('Workflow published');
	await dismissPublished(page);
	await expect(publishState(page, 'Published')).resolves.toBe('Published');
	let endpoints = await stack.fullstory.endpoints();
	for (let waited = 0; waited < 50 && endpoints.length === 0; waited++) {
		await sleep(200);
		endpoints = await stack.fullstory.endpoints();
	}
	expect(endpoints).toHaveLength(1);
	expect(endpoints[0]).toMatchObject({ url: productionUrl(stack, trigger), eventTypes: [{ eventName: 'note.created' }] });
});

browserTest("the action node: resources, operations, the endpoint picker's modes and entries, and Get Many event types executed", async () => {
	// Two endpoints made through FullStory's API, beside the one the published workflow holds.
	const made = [
		{ url: 'https://hooks.example.com/fullstory/notes', eventTypes: [{ eventName: 'note.created' }], event: 'Note Created', address: 'hooks.example.com/fullstory/notes' },
		{ url: 'https://ops.example.org/alerts/crashes', eventTypes: [{ eventName: 'nativemobile.event.crash' }], event: 'Native Mobile Crash', address: 'ops.example.org/alerts/crashes' },
	];
	for (const endpoint of made) await fullstory('POST', '/webhooks/v1/endpoints', { url: endpoint.url, eventTypes: endpoint.eventTypes, secret: randomUUID() });

	const workflow = await stack.api.createWorkflow({
		name: `Editor action ${randomUUID().slice(0, 8)}`,
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'FullStory',
				type: ACTION_TYPE,
				typeVersion: 1,
				position: [240, 0],
				parameters: { resource: 'eventType', operation: 'getAll' },
				credentials: credentialRef(stack),
			},
		],
		connections: { Start: { main: [[{ node: 'FullStory', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	});
	await openWorkflow(page, stack.n8n.baseUrl, workflow.id);
	expect(await canvasSubtitle(page, 'FullStory')).toBe('Get many event types');
	await openNodeDetails(page, 'FullStory');

	expect(await listOptions(page, 'resource')).toEqual(expect.arrayContaining(['Webhook Endpoint', 'Event Type', 'Event Subcategory']));
	const operations: Record<string, string[]> = {};
	for (const resource of ['Event Type', 'Event Subcategory', 'Webhook Endpoint']) {
		await chooseOptions(page, 'resource', [resource]);
		expect(await shownValue(page, 'resource')).toBe(resource);
		operations[resource] = await listOptions(page, 'operation');
		if (resource === 'Event Type') {
			// FullStory lists the few types in one answer: no paging to offer.
			expect(await parameterInput(page, 'returnAll').count()).toBe(0);
			expect(await parameterInput(page, 'limit').count()).toBe(0);
		}
	}
	expect(operations['Event Type']).toEqual(expect.arrayContaining(['Get Many']));
	expect(operations['Event Subcategory']).toEqual(expect.arrayContaining(['Get Many']));
	expect(operations['Webhook Endpoint']).toEqual(expect.arrayContaining(['Create', 'Delete', 'Get', 'Get Many', 'Update']));

	await chooseOptions(page, 'operation', ['Get']);
	await resourceLocator(page, 'endpoint').waitFor();
	// n8n words the first mode "From list" whatever the node calls it.
	expect((await locatorModes(page, 'endpoint')).map((mode) => mode.toLowerCase())).toEqual(['from list', 'by id', 'by url']);
	const entries = (await (await openLocatorList(page, 'endpoint')).allInnerTexts()).map((text) => text.trim());
	await saveScreenshot(page, 'action-node');
	expect(entries).toHaveLength((await stack.fullstory.endpoints()).length);
	for (const endpoint of made) {
		// Each entry says what the endpoint receives and where, not just the bare URL.
		const entry = entries.find((text) => text.includes(endpoint.address));
		expect([endpoint.url, entry]).toEqual([endpoint.url, expect.stringContaining(endpoint.event)]);
		expect(entry).not.toBe(endpoint.url);
	}
	await page.keyboard.press('Escape');

	await chooseOptions(page, 'resource', ['Event Type']);
	await executeStep(page);
	const expected = await eventTypeNames();
	expect(await outputItemCount(page)).toBe(expected.length);
	const shown = await outputText(page);
	for (const name of expected) expect(shown).toContain(name);
	await closeNodeDetails(page);
});

browserTest('the credential test passes with an Admin key and a Standard key, and says a wrong key is rejected', async () => {
	await newWorkflowWithTrigger();
	await createCredentialFromNode(page);
	await fillCredentialField(page, 'apiKey', SEED_KEYS.admin);
	await chooseCredentialOption(page, 'region', 'Custom Base URL');
	await fillCredentialField(page, 'baseUrl', stack.emulator.baseUrl);
	// Saved from a node, a credential whose test passes closes its dialog and is chosen for the node.
	expect(await saveCredential(page)).toEqual({ verdict: 'closed', text: '' });
	expect(await chosenCredential(page)).toBe('FullStory account');

	// Opening it again tests it again; the verdict is on screen.
	await openNodeCredential(page);
	expect(await testVerdict(page)).toEqual({ verdict: 'success', text: expect.stringContaining('Connection tested successfully') });
	await saveScreenshot(page, 'credential');

	// A Standard key may send users, events and import jobs: it passes (its webhook calls name the role they need).
	// Saved in the open dialog, it is tested again there.
	await fillCredentialField(page, 'apiKey', SEED_KEYS.standard);
	expect(await saveCredential(page)).toEqual({ verdict: 'success', text: expect.stringContaining('Connection tested successfully') });

	await fillCredentialField(page, 'apiKey', 'na1.wrong/key');
	const wrong = await saveCredential(page);
	expect(wrong.verdict).toBe('failure');
	expect(wrong.text).toMatch(/Couldn.t connect with these settings/);
	expect(await credentialDialog(page).getByText(/FullStory rejected the API key/).isVisible()).toBe(true);
	await closeCredentialDialog(page);
});

browserTest('no browser console error mentions the package', async () => {
	const origin = stack.n8n.baseUrl;
	const elsewhere = ignoredElsewhere(console_.errors, PACKAGE_MENTION, origin);
	if (elsewhere.length > 0) log(`editor.e2e: ${elsewhere.length} error(s) naming the package only in a third-party address: ${elsewhere.map((error) => error.url).join(', ')}`);
	expect(errorsMentioning(console_.errors, PACKAGE_MENTION, origin)).toEqual([]);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets']);
