/**
 * Where a stored registration and the present disagree, in a real n8n 2.40.7: n8n restarted under
 * another N8N_WEBHOOK_URL (republishing with Options > Remove Endpoint at Previous Address on moves
 * the endpoint to the new address and removes the old one; copies.e2e.test.ts has the option off), and a credential switched to a key of another FullStory org (unpublishing refuses, names
 * the endpoint and the org that holds it, and changes nothing until the right key is back).
 * The other origin is `localhost` for `127.0.0.1`: both names reach the n8n listening on
 * 127.0.0.1, as after a domain move whose old name still resolves.
 */
import { fixtureSubcategory } from '../../emulator/state/catalog';
import { DEFAULT_ORG_ID, LEGACY_ORG_ID, SEED_KEYS } from '../../emulator/state/seed';
import type { JsonObject } from '../../harness/rest/guards';
import { log } from '../../harness/process/log';
import { itLeaksNoSecrets } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';
import { CREDENTIAL_TYPE, endpointsAt, productionUrl, sleep, startStack, statusesOf, triggerNode, workflowIntoNoOp } from '../../harness/stacks/stack';

let stack: Stack;

beforeAll(async () => {
	stack = await startStack({ name: 'edges' });
});
afterAll(async () => await stack?.stop());

/** The same production URL under n8n's moved address. */
function movedUrl(url: string): string {
	return url.replace('http://127.0.0.1:', 'http://localhost:');
}

function movedWebhookBase(): string {
	return `http://localhost:${stack.n8n.port}/`;
}

/** The emulator's request log is append-only with increasing seqs; this is where "now" is. */
async function lastRequestSeq(): Promise<number> {
	return (await stack.fullstory.requests()).at(-1)?.seq ?? 0;
}

/** FullStory API calls since `seq`, as `METHOD path status`. */
async function callsSince(seq: number): Promise<string[]> {
	return (await stack.fullstory.requests({ since: seq })).map((request) => `${request.method} ${request.path} ${String(request.status)}`);
}

async function finished(workflowId: string): Promise<number> {
	return (await stack.api.executions(workflowId)).filter((execution) => execution.status !== 'running' && execution.status !== 'new').length;
}

/**
 * A string as n8n 2.40.7 prints it inside a log line's metadata outside NODE_ENV=production (the
 * harness's case): its logger's toPrintable turns every `:` of the JSON into `: `, URLs included
 * ("http: //localhost: 5678/..."). With NODE_ENV=production the metadata is plain JSON.
 */
function asLoggedMetadata(text: string): string {
	return text.replace(/:/g, ': ');
}

function logLines(...needles: string[]): string[] {
	return stack.n8n
		.logText()
		.split('\n')
		.filter((line) => needles.every((needle) => line.includes(needle)));
}

it.each([
	['an array expression', '={{ ["note.created", "recording.event.custom"] }}'],
	['a comma-separated string', '=note.created,recording.event.custom'],
])('Events as %s publishes, with subcategories given by expression too', async (_, events) => {
	// One of the emulator's seeded custom events, as Event Subcategory > Get Many would list it.
	const { subcategory } = fixtureSubcategory(DEFAULT_ORG_ID, 'recording.event.custom', 'Product Added');
	const trigger = triggerNode(stack, {
		events,
		// n8n shows every subcategory picker once Events is an expression; none may block publishing.
		customEventSubcategories: `={{ ["${subcategory}"] }}`,
		options: {},
	});
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp(`events ${events}`, trigger));
	const published = await stack.api.publish(workflow.id, workflow.versionId);
	expect(published.status).toBe('published');
	const [endpoint] = await endpointsAt(stack, productionUrl(stack, trigger));
	expect(endpoint.eventTypes).toEqual([
		{ eventName: 'note.created' },
		{ eventName: 'recording.event.custom', subcategory },
	]);
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	expect(await endpointsAt(stack, productionUrl(stack, trigger))).toEqual([]);
});

it('n8n restarted under another N8N_WEBHOOK_URL: no FullStory call at restart; republishing with the removal option on leaves one endpoint, for the new URL', async () => {
	const trigger = triggerNode(stack, { events: ['note.created'], options: { removePreviousEndpoint: true } });
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp('moved n8n', trigger));
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	const oldUrl = productionUrl(stack, trigger);
	const newUrl = movedUrl(oldUrl);
	expect(oldUrl).toMatch(/^http:\/\/127\.0\.0\.1:/);
	const [old] = await endpointsAt(stack, oldUrl);
	expect(old).toBeDefined();

	// Same user folder and database, another webhook address.
	const beforeRestart = await lastRequestSeq();
	await stack.n8n.restart({ N8N_WEBHOOK_URL: movedWebhookBase() });
	await stack.api.login();
	expect((await stack.api.publicationStatus(workflow.id)).status).toBe('published');
	await sleep(2000); // anything n8n would do in the background at start-up
	const atRestart = await callsSince(beforeRestart);
	log(`FullStory calls at restart under ${movedWebhookBase()}: ${JSON.stringify(atRestart)}`);
	expect(atRestart).toEqual([]);
	// FullStory still holds the old endpoint, and only it.
	expect((await stack.fullstory.endpoints()).map((endpoint) => [endpoint.id, endpoint.url])).toEqual([[old.id, oldUrl]]);

	// The old address still reaches this n8n: the delivery runs, and n8n says to republish.
	let before = await finished(workflow.id);
	expect(statusesOf(await stack.fullstory.deliver({ eventName: 'note.created' }))).toEqual([200]);
	await stack.api.waitForExecutions(workflow.id, before + 1);
	const moveWarnings = logLines(
		'warn',
		`endpoint ${old.id} is registered for ${oldUrl} but n8n's webhook URL is now ${newUrl}; publish the workflow again`,
	);
	log(`warning on a delivery to the old address: ${JSON.stringify(moveWarnings)}`);
	expect(moveWarnings).toHaveLength(1);

	// Republish, as a user would: unpublish, then publish.
	const beforeUnpublish = await lastRequestSeq();
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	const atUnpublish = await callsSince(beforeUnpublish);
	log(`FullStory calls at unpublish: ${JSON.stringify(atUnpublish)}`);
	const beforePublish = await lastRequestSeq();
	expect((await stack.api.publish(workflow.id)).status).toBe('published');
	const atPublish = await callsSince(beforePublish);
	log(`FullStory calls at publish: ${JSON.stringify(atPublish)}`);

	// delete() removed the old endpoint (by id, after reading it back) ...
	expect(atUnpublish.filter((call) => call.startsWith('DELETE '))).toEqual([expect.stringMatching(/^DELETE \/webhooks\/v1\/endpoints\/\S+ 2\d\d$/)]);
	const removed = logLines(`removed endpoint ${old.id} (${oldUrl}), registered under a previous n8n address (Options > Remove Endpoint at Previous Address); this trigger receives at ${newUrl}`);
	log(`removal logged: ${JSON.stringify(removed)}`);
	expect(removed).toHaveLength(1);
	// ... and create() registered the new URL: exactly one endpoint, a new one.
	expect(atPublish.filter((call) => call.startsWith('POST /webhooks/v1/endpoints '))).toHaveLength(1);
	const endpoints = await stack.fullstory.endpoints();
	expect(endpoints.map((endpoint) => endpoint.url)).toEqual([newUrl]);
	expect(endpoints[0].id).not.toBe(old.id);

	// A signed delivery goes to the new URL and runs exactly one execution.
	before = await finished(workflow.id);
	const result = await stack.fullstory.deliver({ eventName: 'note.created' });
	expect(result.deliveries.map((delivery) => [delivery.url, delivery.attempts.map((attempt) => attempt.status)])).toEqual([[newUrl, [200]]]);
	await stack.api.waitForExecutions(workflow.id, before + 1);
	await sleep(1500);
	expect(await finished(workflow.id)).toBe(before + 1);

	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	expect(await stack.fullstory.endpoints()).toEqual([]);
});

it("a credential switched to another org's key: unpublish names the endpoint and its org and changes nothing; the right key back removes it", async () => {
	const settings = (apiKey: string) => ({ apiKey, region: 'custom', baseUrl: stack.emulator.baseUrl });
	const credential = await stack.api.createCredential('FullStory (org switched later)', CREDENTIAL_TYPE, settings(SEED_KEYS.admin));
	const trigger: JsonObject = {
		...triggerNode(stack, { events: ['note.created'], options: {} }),
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
	};
	const workflow = await stack.api.createWorkflow(workflowIntoNoOp('org switched', trigger));
	expect((await stack.api.publish(workflow.id, workflow.versionId)).status).toBe('published');
	// n8n now runs under the moved address (previous test).
	const url = movedUrl(productionUrl(stack, trigger));
	const [endpoint] = await endpointsAt(stack, url);
	expect(endpoint).toMatchObject({ orgId: DEFAULT_ORG_ID });

	await stack.api.updateCredential(credential, settings(SEED_KEYS.legacyAdmin));
	const beforeUnpublish = await lastRequestSeq();
	const unpublished = await stack.api.unpublish(workflow.id);
	log(`unpublish under the other org's key: ${JSON.stringify(unpublished)}`);
	expect(unpublished.status).toBe('not_published');
	const atUnpublish = await callsSince(beforeUnpublish);
	log(`FullStory calls at that unpublish: ${JSON.stringify(atUnpublish)}`);
	expect(atUnpublish.filter((call) => !call.startsWith('GET /me '))).toEqual([]);

	const abandoned = logLines('Abandoned webhook', workflow.id);
	log(`n8n logged: ${JSON.stringify(abandoned)}`);
	const error = `FullStory endpoint ${endpoint.id} (${url}) is in FullStory org ${DEFAULT_ORG_ID}, but this credential's key belongs to org ${LEGACY_ORG_ID}`;
	expect(abandoned).toEqual([expect.stringContaining(`"error": "${asLoggedMetadata(error)}"`)]);
	// FullStory still holds it, in the first org, unchanged.
	expect(await stack.fullstory.endpoints()).toEqual([endpoint]);

	// The first org's key back: publishing takes the endpoint back, unpublishing removes it.
	await stack.api.updateCredential(credential, settings(SEED_KEYS.admin));
	const beforePublish = await lastRequestSeq();
	expect((await stack.api.publish(workflow.id)).status).toBe('published');
	log(`FullStory calls at publish with the first org's key back: ${JSON.stringify(await callsSince(beforePublish))}`);
	expect((await stack.fullstory.endpoints()).map((held) => [held.id, held.orgId])).toEqual([[endpoint.id, DEFAULT_ORG_ID]]);
	const beforeLastUnpublish = await lastRequestSeq();
	expect((await stack.api.unpublish(workflow.id)).status).toBe('not_published');
	log(`FullStory calls at the last unpublish: ${JSON.stringify(await callsSince(beforeLastUnpublish))}`);
	expect(await stack.fullstory.endpoints()).toEqual([]);
});

itLeaksNoSecrets(() => stack, ['endpointSecrets', 'signatures', 'executions', 'webhookAnswers']);
