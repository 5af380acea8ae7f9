/**
 * FullStory's List Event Types decides, for both nodes: which event types are valid, and through
 * `hasSubcategories`, whether subcategories are required and sent. The built-in table stands in
 * only when FullStory cannot be reached. Against the strict emulator, whose catalog is set per
 * org, so both directions of every flag are exercised.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { loadOptions } from '../nodes/eventTypes/loadOptions';
import { create } from '../nodes/FullStoryTrigger/registration/lifecycle';
import { failAction, runAction } from './helpers/actionNode';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { operationRejection, rejection } from './helpers/rejection';
import type { TriggerUnderTest } from './helpers/trigger';
import { endpointsAt, startTrigger, subcategoriesOf } from './helpers/trigger';

const emulator = useTestEmulator();
const triggers: TriggerUnderTest[] = [];

afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (trigger) => await trigger.stop()));
});

async function trigger(parameters: IDataObject): Promise<TriggerUnderTest> {
	const started = await startTrigger(emulator, parameters);
	triggers.push(started);
	return started;
}

const NEW_TYPE = { eventName: 'session.highlight', displayName: 'Session Highlight', hasSubcategories: false };

describe('hasSubcategories from FullStory decides', () => {
	it('a type FullStory says has none is subscribed without a subcategory, picker values aside', async () => {
		await emulator.client.setHasSubcategories({ 'metric.alert': false });
		const t = await trigger({ events: ['metric.alert'], metricAlertSubcategories: ['left-over-id'] });
		await t.create();
		const [endpoint] = await endpointsAt(emulator, t.url);
		expect(endpoint.eventTypes).toEqual([{ eventName: 'metric.alert' }]);
	});

	it('a type FullStory says has them needs its picker, named in the message', async () => {
		const t = await trigger({ events: ['metric.alert'] });
		const error = await operationRejection(t.create());
		expect(error.message).toBe('Choose at least one entry in "Metric Alert Names or IDs" to receive metric.alert');
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});

	it('the flag is per org: the other org still needs subcategories', async () => {
		await emulator.client.setHasSubcategories({ 'metric.alert': false });
		const t = await trigger({ events: ['metric.alert'] });
		const error = await rejection(create.call(t.hooks({ apiKey: emulator.legacyKey })));
		expect(error.message).toMatch(/^Choose at least one entry in "Metric Alert Names or IDs"/);
	});

	it('a type without a picker that FullStory says has subcategories is refused with what to do', async () => {
		await emulator.client.setHasSubcategories({ 'note.created': true });
		const t = await trigger({ events: ['note.created'] });
		const error = await operationRejection(t.create());
		expect(error.message).toBe(
			'FullStory says "note.created" has subcategories, which this version of the node cannot choose',
		);
		expect(error.description).toMatch(/^Update n8n-nodes-fullstory/);
	});

	it('the action node follows the same flag on Create', async () => {
		await emulator.client.setHasSubcategories({ 'segment.trend.alert': false });
		const { output } = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: 'https://n8n.example.com/webhook/a',
			eventTypes: ['segment.trend.alert'],
			secret: 'a-secret-of-some-length',
		});
		expect(output[0].json.eventTypes).toEqual([{ eventName: 'segment.trend.alert' }]);
	});
});

describe('event types FullStory lists that the built-in table lacks', () => {
	it('are offered in the editor, register, and deliver generic items keyed by the body', async () => {
		await emulator.client.addEventTypes([NEW_TYPE]);
		const options = await loadOptions.getEventTypes.call(loadContext());
		expect(options).toContainEqual({ name: 'Session Highlight', value: 'session.highlight', description: 'session.highlight' });

		const t = await trigger({ events: ['session.highlight'] });
		await t.create();
		expect((await endpointsAt(emulator, t.url))[0].eventTypes).toEqual([{ eventName: 'session.highlight' }]);

		await emulator.client.deliver({ eventName: 'session.highlight', data: { id: 'h-1', sessionUrl: 'https://app.fullstory.com/s/1' } });
		expect(t.server.executions).toHaveLength(1);
		const [[item]] = t.server.executions;
		expect(item).toMatchObject({ eventName: 'session.highlight', version: 1, id: 'h-1', sessionUrl: 'https://app.fullstory.com/s/1' });
		// Its `id` is not known to identify the event, so the key is the body's hash.
		expect(item.eventKey).toMatch(/^sha256:[0-9a-f]{64}$/);
	});

	it('a typo is still caught, with the names FullStory offers', async () => {
		await emulator.client.addEventTypes([NEW_TYPE]);
		const error = await failAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: 'https://n8n.example.com/webhook/a',
			eventTypes: ['session.higlight'],
			secret: 'a-secret-of-some-length',
		});
		expect(error.message).toBe('"session.higlight" is not an event type FullStory offers this account');
		expect(error.description).toContain('session.highlight');
	});
});

function loadContext(): ILoadOptionsFunctions {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.adminKey) }).context;
}

describe('when FullStory cannot be reached', () => {
	it('the editor shows the built-in list, marked offline, without the inferred segment.created', async () => {
		await emulator.client.injectFault({ method: 'GET', path: '/webhooks/v1/event-types', kind: 'status500', count: 3 });
		const options = await loadOptions.getEventTypes.call(loadContext());
		expect(options.map((option) => option.value).sort()).toEqual(
			['metric.alert', 'nativemobile.event.crash', 'note.created', 'recording.event.custom', 'segment.trend.alert'].sort(),
		);
		expect(options.every((option) => option.name.endsWith(' (offline list)'))).toBe(true);
	});

	it('subcategory pickers load from FullStory for every type that has one', async () => {
		for (const method of ['getCustomEventSubcategories', 'getMetricAlertSubcategories', 'getSegmentAlertSubcategories']) {
			const options = await loadOptions[method].call(loadContext());
			expect(options.length).toBeGreaterThan(0);
		}
		const [segmentAlert] = await subcategoriesOf(emulator, 'segment.trend.alert');
		const segmentOptions = await loadOptions.getSegmentAlertSubcategories.call(loadContext());
		expect(segmentOptions.map((option) => option.value)).toContain(segmentAlert);
	});
});
