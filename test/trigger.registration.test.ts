/**
 * Where a stored registration and the present disagree: n8n moved to another address (with
 * Options > Remove Endpoint at Previous Address on; off, the default, is trigger.previousAddress
 * .test.ts), the workflow was imported into another instance, or the credential now holds
 * another org's key.
 * Against the strict emulator over real HTTP; the other origin is `localhost` for `127.0.0.1`,
 * so both addresses reach the same stand-in webhook server.
 */
import { checkExists, create, deleteWebhook } from '../nodes/FullStoryTrigger/registration/lifecycle';
import { useTestEmulator } from './helpers/emulatorFixture';
import { operationRejection, rejection } from './helpers/rejection';
import type { TriggerUnderTest } from './helpers/trigger';
import { endpointsAt, startTrigger } from './helpers/trigger';

const emulator = useTestEmulator();
const triggers: TriggerUnderTest[] = [];

// Every case runs with FullStory's documented ids (base64url of the URL) and with opaque ones,
// so nothing here relies on deriving an id from a URL.
describe.each(['url', 'opaque'] as const)('endpoint ids: %s', (endpointIds) => {
	beforeEach(async () => await emulator.client.configure({ endpointIds }));

	afterEach(async () => {
		await Promise.all(triggers.splice(0).map(async (trigger) => await trigger.stop()));
	});

	async function publishedTrigger(): Promise<TriggerUnderTest> {
		const trigger = await startTrigger(emulator, { events: ['note.created'], options: { removePreviousEndpoint: true } });
		triggers.push(trigger);
		await trigger.activate();
		return trigger;
	}

	/** The same webhook under another origin, as after N8N_WEBHOOK_URL changed. */
	function movedUrl(url: string): string {
		return url.replace('http://127.0.0.1:', 'http://localhost:');
	}

	function logged(trigger: TriggerUnderTest, level: string, pattern: RegExp): boolean {
		return trigger.logs.some((entry) => entry.level === level && pattern.test(entry.message));
	}

	describe('n8n moved to another address (same instance, same webhook path), removal on', () => {
		it('republish (delete, then create) removes the old endpoint and registers the new URL once', async () => {
			const trigger = await publishedTrigger();
			const oldId = String(trigger.staticData.endpointId);
			const newUrl = movedUrl(trigger.url);

			expect(await deleteWebhook.call(trigger.hooks({ url: newUrl }))).toBe(true);
			expect(await endpointsAt(emulator, trigger.url)).toHaveLength(0);
			expect(trigger.staticData).toEqual({});

			await create.call(trigger.hooks({ url: newUrl }));
			const endpoints = await emulator.client.endpoints();
			expect(endpoints.map((endpoint) => endpoint.url)).toEqual([newUrl]);
			expect(endpoints[0].id).not.toBe(oldId);
			expect(trigger.staticData.endpointUrl).toBe(newUrl);
			expect(logged(trigger, 'info', new RegExp(`removed endpoint ${oldId} .*registered under a previous n8n address`))).toBe(true);
		});

		it('activation alone (n8n 1.x re-registers at start-up) removes the old endpoint too', async () => {
			const trigger = await publishedTrigger();
			const newUrl = movedUrl(trigger.url);
			expect(await checkExists.call(trigger.hooks({ url: newUrl }))).toBe(false);
			await create.call(trigger.hooks({ url: newUrl }));
			expect((await emulator.client.endpoints()).map((endpoint) => endpoint.url)).toEqual([newUrl]);
		});

		it('deliveries to the new address are verified with the new secret', async () => {
			const trigger = await publishedTrigger();
			const newUrl = movedUrl(trigger.url);
			await create.call(trigger.hooks({ url: newUrl }));
			const result = await emulator.client.deliver({ eventName: 'note.created' });
			expect(result.deliveries).toEqual([
				expect.objectContaining({ url: newUrl, attempts: [expect.objectContaining({ status: 200 })] }),
			]);
			expect(trigger.server.executions).toHaveLength(1);
		});

		it('an old endpoint that now delivers elsewhere is not ours any more and is left alone', async () => {
			const trigger = await publishedTrigger();
			const elsewhere = 'https://someone-else.example.com/hook';
			await emulator.api('POST', `/webhooks/v1/endpoints/${String(trigger.staticData.endpointId)}`, {
				body: { url: elsewhere, disabled: false },
			});
			await create.call(trigger.hooks({ url: movedUrl(trigger.url) }));
			expect(await endpointsAt(emulator, elsewhere)).toHaveLength(1);
			// With ids from URLs the new URL re-keyed it, so the stored id is simply gone.
			expect(logged(trigger, 'warn', /no longer this trigger's and is left alone/)).toBe(endpointIds === 'opaque');
		});

		it('an old endpoint FullStory cannot delete: activation still registers the new URL and warns with id and URL', async () => {
			const trigger = await publishedTrigger();
			const oldId = String(trigger.staticData.endpointId);
			await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status500', count: 3 });
			await create.call(trigger.hooks({ url: movedUrl(trigger.url) }));
			expect(await endpointsAt(emulator, movedUrl(trigger.url))).toHaveLength(1);
			const warning = trigger.logs.find((entry) => entry.level === 'warn' && entry.message.includes('could not remove'));
			expect(warning?.message).toContain(oldId);
			expect(warning?.message).toContain(trigger.url);
		});

		it('the same failure during delete throws and keeps the record, so the next attempt finishes the job', async () => {
			const trigger = await publishedTrigger();
			await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status500', count: 3 });
			const hooks = trigger.hooks({ url: movedUrl(trigger.url) });
			await rejection(deleteWebhook.call(hooks));
			expect(trigger.staticData.endpointUrl).toBe(trigger.url);
			expect(await deleteWebhook.call(hooks)).toBe(true);
			expect(await emulator.client.endpoints()).toHaveLength(0);
		});
	});

	describe('records this instance did not write', () => {
		it('a workflow imported into another instance with its static data never touches the original endpoint', async () => {
			const trigger = await publishedTrigger();
			const newUrl = movedUrl(trigger.url);
			const otherInstance = { url: newUrl, instanceId: 'production-instance' };
			await deleteWebhook.call(trigger.hooks(otherInstance));
			await create.call(trigger.hooks(otherInstance));
			expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
			expect(await endpointsAt(emulator, newUrl)).toHaveLength(1);
			expect(logged(trigger, 'warn', /left alone \(another n8n instance recorded it/)).toBe(true);
		});

		it('a record written before instances were recorded is left alone even with removal on, with a warning naming the endpoint', async () => {
			const trigger = await publishedTrigger();
			delete trigger.staticData.instanceId;
			const oldId = String(trigger.staticData.endpointId);
			await create.call(trigger.hooks({ url: movedUrl(trigger.url) }));
			expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
			const warning = trigger.logs.find((entry) => entry.level === 'warn' && entry.message.includes(oldId));
			expect(warning?.message).toMatch(/left alone \(it was recorded without an n8n instance id\)/);
		});
	});

	describe('the credential now holds a key of another FullStory org', () => {
		it('unpublishing fails with the endpoint and the org that still holds it, and changes nothing', async () => {
			const trigger = await publishedTrigger();
			const id = String(trigger.staticData.endpointId);
			const error = await operationRejection(deleteWebhook.call(trigger.hooks({ apiKey: emulator.legacyKey })));
			expect(error.message).toBe(
				`FullStory endpoint ${id} (${trigger.url}) is in FullStory org ${emulator.orgId}, but this credential's key belongs to org ${emulator.legacyOrgId}`,
			);
			expect(await endpointsAt(emulator, trigger.url)).toHaveLength(1);
			expect(trigger.staticData.endpointId).toBe(id);

			// Back with the first org's key, unpublishing removes it.
			expect(await deleteWebhook.call(trigger.hooks())).toBe(true);
			expect(await emulator.client.endpoints()).toHaveLength(0);
		});

		it('publishing under the other org registers there and warns that the first org keeps its endpoint', async () => {
			const trigger = await publishedTrigger();
			await create.call(trigger.hooks({ apiKey: emulator.legacyKey }));
			const endpoints = await endpointsAt(emulator, trigger.url);
			expect(endpoints.map((endpoint) => endpoint.orgId).sort()).toEqual([emulator.legacyOrgId, emulator.orgId].sort());
			expect(trigger.staticData.orgId).toBe(emulator.legacyOrgId);
			expect(logged(trigger, 'warn', new RegExp(`stays in FullStory org ${emulator.orgId}`))).toBe(true);
		});
	});
});
