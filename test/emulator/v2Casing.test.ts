/**
 * JSON casing of the v2 family (docs/fullstory-server-api.md §1.5, §1.7): snake_case out, snake_case and
 * camelCase in, and `/v2beta/*` the same API as `/v2/*`.
 */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { createdJobOf, idOf, pageOf, userOf } from './v2Wire';

describe('v2 casing and v2beta (fullstory-server-api.md §1.5, §1.7)', () => {
	const emulator = useTestEmulator();

	it('accepts camelCase user fields and answers in snake_case', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'camel', displayName: 'Camel Case', email: 'c@example.com' } }));
		const user = userOf(await emulator.api('GET', `/v2/users/${id}?includeSchema=true`));
		expect(user).toMatchObject({ display_name: 'Camel Case', is_being_deleted: false, type_conflicts: null });
		expect(user).not.toHaveProperty('displayName');
		expect(user).not.toHaveProperty('isBeingDeleted');
		expect(user.schema).toEqual({ properties: {} });
		const listed = await emulator.api('GET', '/v2/users?displayName=Camel%20Case&isIdentified=true');
		expect(Object.keys(pageOf(listed)).sort()).toEqual(['app_url', 'results', 'total_records']);
		expect(pageOf(listed).results).toHaveLength(1);
	});

	it('takes the snake_case spelling when both are sent', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { display_name: 'Snake', displayName: 'Camel' } }));
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).display_name).toBe('Snake');
	});

	it('accepts camelCase event, session and context fields and keeps them in snake_case', async () => {
		const reply = await emulator.api('POST', '/v2/events', {
			body: {
				name: 'Camel',
				user: { uid: 'u' },
				session: { useMostRecent: true },
				context: { browser: { userAgent: 'UA', initialReferrer: 'https://r.example' }, device: { screenWidth: 10 }, location: { ipAddress: '::1' } },
			},
		});
		expect(reply.status).toBe(200);
		const [event] = await emulator.client.events();
		expect(event.session).toEqual({ use_most_recent: true });
		expect(event.context).toEqual({
			browser: { user_agent: 'UA', initial_referrer: 'https://r.example' },
			device: { screen_width: 10 },
			location: { ip_address: '::1' },
		});
	});

	it('accepts camelCase annotation times and echoes snake_case', async () => {
		const reply = await emulator.api('POST', '/v2/annotations', { body: { text: 't', startTime: '2024-01-01T00:00:00Z', endTime: '2024-01-01T01:00:00Z' } });
		expect(reply.body).toEqual({ text: 't', start_time: '2024-01-01T00:00:00Z', end_time: '2024-01-01T01:00:00Z' });
	});

	it('answers a job status and pages in snake_case', async () => {
		await emulator.client.configure({ jobCompletion: 'manual', v2PageSize: 1 });
		const id = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'a' }, { uid: 'b' }] } })).id;
		await emulator.client.finishJob(id);
		const page = pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/imports`));
		expect(Object.keys(page).sort()).toEqual(['next_page_token', 'results', 'total_records']);
		expect(pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/imports?pageToken=${page.next_page_token ?? ''}`)).results[0]).toMatchObject({ uid: 'b' });
	});

	it('serves /v2beta/* as /v2/*: the same users, events and jobs', async () => {
		const id = idOf(await emulator.api('POST', '/v2beta/users', { body: { uid: 'beta' } }));
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).uid).toBe('beta');
		expect(userOf(await emulator.api('GET', `/v2beta/users/${id}`)).uid).toBe('beta');
		expect((await emulator.api('POST', '/v2beta/events', { body: { name: 'Beta' } })).status).toBe(200);
		const job = createdJobOf(await emulator.api('POST', '/v2beta/events/batch', { body: { requests: [{ name: 'b' }] } })).id;
		expect((await emulator.api('GET', `/v2/events/batch/${encodeURIComponent(job)}`)).status).toBe(200);
		expect((await emulator.api('GET', '/v2betax/users')).status).toBe(404);
		// Idempotency treats both spellings as one path.
		const headers = { 'Idempotency-Key': 'beta-key' };
		const first = idOf(await emulator.api('POST', '/v2beta/users', { body: {}, headers }));
		expect(idOf(await emulator.api('POST', '/v2/users', { body: {}, headers }))).toBe(first);
	});
});
