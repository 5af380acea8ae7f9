/**
 * No copy of an n8n changes the original's endpoint. A stored record for this trigger under
 * another n8n address is what a moved n8n leaves and also what a copy of an n8n (a staging
 * instance from a production database, a restore) carries; nothing in the data tells them apart,
 * so by default the endpoint there is left alone and named, and only the trigger's Remove Endpoint
 * at Previous Address option removes it. Against the strict emulator over real HTTP; the other
 * address is `localhost` for `127.0.0.1` (both reach the stand-in webhook server), or another
 * path prefix.
 */
import { checkExists, create, deleteWebhook } from '../nodes/FullStoryTrigger/registration/lifecycle';
import { isSameTriggerElsewhere, sameEndpointUrl } from '../nodes/FullStoryTrigger/registration/endpointUrl';
import { useTestEmulator } from './helpers/emulatorFixture';
import type { TriggerUnderTest } from './helpers/trigger';
import { endpointsAt, startTrigger } from './helpers/trigger';

const emulator = useTestEmulator();
const triggers: TriggerUnderTest[] = [];
afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (trigger) => await trigger.stop()));
});

async function publishedTrigger(options: Record<string, unknown> = {}): Promise<TriggerUnderTest> {
	const trigger = await startTrigger(emulator, { events: ['note.created'], options });
	triggers.push(trigger);
	await trigger.activate();
	return trigger;
}

/** The same trigger under another origin, as after N8N_WEBHOOK_URL changed, or on a copy's port. */
function otherOrigin(url: string): string {
	return url.replace('http://127.0.0.1:', 'http://localhost:');
}

/** The same trigger under another path prefix (N8N_WEBHOOK_URL=https://host/n8n/). */
function otherPrefix(url: string): string {
	const parsed = new URL(url);
	return `${parsed.origin}/n8n${parsed.pathname}`;
}

function warnings(trigger: TriggerUnderTest): string[] {
	return trigger.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
}

const NAMED = /was registered for this trigger under another n8n address/;

describe('URLs compared as FullStory would normalise them', () => {
	it('treats spellings of one address as one, and others as others', () => {
		expect(sameEndpointUrl('HTTPS://N8N.Example.com:443/webhook/a/webhook', 'https://n8n.example.com/webhook/a/webhook')).toBe(true);
		expect(sameEndpointUrl('https://n8n.example.com/webhook/%7Ea/webhook', 'https://n8n.example.com/webhook/~a/webhook')).toBe(false);
		expect(sameEndpointUrl('https://n8n.example.com', 'https://n8n.example.com/')).toBe(true);
		expect(sameEndpointUrl('https://n8n.example.com/webhook/a/webhook', 'https://n8n.example.com/webhook/b/webhook')).toBe(false);
		expect(sameEndpointUrl('not a url', 'not a url')).toBe(true);
		expect(sameEndpointUrl('not a url', 'https://n8n.example.com/')).toBe(false);
	});

	it('recognises the same trigger under another origin or path prefix, never the test URL beside production', () => {
		const production = 'https://n8n.example.com/webhook/abc/webhook';
		expect(isSameTriggerElsewhere(production, 'https://new.example.com/webhook/abc/webhook')).toBe(true);
		expect(isSameTriggerElsewhere(production, 'https://n8n.example.com/n8n/webhook/abc/webhook')).toBe(true);
		expect(isSameTriggerElsewhere(production, 'https://n8n.example.com/webhook-test/abc/webhook')).toBe(false);
		expect(isSameTriggerElsewhere(production, 'https://n8n.example.com/webhook/other/webhook')).toBe(false);
		expect(isSameTriggerElsewhere(production, production)).toBe(false);
		expect(isSameTriggerElsewhere(production, 'HTTPS://N8N.EXAMPLE.COM/webhook/abc/webhook')).toBe(false);
	});
});

describe.each([
	['another origin', otherOrigin],
	['another path prefix', otherPrefix],
])('a record for this trigger under %s, Remove Endpoint at Previous Address off (the default)', (_, elsewhere) => {
	it('publishing registers the new address and leaves the old endpoint enabled, naming it and the two ways to remove it', async () => {
		const trigger = await publishedTrigger();
		const oldId = String(trigger.staticData.endpointId);
		const newUrl = elsewhere(trigger.url);

		expect(await checkExists.call(trigger.hooks({ url: newUrl }))).toBe(false);
		await create.call(trigger.hooks({ url: newUrl }));

		expect((await endpointsAt(emulator, trigger.url)).map((endpoint) => [endpoint.id, endpoint.enabled])).toEqual([[oldId, true]]);
		expect(await endpointsAt(emulator, newUrl)).toHaveLength(1);
		const [warning] = warnings(trigger).filter((message) => NAMED.test(message));
		expect(warning).toContain(`FullStory endpoint ${oldId} (${trigger.url})`);
		expect(warning).toContain(`this trigger now receives at ${newUrl}`);
		expect(warning).toContain('turn on Options > Remove Endpoint at Previous Address and publish the workflow again');
		expect(warning).toContain(`or delete endpoint ${oldId} in FullStory`);
		expect(trigger.staticData).toMatchObject({ endpointUrl: newUrl, previousEndpointId: oldId, previousEndpointUrl: trigger.url });
	});

	it("unpublishing with the other address's record (a copy's first unpublish) leaves that endpoint alone, says so and keeps naming it", async () => {
		const trigger = await publishedTrigger();
		const oldId = String(trigger.staticData.endpointId);
		expect(await deleteWebhook.call(trigger.hooks({ url: elsewhere(trigger.url) }))).toBe(true);
		expect((await endpointsAt(emulator, trigger.url)).map((endpoint) => [endpoint.id, endpoint.enabled])).toEqual([[oldId, true]]);
		expect(warnings(trigger).filter((message) => NAMED.test(message) && message.includes(oldId))).toHaveLength(1);
		expect(trigger.staticData).toEqual({ previousEndpointId: oldId, previousEndpointUrl: trigger.url, previousInstanceId: expect.any(String) });
		// The copy's publish then registers its own address and names the original's again.
		await create.call(trigger.hooks({ url: elsewhere(trigger.url) }));
		expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
		expect(warnings(trigger).filter((message) => NAMED.test(message) && message.includes(oldId))).toHaveLength(2);
	});
});

describe('the endpoint left at a previous address', () => {
	async function movedWithoutRemoval(): Promise<{ trigger: TriggerUnderTest; oldId: string; newUrl: string }> {
		const trigger = await publishedTrigger();
		const oldId = String(trigger.staticData.endpointId);
		const newUrl = otherOrigin(trigger.url);
		await create.call(trigger.hooks({ url: newUrl }));
		trigger.logs.splice(0);
		return { trigger, oldId, newUrl };
	}

	it('is named at every activation while FullStory holds it, and forgotten once it is deleted', async () => {
		const { trigger, oldId, newUrl } = await movedWithoutRemoval();
		expect(await checkExists.call(trigger.hooks({ url: newUrl }))).toBe(true);
		expect(await checkExists.call(trigger.hooks({ url: newUrl }))).toBe(true);
		expect(warnings(trigger).filter((message) => NAMED.test(message) && message.includes(oldId))).toHaveLength(2);

		// Deleted by hand, as the warning says.
		await emulator.api('DELETE', `/webhooks/v1/endpoints/${oldId}`);
		trigger.logs.splice(0);
		expect(await checkExists.call(trigger.hooks({ url: newUrl }))).toBe(true);
		expect(warnings(trigger)).toEqual([]);
		expect(trigger.staticData.previousEndpointId).toBeUndefined();
		expect(trigger.staticData.endpointUrl).toBe(newUrl);
	});

	it('is named by a publish under the same address again (the note carries over)', async () => {
		const { trigger, oldId, newUrl } = await movedWithoutRemoval();
		await create.call(trigger.hooks({ url: newUrl }));
		expect(trigger.staticData).toMatchObject({ previousEndpointId: oldId });
	});

	it('is removed by republishing once the option is on, as the warning says, and the note goes with it', async () => {
		const { trigger, oldId, newUrl } = await movedWithoutRemoval();
		trigger.parameters.options = { removePreviousEndpoint: true };
		// Unpublish (its own endpoint goes, the note stays), then publish.
		expect(await deleteWebhook.call(trigger.hooks({ url: newUrl }))).toBe(true);
		expect(trigger.staticData).toEqual({ previousEndpointId: oldId, previousEndpointUrl: trigger.url, previousInstanceId: expect.any(String) });
		await create.call(trigger.hooks({ url: newUrl }));
		expect((await emulator.client.endpoints()).map((endpoint) => endpoint.url)).toEqual([newUrl]);
		expect(trigger.staticData.previousEndpointId).toBeUndefined();
	});

	it('survives an unpublish and a publish with the option off, still named', async () => {
		const { trigger, oldId, newUrl } = await movedWithoutRemoval();
		await deleteWebhook.call(trigger.hooks({ url: newUrl }));
		await create.call(trigger.hooks({ url: newUrl }));
		expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
		expect(warnings(trigger).filter((message) => NAMED.test(message) && message.includes(oldId))).toHaveLength(1);
		expect(trigger.staticData.previousEndpointId).toBe(oldId);
	});

	it('still delivering to the old address: refused (its secret is gone), and the warning names it', async () => {
		// Registered first under localhost, then under 127.0.0.1, the stand-in server's own URL, so
		// the old endpoint's deliveries arrive with `Host: localhost:<port>`.
		const trigger = await startTrigger(emulator, { events: ['note.created'], options: {} });
		triggers.push(trigger);
		const oldUrl = otherOrigin(trigger.url);
		await create.call(trigger.hooks({ url: oldUrl }));
		const [old] = await endpointsAt(emulator, oldUrl);
		await create.call(trigger.hooks());
		trigger.server.logs.splice(0);

		const result = await emulator.client.deliver({ eventName: 'note.created' });
		const statusByUrl = Object.fromEntries(result.deliveries.map((delivery) => [delivery.url, delivery.attempts.map((attempt) => attempt.status)]));
		expect(statusByUrl).toEqual({ [trigger.url]: [200], [oldUrl]: [401] });
		expect(trigger.server.executions).toHaveLength(1);
		const serverWarnings = trigger.server.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
		expect(serverWarnings.filter((message) => NAMED.test(message) && message.includes(old.id))).toHaveLength(1);
	});
});

describe('with Remove Endpoint at Previous Address on', () => {
	it('the genuine move leaves one endpoint, for the new address', async () => {
		const trigger = await publishedTrigger({ removePreviousEndpoint: true });
		const newUrl = otherPrefix(trigger.url);
		await deleteWebhook.call(trigger.hooks({ url: newUrl }));
		await create.call(trigger.hooks({ url: newUrl }));
		expect((await emulator.client.endpoints()).map((endpoint) => endpoint.url)).toEqual([newUrl]);
		expect(trigger.logs.some((entry) => entry.level === 'info' && /removed endpoint .* registered under a previous n8n address/.test(entry.message))).toBe(true);
	});

	it('a record another instance wrote (a workflow imported with its static data) is still left alone', async () => {
		const trigger = await publishedTrigger({ removePreviousEndpoint: true });
		const newUrl = otherOrigin(trigger.url);
		await create.call(trigger.hooks({ url: newUrl, instanceId: 'another-instance' }));
		expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
		expect(warnings(trigger).some((message) => message.includes('another n8n instance recorded it'))).toBe(true);
	});
});
