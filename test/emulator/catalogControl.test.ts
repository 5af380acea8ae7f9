import { isJsonObject } from '../../emulator/guards';
import type { EventTypeDef } from '../../emulator/api/types';
import type { ApiReply } from '../helpers/emulator';
import { BUILT_IN_EVENT_NAMES, endpointOf, eventDefsOf, subcategoryPageOf } from './wire';
import { useDeliveryRig } from './deliveryRig';

const HIGHLIGHT: EventTypeDef = { eventName: 'session.highlight', displayName: 'Session Highlight', hasSubcategories: false };
const JOURNEY: EventTypeDef = { eventName: 'journey.completed', displayName: 'Journey Completed', hasSubcategories: true };

function expectRefusal(reply: ApiReply, code: string, fragment: string): void {
	expect(reply.status).toBe(400);
	expect(reply.body).toEqual({ code, message: expect.stringContaining(fragment) });
}

describe('per-org catalog control: hasSubcategories overrides and added event types', () => {
	const rig = useDeliveryRig();

	async function eventDefs(key?: string): Promise<EventTypeDef[]> {
		const reply = await rig.emulator.api('GET', '/webhooks/v1/event-types', { key });
		expect(reply.status).toBe(200);
		return eventDefsOf(reply.body);
	}

	async function flagOf(eventName: string, key?: string): Promise<boolean | undefined> {
		return (await eventDefs(key)).find((def) => def.eventName === eventName)?.hasSubcategories;
	}

	async function subcategories(eventName: string, key?: string) {
		const reply = await rig.emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`, { key });
		expect(reply.status).toBe(200);
		return subcategoryPageOf(reply.body).subcategoryDefs;
	}

	async function subscribe(eventTypes: unknown[], key?: string, path = '/hook') {
		return await rig.emulator.api('POST', '/webhooks/v1/endpoints', {
			key,
			body: { url: `${rig.receiver.url}${path}`, secret: 's', eventTypes },
		});
	}

	function dataOf(index: number): Record<string, unknown> {
		const parsed: unknown = JSON.parse(rig.receiver.received[index].rawBody.toString('utf8'));
		if (!isJsonObject(parsed) || !isJsonObject(parsed.data)) throw new Error('not an envelope');
		return parsed.data;
	}

	describe('hasSubcategories switched off (metric.alert, whose flag the docs leave open)', () => {
		let metricSubcategory: string;

		beforeEach(async () => {
			[{ subcategory: metricSubcategory }] = await subcategories('metric.alert');
			const summary = await rig.emulator.client.setHasSubcategories({ 'metric.alert': false });
			expect(summary.eventDefs).toContainEqual({
				eventName: 'metric.alert',
				displayName: 'Metric Alert',
				hasSubcategories: false,
			});
			expect(summary.subcategoryCounts).not.toHaveProperty('metric.alert');
		});

		it('is reported by List Event Types for that org only', async () => {
			expect(await flagOf('metric.alert')).toBe(false);
			expect(await flagOf('metric.alert', rig.emulator.legacyKey)).toBe(true);
			expect((await rig.emulator.client.catalog(rig.emulator.legacyOrgId)).subcategoryCounts['metric.alert']).toBe(3);
		});

		it('lists no subcategories for it, as for any type without them', async () => {
			expect(await subcategories('metric.alert')).toEqual([]);
			expect(await subcategories('metric.alert', rig.emulator.legacyKey)).toHaveLength(3);
		});

		it('accepts a subscription without a subcategory even though requireSubcategory is on', async () => {
			expect((await rig.emulator.client.config()).requireSubcategory).toBe(true);
			const reply = await subscribe([{ eventName: 'metric.alert' }]);
			expect(reply.status).toBe(200);
			expect(endpointOf(reply.body).eventTypes).toEqual([{ eventName: 'metric.alert' }]);
			const legacy = await subscribe([{ eventName: 'metric.alert' }], rig.emulator.legacyKey);
			expect(legacy.status).toBe(400);
			expect(legacy.body).toEqual({
				code: 'required_field',
				message: 'eventTypes[0].subcategory is required for metric.alert',
			});
		});

		it('rejects (strict) a subscription naming a subcategory, naming the field and the type', async () => {
			const reply = await subscribe([
				{ eventName: 'note.created' },
				{ eventName: 'metric.alert', subcategory: metricSubcategory },
			]);
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({
				code: 'invalid_argument',
				message: 'eventTypes[1].subcategory is not allowed: metric.alert has no subcategories',
			});
			expect(await rig.emulator.client.endpoints()).toEqual([]);
		});

		it('rejects it on update too', async () => {
			const id = endpointOf((await subscribe([{ eventName: 'note.created' }])).body).id;
			const reply = await rig.emulator.api('POST', `/webhooks/v1/endpoints/${id}`, {
				body: { eventTypes: [{ eventName: 'metric.alert', subcategory: metricSubcategory }], disabled: false },
			});
			expectRefusal(reply, 'invalid_argument', 'eventTypes[0].subcategory is not allowed: metric.alert');
		});

		it('drops the subcategory instead when not strict: the subscription covers the whole type', async () => {
			await rig.emulator.client.configure({ strict: false });
			const reply = await subscribe([{ eventName: 'metric.alert', subcategory: metricSubcategory }]);
			expect(reply.status).toBe(200);
			expect(endpointOf(reply.body).eventTypes).toEqual([{ eventName: 'metric.alert' }]);
		});

		it('refuses to deliver with a subcategory, and delivers without one', async () => {
			await subscribe([{ eventName: 'metric.alert' }]);
			await expect(
				rig.emulator.client.deliver({ eventName: 'metric.alert', subcategory: metricSubcategory }),
			).rejects.toMatchObject({ status: 400 });
			const result = await rig.emulator.client.deliver({ eventName: 'metric.alert' });
			expect(result.deliveries.map((delivery) => delivery.attempts[0].status)).toEqual([200]);
		});

		it('brings the same subcategory values back when switched on again', async () => {
			await rig.emulator.client.setHasSubcategories({ 'metric.alert': true });
			expect(await flagOf('metric.alert')).toBe(true);
			expect((await subcategories('metric.alert'))[0].subcategory).toBe(metricSubcategory);
		});
	});

	describe('hasSubcategories switched on (note.created, for one org)', () => {
		beforeEach(async () => {
			await rig.emulator.client.setHasSubcategories({ 'note.created': true });
		});

		it('is reported for that org, with generated fixtures named after the type', async () => {
			expect(await flagOf('note.created')).toBe(true);
			expect(await flagOf('note.created', rig.emulator.legacyKey)).toBe(false);
			const defs = await subcategories('note.created');
			expect(defs.map((def) => def.displayName)).toEqual(['Note Created 1', 'Note Created 2', 'Note Created 3']);
			expect(Buffer.from(defs[0].subcategory, 'base64').toString('latin1')).toContain(rig.emulator.orgId);
			expect(await subcategories('note.created', rig.emulator.legacyKey)).toEqual([]);
		});

		it('then needs a subcategory, validated against the fixtures, while the other org refuses one', async () => {
			const [first] = await subcategories('note.created');
			const missing = await subscribe([{ eventName: 'note.created' }]);
			expectRefusal(missing, 'required_field', 'eventTypes[0].subcategory is required for note.created');
			const wrong = await subscribe([{ eventName: 'note.created', subcategory: 'Tm90ZQ==' }]);
			expectRefusal(wrong, 'invalid_argument', '"Tm90ZQ==" is not a subcategory of note.created');
			const right = await subscribe([{ eventName: 'note.created', subcategory: first.subcategory }]);
			expect(right.status).toBe(200);

			const legacy = await subscribe([{ eventName: 'note.created', subcategory: first.subcategory }], rig.emulator.legacyKey);
			expectRefusal(legacy, 'invalid_argument', 'note.created has no subcategories');
			expect((await subscribe([{ eventName: 'note.created' }], rig.emulator.legacyKey, '/legacy')).status).toBe(200);
		});

		it('delivers by subcategory', async () => {
			const [first, second] = await subcategories('note.created');
			await subscribe([{ eventName: 'note.created', subcategory: first.subcategory }], undefined, '/first');
			await subscribe([{ eventName: 'note.created', subcategory: second.subcategory }], undefined, '/second');
			await rig.emulator.client.deliver({ eventName: 'note.created', subcategory: second.subcategory });
			expect(rig.receiver.received.map((request) => request.path)).toEqual(['/second']);
		});
	});

	describe('event types outside the built-in catalog', () => {
		beforeEach(async () => {
			const summary = await rig.emulator.client.addEventTypes([HIGHLIGHT, JOURNEY]);
			expect(summary.subcategoryCounts).toMatchObject({ 'journey.completed': 3 });
		});

		it('are listed after the built-in ones for that org only', async () => {
			const mine = await eventDefs();
			expect(mine.map((def) => def.eventName)).toEqual([...BUILT_IN_EVENT_NAMES, HIGHLIGHT.eventName, JOURNEY.eventName]);
			expect(mine.slice(-2)).toEqual([HIGHLIGHT, JOURNEY]);
			expect((await eventDefs(rig.emulator.legacyKey)).map((def) => def.eventName)).toEqual(BUILT_IN_EVENT_NAMES);
		});

		it('serve generated subcategories when they have them, none otherwise, and 404 elsewhere', async () => {
			expect((await subcategories('journey.completed')).map((def) => def.displayName)).toEqual([
				'Journey Completed 1',
				'Journey Completed 2',
				'Journey Completed 3',
			]);
			expect(await subcategories('session.highlight')).toEqual([]);
			const legacy = await rig.emulator.api('GET', '/webhooks/v1/event-types/session.highlight/subcategories', {
				key: rig.emulator.legacyKey,
			});
			expect(legacy.status).toBe(404);
		});

		it('can be subscribed to, under the same rules as built-in types', async () => {
			const [journey] = await subcategories('journey.completed');
			const reply = await subscribe([
				{ eventName: 'session.highlight' },
				{ eventName: 'journey.completed', subcategory: journey.subcategory },
			]);
			expect(reply.status).toBe(200);
			const missing = await subscribe([{ eventName: 'journey.completed' }], undefined, '/b');
			expectRefusal(missing, 'required_field', 'subcategory is required for journey.completed');
			const extra = await subscribe([{ eventName: 'session.highlight', subcategory: journey.subcategory }], undefined, '/c');
			expectRefusal(extra, 'invalid_argument', 'session.highlight has no subcategories');
			const legacy = await subscribe([{ eventName: 'session.highlight' }], rig.emulator.legacyKey);
			expectRefusal(legacy, 'invalid_argument', '"session.highlight" is not an event type available');
		});

		it('are delivered with a generic payload without an id', async () => {
			await subscribe([{ eventName: 'session.highlight' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'session.highlight' });
			expect(result.deliveries).toHaveLength(1);
			expect(JSON.parse(result.body)).toEqual({
				eventName: 'session.highlight',
				version: 1,
				data: {
					pageUrl: expect.any(String),
					sessionUrl: expect.stringContaining(`/ui/${rig.emulator.orgId}/session/`),
					timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
				},
			});
			expect(dataOf(0)).not.toHaveProperty('id');
		});

		it('are delivered with the caller data, or named after the subcategory delivered', async () => {
			const [journey] = await subcategories('journey.completed');
			await subscribe([
				{ eventName: 'session.highlight' },
				{ eventName: 'journey.completed', subcategory: journey.subcategory },
			]);
			await rig.emulator.client.deliver({ eventName: 'session.highlight', data: { highlightId: 'h-1', score: 9 } });
			expect(dataOf(0)).toEqual({ highlightId: 'h-1', score: 9 });
			await rig.emulator.client.deliver({ eventName: 'journey.completed', subcategory: journey.subcategory });
			expect(dataOf(1)).toMatchObject({ name: journey.displayName });
		});

		it('are not delivered for another org', async () => {
			await expect(
				rig.emulator.client.deliver({ eventName: 'session.highlight', orgId: rig.emulator.legacyOrgId }),
			).rejects.toMatchObject({ status: 400, message: expect.stringContaining('not in the catalog of org TN1') });
		});

		it('can be hidden by eventNames and offered again, keeping their place', async () => {
			await rig.emulator.client.setCatalog({ eventNames: ['note.created'] });
			expect((await eventDefs()).map((def) => def.eventName)).toEqual(['note.created']);
			await rig.emulator.client.setCatalog({ eventNames: ['journey.completed', 'note.created', 'session.highlight'] });
			const offered = (await eventDefs()).map((def) => def.eventName);
			expect(offered).toEqual(['note.created', 'session.highlight', 'journey.completed']);
		});

		it('can be redefined: a changed flag, the same place', async () => {
			await rig.emulator.client.addEventTypes([{ ...HIGHLIGHT, displayName: 'Highlight', hasSubcategories: true }]);
			const defs = await eventDefs();
			expect(defs[BUILT_IN_EVENT_NAMES.length]).toEqual({
				eventName: 'session.highlight',
				displayName: 'Highlight',
				hasSubcategories: true,
			});
			expect(await subcategories('session.highlight')).toHaveLength(3);
		});

		it('are gone after a reset', async () => {
			await rig.emulator.client.reset();
			expect((await eventDefs()).map((def) => def.eventName)).toEqual(BUILT_IN_EVENT_NAMES);
		});
	});

	it('takes every step in one update: add, override, offer, then fixtures for what was just added', async () => {
		const summary = await rig.emulator.client.setCatalog({
			orgId: rig.emulator.legacyOrgId,
			addEventTypes: [HIGHLIGHT],
			hasSubcategories: { 'session.highlight': true, 'segment.trend.alert': false },
			eventNames: ['note.created', 'segment.trend.alert'],
			generateSubcategories: { 'session.highlight': 12 },
		});
		expect(summary).toEqual({
			orgId: rig.emulator.legacyOrgId,
			eventDefs: [
				{ eventName: 'note.created', displayName: 'Note Created', hasSubcategories: false },
				{ eventName: 'segment.trend.alert', displayName: 'Segment Alert', hasSubcategories: false },
				{ ...HIGHLIGHT, hasSubcategories: true },
			],
			subcategoryCounts: { 'session.highlight': 12 },
		});
		expect((await subcategories('session.highlight', rig.emulator.legacyKey))[0].displayName).toBe('Session Highlight 01');
		expect((await eventDefs()).map((def) => def.eventName)).toEqual(BUILT_IN_EVENT_NAMES);
	});

	it('restores the seed flags on reset', async () => {
		await rig.emulator.client.setHasSubcategories({ 'metric.alert': false, 'note.created': true });
		await rig.emulator.client.reset();
		expect(await flagOf('metric.alert')).toBe(true);
		expect(await flagOf('note.created')).toBe(false);
	});

	it.each([
		[
			'a built-in name',
			{ addEventTypes: [{ ...HIGHLIGHT, eventName: 'note.created' }] },
			'addEventTypes[0].eventName "note.created" is in the built-in catalog',
		],
		[
			'the test event',
			{ addEventTypes: [{ ...HIGHLIGHT, eventName: 'test' }] },
			'addEventTypes[0].eventName "test" is reserved',
		],
		[
			'a name twice',
			{ addEventTypes: [HIGHLIGHT, HIGHLIGHT] },
			'addEventTypes names session.highlight more than once',
		],
		[
			'no displayName',
			{ addEventTypes: [{ eventName: 'session.highlight', hasSubcategories: false }] },
			'addEventTypes[0].displayName is required',
		],
		[
			'a flag that is no boolean',
			{ addEventTypes: [{ ...HIGHLIGHT, hasSubcategories: 'no' }] },
			'addEventTypes[0].hasSubcategories must be a boolean',
		],
		[
			'a name with a space',
			{ addEventTypes: [{ ...HIGHLIGHT, eventName: 'session highlight' }] },
			'addEventTypes[0].eventName must be an event name',
		],
		[
			'a single object',
			{ addEventTypes: HIGHLIGHT },
			'addEventTypes must be an array',
		],
		[
			'an override of an unknown type',
			{ hasSubcategories: { 'user.created': true } },
			'unknown event names: user.created',
		],
		[
			'an override that is no boolean',
			{ hasSubcategories: { 'metric.alert': 'false' } },
			'hasSubcategories must be an object mapping event names to booleans',
		],
		[
			'fixtures for an added type without subcategories',
			{ addEventTypes: [HIGHLIGHT], generateSubcategories: { 'session.highlight': 2 } },
			'without subcategories: session.highlight',
		],
		[
			'fixtures for a type switched off',
			{ hasSubcategories: { 'metric.alert': false }, subcategories: { 'metric.alert': [] } },
			'without subcategories: metric.alert',
		],
	])('refuses a catalog update with %s', async (_label, update, fragment) => {
		// Raw calls: the typed client would not let these bodies through.
		const reply = await rig.emulator.api('POST', '/__emulator/catalog', { key: null, body: update });
		expect(reply.status).toBe(400);
		expect(reply.body).toMatchObject({ message: expect.stringContaining(fragment) });
	});

	it('applies a refused update not at all', async () => {
		const before = await rig.emulator.client.catalog();
		const reply = await rig.emulator.api('POST', '/__emulator/catalog', {
			key: null,
			body: { addEventTypes: [HIGHLIGHT], hasSubcategories: { 'metric.alert': false }, eventNames: ['user.created'] },
		});
		expect(reply.status).toBe(400);
		expect(await rig.emulator.client.catalog()).toEqual(before);
	});
});
