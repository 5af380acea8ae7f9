/** Create Annotation over HTTP (docs/fullstory-server-api.md §8, §13.15). */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { errorOf } from './v2Wire';

describe('Annotations v2 (fullstory-server-api.md §8)', () => {
	const emulator = useTestEmulator();

	it('echoes the docs example and keeps it', async () => {
		const body = { text: 'Code Release', start_time: '2024-06-29T14:23:23Z', end_time: '2024-06-29T14:23:23Z', source: 'Deploy Pipeline' };
		const reply = await emulator.api('POST', '/v2/annotations', { key: emulator.standardKey, body });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual(body);
		expect(await emulator.client.annotations()).toEqual([{ ...body, orgId: emulator.orgId, received: expect.any(String) }]);
	});

	it('fills in start_time (now) and end_time (= start_time), and leaves source out when none is sent', async () => {
		const before = Date.now();
		const reply = await emulator.api('POST', '/v2/annotations', { body: { text: 'Incident' } });
		expect(reply.body).toEqual({ text: 'Incident', start_time: expect.any(String), end_time: expect.any(String) });
		const [stored] = await emulator.client.annotations();
		expect(Date.parse(stored.start_time)).toBeGreaterThanOrEqual(before - 1000);
		expect(stored.end_time).toBe(stored.start_time);
		const only = await emulator.api('POST', '/v2/annotations', { body: { text: 'Later', start_time: '2024-01-01T00:00:00Z' } });
		expect(only.body).toMatchObject({ start_time: '2024-01-01T00:00:00Z', end_time: '2024-01-01T00:00:00Z' });
	});

	it.each([
		['text missing', {}, 'text is required'],
		['text empty', { text: '' }, 'text is required'],
		['text over 200 characters', { text: 'x'.repeat(201) }, 'text must be at most 200'],
		['source over 40 characters', { text: 't', source: 's'.repeat(41) }, 'source must be at most 40'],
		['end_time before start_time', { text: 't', start_time: '2024-06-29T14:00:00Z', end_time: '2024-06-29T13:59:59Z' }, 'end_time'],
		['a start_time that is no timestamp', { text: 't', start_time: 'yesterday' }, 'start_time'],
	])('refuses %s with 400 invalid_argument', async (_label, body, message) => {
		const reply = await emulator.api('POST', '/v2/annotations', { body });
		expect(reply.status).toBe(400);
		expect(errorOf(reply)).toEqual({ code: 'invalid_argument', message: expect.stringContaining(message) });
		expect(await emulator.client.annotations()).toEqual([]);
	});

	it('accepts the limits exactly: 200 characters of text (counted as characters), 40 of source', async () => {
		const text = '\u{1F680}'.repeat(200);
		const reply = await emulator.api('POST', '/v2/annotations', { body: { text, source: 's'.repeat(40) } });
		expect(reply.status).toBe(200);
	});
});
