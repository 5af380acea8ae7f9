import { useTestEmulator } from '../helpers/emulatorFixture';
import { eventDefsOf, subcategoryPageOf } from './wire';

const FULL_CATALOG = [
	{ eventName: 'note.created', displayName: 'Note Created', hasSubcategories: false },
	{ eventName: 'segment.created', displayName: 'New Segments', hasSubcategories: false },
	{ eventName: 'segment.trend.alert', displayName: 'Segment Alert', hasSubcategories: true },
	{ eventName: 'metric.alert', displayName: 'Metric Alert', hasSubcategories: true },
	{ eventName: 'nativemobile.event.crash', displayName: 'Native Mobile Crash', hasSubcategories: false },
	{ eventName: 'recording.event.custom', displayName: 'Custom Event', hasSubcategories: true },
];

describe('event types and subcategories (fullstory-api.md §2.7, §2.8, §7.7)', () => {
	const emulator = useTestEmulator();

	async function subcategories(eventName: string, key?: string) {
		const reply = await emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`, { key });
		expect(reply.status).toBe(200);
		return subcategoryPageOf(reply.body).subcategoryDefs;
	}

	it('lists the whole catalog, unpaginated, with documented display names', async () => {
		const reply = await emulator.api('GET', '/webhooks/v1/event-types');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ eventDefs: FULL_CATALOG });
	});

	it('serves realistic subcategory fixtures: opaque base64 values with display names', async () => {
		const custom = await subcategories('recording.event.custom');
		expect(custom.map((def) => def.displayName)).toEqual(
			expect.arrayContaining(['Product Added', 'Checkout Started']),
		);
		expect((await subcategories('segment.trend.alert')).map((def) => def.displayName)).toContain('Cancelled checkout flow');
		expect((await subcategories('metric.alert')).map((def) => def.displayName)).toContain('Uncaught Exceptions Alert');
		for (const def of custom) {
			expect(def.subcategory).toMatch(/^[A-Za-z0-9+/]+=*$/);
			expect(def.subcategory).not.toContain(def.displayName);
			// Like the real values: a serialized protobuf naming the org.
			expect(Buffer.from(def.subcategory, 'base64').toString('latin1')).toContain(emulator.orgId);
		}
		expect(new Set(custom.map((def) => def.subcategory)).size).toBe(custom.length);
	});

	it('gives each org its own subcategory values', async () => {
		const mine = await subcategories('recording.event.custom');
		const legacy = await subcategories('recording.event.custom', emulator.legacyKey);
		expect(legacy.map((def) => def.displayName)).toEqual(mine.map((def) => def.displayName));
		expect(legacy[0].subcategory).not.toBe(mine[0].subcategory);
		const foreign = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: {
				url: 'https://example.com/x',
				eventTypes: [{ eventName: 'recording.event.custom', subcategory: legacy[0].subcategory }],
			},
		});
		expect(foreign.status).toBe(400);
	});

	it.each(['note.created', 'segment.created', 'nativemobile.event.crash'])(
		'answers 200 with an empty list for %s, which has no subcategories',
		async (eventName) => {
			const reply = await emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`);
			expect(reply.status).toBe(200);
			expect(reply.body).toEqual({ subcategoryDefs: [] });
		},
	);

	it('404s the subcategories of an unknown event name', async () => {
		const reply = await emulator.api('GET', '/webhooks/v1/event-types/user.created/subcategories');
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ message: 'Requested resource does not exist', code: 'resource_not_found' });
	});

	it('offers only the plan subset set for an org, leaving other orgs alone', async () => {
		await emulator.client.setCatalog({ eventNames: ['recording.event.custom', 'note.created'] });
		const mine = eventDefsOf((await emulator.api('GET', '/webhooks/v1/event-types')).body);
		// Catalog order, not request order.
		expect(mine.map((def) => def.eventName)).toEqual(['note.created', 'recording.event.custom']);
		const legacy = eventDefsOf((await emulator.api('GET', '/webhooks/v1/event-types', { key: emulator.legacyKey })).body);
		expect(legacy).toEqual(FULL_CATALOG);

		const outsidePlan = await emulator.api('GET', '/webhooks/v1/event-types/metric.alert/subcategories');
		expect(outsidePlan.status).toBe(404);
		const subscribe = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/x', eventTypes: [{ eventName: 'nativemobile.event.crash' }] },
		});
		expect(subscribe.status).toBe(400);
		expect(subscribe.body).toEqual({
			code: 'invalid_argument',
			message: expect.stringContaining('"nativemobile.event.crash" is not an event type available'),
		});
	});

	it('sets a catalog per org, including the legacy org', async () => {
		await emulator.client.setCatalog({ orgId: emulator.legacyOrgId, eventNames: ['note.created'] });
		const legacy = eventDefsOf((await emulator.api('GET', '/webhooks/v1/event-types', { key: emulator.legacyKey })).body);
		expect(legacy.map((def) => def.eventName)).toEqual(['note.created']);
		expect(eventDefsOf((await emulator.api('GET', '/webhooks/v1/event-types')).body)).toEqual(FULL_CATALOG);
	});

	it('serves explicit subcategory fixtures and validates subscriptions against them', async () => {
		const summary = await emulator.client.setCatalog({
			subcategories: { 'segment.trend.alert': [{ subcategory: 'QWxlcnQ6MQ==', displayName: 'Alert one' }] },
		});
		expect(summary.subcategoryCounts['segment.trend.alert']).toBe(1);
		expect(await subcategories('segment.trend.alert')).toEqual([{ subcategory: 'QWxlcnQ6MQ==', displayName: 'Alert one' }]);
		const ok = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: {
				url: 'https://example.com/x',
				eventTypes: [{ eventName: 'segment.trend.alert', subcategory: 'QWxlcnQ6MQ==' }],
			},
		});
		expect(ok.status).toBe(200);
	});

	it('restores the default catalog on reset', async () => {
		await emulator.client.setCatalog({ eventNames: ['note.created'], generateSubcategories: { 'metric.alert': 5 } });
		await emulator.client.reset();
		expect(eventDefsOf((await emulator.api('GET', '/webhooks/v1/event-types')).body)).toEqual(FULL_CATALOG);
		expect((await subcategories('metric.alert')).length).toBe(3);
	});

	it.each([
		[{ eventNames: ['user.created'] }, 'unknown event names: user.created'],
		[{ subcategories: { 'note.created': [] } }, 'without subcategories: note.created'],
		[{ generateSubcategories: { 'metric.alert': -1 } }, 'generateSubcategories must be'],
		[{ eventNames: 'note.created' }, 'eventNames must be an array'],
	])('refuses the catalog update %j with 400', async (update, fragment) => {
		// Raw calls: the typed client would not let these bodies through.
		const reply = await emulator.api('POST', '/__emulator/catalog', { key: null, body: update });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'invalid_argument', message: expect.stringContaining(fragment) });
	});
});
