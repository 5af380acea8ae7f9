/**
 * Strict mode on the v2 APIs (docs/fullstory-server-api.md §1.5, §12, §13.16): the known-wrong shapes are
 * refused with a 400 that names the mistake; without strict mode unknown fields are ignored.
 */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { errorOf, idOf, userOf } from './v2Wire';

describe('strict v2 (fullstory-server-api.md §13.16)', () => {
	const emulator = useTestEmulator();

	it.each(['PATCH', 'PUT'])('refuses %s on a user, pointing to POST /v2/users/{id}', async (method) => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'p', email: 'keep@example.com' } }));
		const reply = await emulator.api(method, `/v2/users/${id}`, { body: { email: 'changed@example.com' } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply)).toEqual({ code: 'invalid_argument', message: expect.stringMatching(new RegExp(`^${method} .*POST /v2/users/\\{id\\}`)) });
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).email).toBe('keep@example.com');
	});

	it.each([
		['GET', '/v2/users/search?q=x', 'GET /v2/users?'],
		['POST', '/v2/users/search', 'GET /v2/users?'],
		['POST', '/v2/users/merge', 'no merge'],
		['POST', '/v2/users/123/merge', 'no merge'],
		['GET', '/v2/batch/abc', '/v2/users/batch/{job_id}'],
		['GET', '/v2beta/users/search', 'GET /v2/users?'],
		['POST', '/v2/sessions/search', '/sessions/v2'],
	])('refuses %s %s, naming the right shape', async (method, path, advice) => {
		const reply = await emulator.api(method, path, { body: method === 'GET' ? undefined : {} });
		expect(reply.status).toBe(400);
		expect(errorOf(reply)).toEqual({ code: 'invalid_argument', message: expect.stringContaining(advice) });
		expect(errorOf(reply).message).toContain(path.split('?')[0]);
	});

	it.each([
		['/v2/users', '/v2/users/batch'],
		['/v2/events', '/v2/events/batch'],
	])('refuses a batch posted to %s, naming %s', async (path, batchPath) => {
		const reply = await emulator.api('POST', path, { body: { requests: [{ uid: 'a', name: 'a' }] } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain(`POST ${batchPath}`);
		expect(await emulator.client.users()).toEqual([]);
	});

	it('refuses an events array posted to /v2/events', async () => {
		const reply = await emulator.api('POST', '/v2/events', { body: [{ name: 'a' }] });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain('must be a JSON object');
	});

	it.each([
		['/v2/users', { uid: 'a', userId: 'x' }, '"userId"'],
		['/v2/users', { uid: 'a', properties: {}, schema: { props: {} } }, '"schema.props"'],
		['/v2/events', { name: 'a', context: { web: { url: 'https://x' } } }, '"browser"'],
		['/v2/events', { name: 'a', session: { use_recent_session: true } }, 'use_most_recent'],
		['/v2/events', { name: 'a', user: { uid: 'u' }, session: { use_most_recent: false } }, 'leave the field out'],
		['/v2/events', { name: 'a', event_name: 'b' }, '"event_name"'],
		['/v2/annotations', { text: 't', title: 'x' }, '"title"'],
		['/v2/events/batch', { requests: [{ name: 'a' }], context: {} }, '"context"'],
	])('refuses the undocumented field in POST %s %j', async (path, body, named) => {
		const reply = await emulator.api('POST', path, { body });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain(named);
	});

	it.each([
		['/v2/users?limit=10', 'no page size'],
		['/v2/users?next-page-token=abc', 'page_token'],
		['/v2/users?page_size=5', 'no page size'],
		['/v2/users/123?fields=all', '"fields"'],
	])('refuses the query parameter in GET %s', async (path, advice) => {
		const reply = await emulator.api('GET', path);
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain(advice);
	});

	it('refuses an undocumented field of a batch item when the job runs, as an item error', async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const created = await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'a', nickname: 'x' }] } });
		const job = await emulator.client.finishJob((await emulator.client.jobs())[0].id);
		expect(created.status).toBe(200);
		expect(job).toMatchObject({ status: 'FAILED', errors: 1 });
	});
});

describe('tolerant v2 (strict off)', () => {
	const emulator = useTestEmulator({ strict: false });

	it('ignores unknown fields and parameters, and answers PATCH with a plain 405', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'a', nickname: 'x', requests: [] } }));
		expect(userOf(await emulator.api('GET', `/v2/users/${id}?fields=all`))).not.toHaveProperty('nickname');
		expect((await emulator.api('GET', '/v2/users?limit=1')).status).toBe(200);
		const patch = await emulator.api('PATCH', `/v2/users/${id}`, { body: {} });
		expect(patch.status).toBe(405);
		expect(patch.headers.get('allow')).toBe('GET, POST, DELETE');
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'a', context: { web: {} }, session: { use_most_recent: false } } })).status).toBe(200);
	});

	it('answers the wrong paths like any unknown one', async () => {
		expect((await emulator.api('GET', '/v2/users/search')).status).toBe(404);
		expect((await emulator.api('GET', '/v2/batch/abc')).status).toBe(404);
	});
});
