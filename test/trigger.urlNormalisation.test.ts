/**
 * URLs FullStory may store in another spelling than the one sent (how it normalises them is not
 * documented; the emulator's urlNormalisation switch plays each reading). The trigger recognises
 * its endpoint in the URL standard's spelling, and an endpoint whose URL it cannot recognise is
 * removed before activation fails, so none is left enabled with a secret nobody holds.
 */
import { checkExists, create, deleteWebhook } from '../nodes/FullStoryTrigger/registration/lifecycle';
import { useTestEmulator } from './helpers/emulatorFixture';
import { operationRejection } from './helpers/rejection';
import type { TriggerUnderTest } from './helpers/trigger';
import { startTrigger } from './helpers/trigger';

const emulator = useTestEmulator();
let trigger: TriggerUnderTest;
beforeEach(async () => {
	trigger = await startTrigger(emulator, { events: ['note.created'], options: {} });
});
afterEach(async () => await trigger.stop());

/** The stand-in server's URL with its host in capitals and the default-free port spelled out. */
function shouted(url: string): string {
	return url.replace('http://127.0.0.1:', 'http://LOCALHOST:').replace('/webhook/', '/webhook/Mixed-Case-');
}

it('the emulator stores the URL as sent, as the URL standard spells it, or lower-cased, as configured', async () => {
	const url = 'HTTP://N8N.Example.COM:80/Webhook/A';
	const created = async () => (await emulator.api('POST', '/webhooks/v1/endpoints', { body: { url, eventTypes: [{ eventName: 'note.created' }], secret: 's3cret-value' } })).body;
	expect(await created()).toMatchObject({ url });
	await emulator.client.reset();
	await emulator.client.configure({ urlNormalisation: 'whatwg' });
	expect(await created()).toMatchObject({ url: 'http://n8n.example.com/Webhook/A' });
	await emulator.client.reset();
	await emulator.client.configure({ urlNormalisation: 'lowercase' });
	expect(await created()).toMatchObject({ url: 'http://n8n.example.com:80/webhook/a' });
});

it('FullStory storing the standard spelling: activation, the next activation and unpublishing all find the endpoint', async () => {
	await emulator.client.configure({ urlNormalisation: 'whatwg' });
	const url = shouted(trigger.url);
	const hooks = () => trigger.hooks({ url });
	await create.call(hooks());
	const [endpoint] = await emulator.client.endpoints();
	expect(endpoint.url).toBe(new URL(url).href);
	expect(endpoint.url).not.toBe(url);
	expect(await checkExists.call(hooks())).toBe(true);
	// A second create adopts it instead of adding another.
	await create.call(hooks());
	expect(await emulator.client.endpoints()).toHaveLength(1);
	expect(await deleteWebhook.call(hooks())).toBe(true);
	expect(await emulator.client.endpoints()).toEqual([]);
});

it('FullStory answering with a URL that is not ours: the endpoint just made is removed before activation fails', async () => {
	await emulator.client.configure({ urlNormalisation: 'lowercase' });
	const url = shouted(trigger.url);
	const error = await operationRejection(create.call(trigger.hooks({ url })));
	expect(error.message).toBe('FullStory registered a different URL than the one sent');
	expect(error.description).toContain('that endpoint was removed again');
	expect(await emulator.client.endpoints()).toEqual([]);
	expect(trigger.staticData).toEqual({});
});
