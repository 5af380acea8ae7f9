/** Event Type and Event Subcategory operations, and the editor lists, against the emulator. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { searchEndpoints } from '../../nodes/FullStory/actions/endpoint/listSearch';
import { loadOptions } from '../../nodes/eventTypes/loadOptions';
import { runAction } from '../helpers/actionNode';
import { createContext, emulatorCredentials } from '../helpers/context';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { apiRejection, rejection } from '../helpers/rejection';
import { subcategoriesOf } from '../helpers/trigger';

const emulator = useTestEmulator();

function loadContext(credentials = emulatorCredentials(emulator.baseUrl, emulator.adminKey)): ILoadOptionsFunctions {
	return createContext({ credentials }).context;
}

describe('Event Type: Get Many', () => {
	it('lists what the plan offers, read from FullStory at run time', async () => {
		await emulator.client.setCatalog({ eventNames: ['note.created', 'metric.alert'] });
		const { output } = await runAction(emulator, { resource: 'eventType', operation: 'getAll', returnAll: true });
		expect(output.map((item) => item.json)).toEqual([
			{ eventName: 'note.created', displayName: 'Note Created', hasSubcategories: false },
			{ eventName: 'metric.alert', displayName: expect.any(String), hasSubcategories: true },
		]);
	});

	it('returns every type FullStory lists, in one answer, without the test event', async () => {
		const { output } = await runAction(emulator, { resource: 'eventType', operation: 'getAll' });
		const names = output.map((item) => item.json.eventName);
		expect(names).toEqual(expect.arrayContaining(['note.created', 'recording.event.custom', 'segment.trend.alert']));
		expect(names).not.toContain('test');
		expect((await emulator.client.requests()).map((entry) => `${entry.method} ${entry.path}`)).toEqual(['GET /webhooks/v1/event-types']);
	});
});

describe('Event Subcategory: Get Many', () => {
	it('returns all subcategories across pages', async () => {
		await emulator.client.setCatalog({ generateSubcategories: { 'segment.trend.alert': 1500 } });
		const { output } = await runAction(emulator, {
			resource: 'eventSubcategory',
			operation: 'getAll',
			eventName: 'segment.trend.alert',
			returnAll: true,
		});
		expect(output).toHaveLength(1500);
		expect(output[0].json).toEqual({
			eventName: 'segment.trend.alert',
			subcategory: expect.any(String),
			displayName: expect.any(String),
		});
	});

	it('returns up to the limit with one small request', async () => {
		const { output } = await runAction(emulator, {
			resource: 'eventSubcategory',
			operation: 'getAll',
			eventName: 'recording.event.custom',
			returnAll: false,
			limit: 3,
		});
		expect(output).toHaveLength(3);
		expect((await emulator.client.requests()).map((entry) => entry.query.limit)).toEqual(['3']);
	});

	it('an unknown event type is named in the error', async () => {
		const error = await rejection(runAction(emulator, { resource: 'eventSubcategory', operation: 'getAll', eventName: 'no.such', returnAll: true }));
		expect(error.message).toBe('FullStory has no event type "no.such" (404)');
	});
});

describe('editor lists', () => {
	it('event types come from FullStory, sorted by name', async () => {
		await emulator.client.setCatalog({ eventNames: ['note.created', 'nativemobile.event.crash'] });
		const options = await loadOptions.getEventTypes.call(loadContext());
		expect(options.map((option) => option.value)).toEqual(['nativemobile.event.crash', 'note.created']);
	});

	it('fall back to the marked offline list when FullStory cannot be reached', async () => {
		const options = await loadOptions.getEventTypes.call(loadContext(emulatorCredentials('http://127.0.0.1:9', 'k')));
		expect(options.length).toBeGreaterThanOrEqual(5);
		expect(options.every((option) => option.name.endsWith('(offline list)'))).toBe(true);
	});

	it('show a wrong key instead of hiding it behind the offline list', async () => {
		const error = await apiRejection(loadOptions.getEventTypes.call(loadContext(emulatorCredentials(emulator.baseUrl, 'wrong'))));
		expect(error.httpCode).toBe('401');
	});

	it('subcategory pickers list each type\'s subcategories by display name', async () => {
		const options = await loadOptions.getCustomEventSubcategories.call(loadContext());
		expect(options.length).toBeGreaterThan(0);
		expect(options[0]).toEqual({ name: expect.any(String), value: expect.any(String) });
		const types = await loadOptions.getSubcategoryEventTypes.call(loadContext());
		expect(types.map((option) => option.value).sort()).toEqual(['metric.alert', 'recording.event.custom', 'segment.trend.alert']);
	});

	it('endpoint search: entries a user can tell apart (events, host and shortened path), filtered by URL or event', async () => {
		const n8nUrl = (id: string) => `https://n8n.example.com/webhook/${id}/webhook`;
		const first = n8nUrl('0b7c6f0e-3a55-4f4e-8d52-6a4f4c1f2b01');
		const second = n8nUrl('7c2e9a10-4b1d-4f0e-8a61-3e7f1a2b3c00');
		const [customEvent, otherCustomEvent] = await subcategoriesOf(emulator, 'recording.event.custom', 2);
		await emulator.api('POST', '/webhooks/v1/endpoints', { body: { url: first, secret: 's1', eventTypes: [{ eventName: 'note.created' }] } });
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: {
				url: second,
				secret: 's2',
				eventTypes: [
					{ eventName: 'note.created' },
					{ eventName: 'recording.event.custom', subcategory: customEvent },
					{ eventName: 'recording.event.custom', subcategory: otherCustomEvent },
				],
			},
		});
		const all = await searchEndpoints.call(loadContext());
		expect(all.results.map((result) => result.name)).toEqual([
			'Note Created → n8n.example.com/webhook/0b7c6f0e…',
			'Note Created, Custom Event ×2 → n8n.example.com/webhook/7c2e9a10…',
		]);
		expect(all.results.map((result) => result.url)).toEqual([first, second]);

		const byEvent = await searchEndpoints.call(loadContext(), 'custom event');
		expect(byEvent.results.map((result) => result.url)).toEqual([second]);
		const byUrl = await searchEndpoints.call(loadContext(), '0b7c6f0e');
		expect(byUrl.results.map((result) => result.url)).toEqual([first]);

		await emulator.api('POST', `/webhooks/v1/endpoints/${String(byUrl.results[0].value)}`, { body: { disabled: true } });
		const again = await searchEndpoints.call(loadContext(), '0b7c6f0e');
		expect(again.results[0].name).toBe('Note Created → n8n.example.com/webhook/0b7c6f0e… (disabled)');
	});
});
