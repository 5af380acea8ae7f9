/**
 * The control API and typed client for the v2 APIs, and the page's v2 tables driven by its own script
 * (docs/fullstory-server-api.md §2–§4, §8; emulator/control/v2Control.ts).
 */
import { EmulatorControlError } from '../../emulator/client/client';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { rejectionOf } from '../helpers/rejection';
import { loadPageScript, plain } from './pageScript';
import { createdJobOf, idOf } from './v2Wire';

describe('v2 control API and client', () => {
	const emulator = useTestEmulator();

	async function seed(): Promise<{ userId: string; jobId: string }> {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const userId = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'c1', display_name: 'Control', properties: { a: 1, b: 2 } } }));
		await emulator.api('POST', '/v2/events', { body: { name: 'First', user: { uid: 'c1' } } });
		await emulator.api('POST', '/v2/events', { body: { name: 'Second', session: { id: '1:2' } } });
		await emulator.api('POST', '/v2/annotations', { body: { text: 'Release' } });
		const jobId = createdJobOf(await emulator.api('POST', '/v2/events/batch', { body: { requests: [{ name: 'Third' }, {}] } })).id;
		return { userId, jobId };
	}

	it('reads the users, events, annotations and jobs of the default org', async () => {
		const { userId, jobId } = await seed();
		expect(await emulator.client.users()).toEqual([
			expect.objectContaining({ orgId: emulator.orgId, id: userId, uid: 'c1', display_name: 'Control', properties: { a: 1, b: 2 }, schema: {} }),
		]);
		expect((await emulator.client.events()).map((event) => event.name)).toEqual(['First', 'Second']);
		expect((await emulator.client.annotations()).map((annotation) => annotation.text)).toEqual(['Release']);
		expect(await emulator.client.jobs()).toEqual([
			{ orgId: emulator.orgId, id: jobId, kind: 'events', status: 'PROCESSING', created: expect.any(String), started: expect.any(String), requestCount: 2, imports: 0, errors: 0 },
		]);
	});

	it('pages the events with since and last', async () => {
		await seed();
		const all = await emulator.client.events();
		expect((await emulator.client.events({ since: all[0].seq })).map((event) => event.name)).toEqual(['Second']);
		expect((await emulator.client.events({ last: 1 })).map((event) => event.name)).toEqual(['Second']);
		const bad = await emulator.api('GET', '/__emulator/events?last=0', { key: null });
		expect(bad.status).toBe(400);
	});

	it('finishes a job on demand, and refuses an unknown or finished one', async () => {
		const { jobId } = await seed();
		expect(await emulator.client.finishJob(jobId)).toMatchObject({ status: 'FAILED', imports: 1, errors: 1 });
		expect((await emulator.client.events()).map((event) => event.name)).toEqual(['First', 'Second', 'Third']);
		const finished = await rejectionOf(emulator.client.finishJob(jobId), EmulatorControlError);
		expect(finished).toMatchObject({ status: 400, message: expect.stringContaining('already finished (FAILED)') });
		const unknown = await rejectionOf(emulator.client.failJob('nope'), EmulatorControlError);
		expect(unknown.status).toBe(404);
		const missing = await emulator.api('POST', '/__emulator/jobs/finish', { key: null, body: {} });
		expect(missing.body).toMatchObject({ code: 'required_field', message: 'jobId is required' });
	});

	it('reads another org with orgId, and finds a job in any org by id', async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
		await emulator.client.addKey({ key: 'na1.ctl-other/key', role: 'USER', orgId: 'o-CTL-na1' });
		const jobId = createdJobOf(await emulator.api('POST', '/v2/users/batch', { key: 'na1.ctl-other/key', body: { requests: [{ uid: 'o' }] } })).id;
		expect(await emulator.client.jobs()).toEqual([]);
		expect((await emulator.client.jobs({ orgId: 'o-CTL-na1' })).map((job) => job.id)).toEqual([jobId]);
		expect(await emulator.client.finishJob(jobId)).toMatchObject({ orgId: 'o-CTL-na1', status: 'COMPLETED' });
		expect((await emulator.client.users({ orgId: 'o-CTL-na1' })).map((user) => user.uid)).toEqual(['o']);
		await expect(emulator.client.finishJob(jobId, emulator.orgId)).rejects.toThrow(/no job/);
	});

	it('forgets every v2 thing on reset, config included', async () => {
		await seed();
		await emulator.api('POST', '/v2/users', { body: { uid: 'k' }, headers: { 'Idempotency-Key': 'k' } });
		await emulator.client.reset();
		expect(await emulator.client.users()).toEqual([]);
		expect(await emulator.client.events()).toEqual([]);
		expect(await emulator.client.annotations()).toEqual([]);
		expect(await emulator.client.jobs()).toEqual([]);
		expect((await emulator.client.config()).jobCompletion).toBe('timer');
		expect(idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'other' }, headers: { 'Idempotency-Key': 'k' } }))).toEqual(expect.any(String));
	});

	it('keeps event seqs increasing across a reset', async () => {
		await emulator.api('POST', '/v2/events', { body: { name: 'Before' } });
		const [before] = await emulator.client.events();
		await emulator.client.reset();
		await emulator.api('POST', '/v2/events', { body: { name: 'After' } });
		const [after] = await emulator.client.events();
		expect(after.seq).toBeGreaterThan(before.seq);
	});

	it.each([
		[{ v2PageSize: 0 }, 'v2PageSize'],
		[{ jobCompletion: 'later' }, 'jobCompletion'],
		[{ jobStatusWithErrors: 'PARTIAL' }, 'jobStatusWithErrors'],
		[{ rateLimit: { burst: 0, perSecond: 1 } }, 'rateLimit'],
		[{ rateLimit: 5 }, 'rateLimit'],
		[{ roleOverrides: { 'users.fly': ['ADMIN'] } }, 'roleOverrides'],
		[{ roleOverrides: { 'users.get': ['OWNER'] } }, 'roleOverrides'],
		[{ fullSessions: '1:2' }, 'fullSessions'],
		[{ oversizedPropertyValue: 'truncate' }, 'oversizedPropertyValue'],
		[{ userDeleteSeconds: -1 }, 'userDeleteSeconds'],
	])('refuses the config %j, naming the field', async (patch, field) => {
		const reply = await emulator.api('POST', '/__emulator/config', { key: null, body: patch });
		expect(reply.status).toBe(400);
		expect(reply.body).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining(field) });
	});

	it('returns the whole config after a v2 change, rateLimit switched off by null', async () => {
		expect(await emulator.client.configure({ rateLimit: { burst: 3, perSecond: 0.5 }, fullSessions: ['1:2'] })).toMatchObject({
			rateLimit: { burst: 3, perSecond: 0.5 },
			fullSessions: ['1:2'],
			v2PageSize: 20,
		});
		expect((await emulator.client.configure({ rateLimit: null })).rateLimit).toBeNull();
	});
});

describe('the page: v2 users, recent events and jobs, by its own script', () => {
	const emulator = useTestEmulator();

	it('lists the default org\'s users, newest events and jobs, with nothing but what it shows', async () => {
		const page = loadPageScript(emulator.baseUrl);
		await emulator.client.configure({ jobCompletion: 'manual', userDeleteSeconds: 60 });
		const userId = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'p1', display_name: 'Page', email: 'p@example.com', properties: { a: 1, b: 2 } } }));
		const anonymous = idOf(await emulator.api('POST', '/v2/users', { body: {} }));
		await emulator.api('DELETE', `/v2/users/${anonymous}`);
		for (const name of ['One', 'Two', 'Three']) await emulator.api('POST', '/v2/events', { body: { name, user: { uid: 'p1' } } });
		await emulator.api('POST', '/v2/events', { body: { name: 'Four', session: { id: '7:8' } } });
		const jobId = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'j' }, { uid: 'x'.repeat(300) }] } })).id;
		await emulator.client.finishJob(jobId);

		expect(plain(await page.api.users(emulator.orgId))).toEqual([
			{ id: userId, uid: 'p1', displayName: 'Page', email: 'p@example.com', beingDeleted: false, propertyCount: 2 },
			{ id: anonymous, uid: '', displayName: '', email: '', beingDeleted: true, propertyCount: 0 },
			{ id: expect.any(String), uid: 'j', displayName: '', email: '', beingDeleted: false, propertyCount: 0 },
		]);
		const events = plain(await page.api.events(emulator.orgId, 2));
		expect(events).toEqual([
			{ seq: expect.any(Number), received: expect.any(String), name: 'Three', user: 'uid p1', session: '', source: 'api', jobId: '' },
			{ seq: expect.any(Number), received: expect.any(String), name: 'Four', user: '', session: 'id 7:8', source: 'api', jobId: '' },
		]);
		expect(plain(await page.api.jobs(emulator.orgId))).toEqual([
			{ id: jobId, kind: 'users', status: 'FAILED', created: expect.any(String), finished: expect.any(String), requestCount: 2, imports: 1, errors: 1 },
		]);
		expect(await page.api.users('o-NOBODY-na1')).toEqual([]);
	});
});
