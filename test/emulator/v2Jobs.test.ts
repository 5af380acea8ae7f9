/** Batch import jobs over HTTP (docs/fullstory-server-api.md §3, §12, §13.7). */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { until } from '../helpers/wait';
import { createdJobOf, errorOf, idOf, jobStatusOf, pageOf } from './v2Wire';

describe('batch import jobs: lifecycle (fullstory-server-api.md §3.2, §3.3)', () => {
	const emulator = useTestEmulator();

	beforeEach(async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
	});

	async function createUsersJob(requests: unknown[]): Promise<string> {
		return createdJobOf(await emulator.api('POST', '/v2/users/batch', { key: emulator.standardKey, body: { requests } })).id;
	}

	it('answers {job: {id, status: PROCESSING, created}} and an opaque id', async () => {
		const reply = await emulator.api('POST', '/v2/users/batch', { key: emulator.standardKey, body: { requests: [{ uid: 'a' }] } });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ job: { id: expect.stringMatching(/=$/), status: 'PROCESSING', created: expect.any(String) } });
		const id = createdJobOf(reply).id;
		const status = await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`, { key: emulator.standardKey });
		expect(status.body).toEqual({ imports: 0, errors: 0, job: { id, status: 'PROCESSING', created: createdJobOf(reply).created } });
		expect(await emulator.client.users()).toEqual([]);
	});

	it('answers 202 with an empty body on imports and errors while the job is processing', async () => {
		const id = await createUsersJob([{ uid: 'a' }]);
		for (const list of ['imports', 'errors']) {
			const reply = await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/${list}`);
			expect(reply.status).toBe(202);
			expect(reply.text).toBe('');
			expect(reply.headers.get('content-length')).toBe('0');
		}
	});

	it('applies every request as Create User would when the job completes, and lists the imports in pages', async () => {
		await emulator.client.configure({ v2PageSize: 2 });
		const existing = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'u0', properties: { a: 1 } } }));
		const id = await createUsersJob([{ uid: 'u0', properties: { b: 2 } }, { uid: 'u1' }, { display_name: 'Anon' }, { id: existing, email: 'by-id@example.com' }, { uid: 'u2', properties: { n: 1 } }]);
		const finished = await emulator.client.finishJob(id);
		expect(finished).toMatchObject({ id, status: 'COMPLETED', requestCount: 5, imports: 5, errors: 0, started: expect.any(String), finished: expect.any(String) });
		const status = jobStatusOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`, { key: emulator.standardKey }));
		expect(status).toEqual({ imports: 5, errors: 0, job: { id, status: 'COMPLETED', created: expect.any(String), finished: expect.any(String) } });

		const users = await emulator.client.users();
		expect(users.map((user) => user.uid ?? user.display_name)).toEqual(['u0', 'u1', 'Anon', 'u2']);
		expect(users[0]).toMatchObject({ id: existing, properties: { a: 1, b: 2 }, email: 'by-id@example.com' });

		const pages = [];
		let token: string | undefined;
		do {
			const query = token === undefined ? '' : `?page_token=${encodeURIComponent(token)}`;
			const page = pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/imports${query}`));
			expect(page.total_records).toBe('5');
			pages.push(page.results);
			token = page.next_page_token;
		} while (token !== undefined);
		expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
		expect(pages.flat()[1]).toEqual({ id: users[1].id, uid: 'u1', properties: {}, schema: null, type_conflicts: null });
		await emulator.client.configure({ v2PageSize: 20 });
		const withSchema = pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/imports?include_schema=true`));
		expect(withSchema.results[4]).toMatchObject({ uid: 'u2', schema: { properties: { n: 'int' } } });
		// Each import is the user as that request left it: the by-id update shows the merged properties.
		expect(withSchema.results[3]).toMatchObject({ id: existing, email: 'by-id@example.com', properties: { a: 1, b: 2 } });
		expect(pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/errors`))).toEqual({ results: [], total_records: '0' });
	});

	it('fails a job with any item error (partial failures included), naming each failed request', async () => {
		const bad = { uid: 'x'.repeat(257) };
		const unknown = { id: '42', email: 'nobody@example.com' };
		const id = await createUsersJob([{ uid: 'fine' }, bad, unknown]);
		expect(await emulator.client.finishJob(id)).toMatchObject({ status: 'FAILED', imports: 1, errors: 2 });
		expect((await emulator.client.users()).map((user) => user.uid)).toEqual(['fine']);
		const errors = pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/errors`));
		expect(errors).toEqual({
			results: [
				{ code: 'invalid_argument', message: expect.stringContaining('uid must be at most 256'), user: bad },
				{ code: 'user_not_found', message: expect.stringContaining('42'), user: unknown },
			],
			total_records: '2',
		});
		expect(pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/imports`)).total_records).toBe('1');
	});

	it('reports COMPLETED with errors when jobStatusWithErrors is COMPLETED, as the docs example shows', async () => {
		await emulator.client.configure({ jobStatusWithErrors: 'COMPLETED' });
		const id = await createUsersJob([{ uid: 'fine' }, { email: 'e'.repeat(129) }]);
		await emulator.client.finishJob(id);
		const status = jobStatusOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`));
		expect(status).toMatchObject({ imports: 1, errors: 1, job: { status: 'COMPLETED' } });
	});

	it('fails a whole job on demand: nothing applied, every request an error', async () => {
		const id = await createUsersJob([{ uid: 'a' }, { uid: 'b' }]);
		expect(await emulator.client.failJob(id, { message: 'storage unavailable', code: 'unavailable' })).toMatchObject({ status: 'FAILED', errors: 2 });
		expect(await emulator.client.users()).toEqual([]);
		const errors = pageOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}/errors`));
		expect(errors.results).toEqual([
			{ message: 'storage unavailable', code: 'unavailable', user: { uid: 'a' } },
			{ message: 'storage unavailable', code: 'unavailable', user: { uid: 'b' } },
		]);
		await expect(emulator.client.finishJob(id)).rejects.toThrow(/already finished/);
	});

	it('keeps jobs to their family and org: a users job is not found under events, nor by another org', async () => {
		const id = await createUsersJob([{ uid: 'a' }]);
		expect((await emulator.api('GET', `/v2/events/batch/${encodeURIComponent(id)}`)).status).toBe(404);
		await emulator.client.addKey({ key: 'na1.v2-jobs-other/key', role: 'ADMIN', orgId: 'o-OTHERJOBS-na1' });
		expect((await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`, { key: 'na1.v2-jobs-other/key' })).status).toBe(404);
		expect((await emulator.api('GET', '/v2/users/batch/nope')).status).toBe(404);
	});

	it('refuses a create without requests, an empty one, a non-object item and more than 50,000 requests', async () => {
		expect(errorOf(await emulator.api('POST', '/v2/users/batch', { body: {} }))).toEqual({ code: 'required_field', message: 'requests is required' });
		expect((await emulator.api('POST', '/v2/users/batch', { body: { requests: [] } })).status).toBe(400);
		expect(errorOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{}, 'x'] } })).message).toContain('requests[1]');
		const over = await emulator.api('POST', '/v2/users/batch', { body: { requests: Array.from({ length: 50_001 }, () => ({})) } });
		expect(over.status).toBe(400);
		expect(errorOf(over).message).toContain('50000');
		const atLimit = await emulator.api('POST', '/v2/users/batch', { body: { requests: Array.from({ length: 50_000 }, () => ({})) } });
		expect(atLimit.status).toBe(200);
		expect((await emulator.client.jobs()).map((job) => job.requestCount)).toEqual([50_000]);
	});
});

describe('batch import jobs: events and shared context (fullstory-server-api.md §3.2)', () => {
	const emulator = useTestEmulator();

	beforeEach(async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
	});

	it('stores each valid event with shared.context, failing the one with its own context and the invalid one', async () => {
		const shared = { context: { browser: { url: 'https://example.com/shared', userAgent: 'UA' } } };
		const own = { name: 'Own', context: { browser: { url: 'https://example.com/own' } } };
		const nameless = { properties: { a: 1 } };
		const created = await emulator.api('POST', '/v2/events/batch', {
			key: emulator.standardKey,
			body: { requests: [{ name: 'A', user: { uid: 'u' } }, own, nameless, { name: 'B', timestamp: '2024-01-01T00:00:00Z' }], shared },
		});
		const id = createdJobOf(created).id;
		expect(await emulator.client.finishJob(id)).toMatchObject({ kind: 'events', status: 'FAILED', imports: 2, errors: 2 });
		const events = await emulator.client.events();
		expect(events.map((event) => [event.name, event.source, event.jobId, event.context])).toEqual([
			['A', 'batch', id, { browser: { url: 'https://example.com/shared', user_agent: 'UA' } }],
			['B', 'batch', id, { browser: { url: 'https://example.com/shared', user_agent: 'UA' } }],
		]);
		const errors = pageOf(await emulator.api('GET', `/v2/events/batch/${encodeURIComponent(id)}/errors`));
		expect(errors.results).toEqual([
			{ code: 'invalid_argument', message: expect.stringContaining('shared.context'), event: own, shared: { context: { browser: { url: 'https://example.com/shared', user_agent: 'UA' } } } },
			{ code: 'required_field', message: 'name is required', event: nameless, shared: expect.any(Object) },
		]);
		const imports = pageOf(await emulator.api('GET', `/v2/events/batch/${encodeURIComponent(id)}/imports`));
		expect(imports.results[1]).toEqual({
			name: 'B',
			timestamp: '2024-01-01T00:00:00Z',
			context: { browser: { url: 'https://example.com/shared', user_agent: 'UA' } },
			schema: null,
		});
	});

	it('refuses a bad shared context when the batch is created', async () => {
		const reply = await emulator.api('POST', '/v2/events/batch', { body: { requests: [{ name: 'a' }], shared: { context: { device: { model: 5 } } } } });
		expect(reply.status).toBe(400);
		expect(errorOf(reply).message).toContain('shared.context.device.model');
	});

	it('applies session_page_limit_exceeded per item', async () => {
		await emulator.client.configure({ fullSessions: ['1:2'] });
		const id = createdJobOf(await emulator.api('POST', '/v2/events/batch', { body: { requests: [{ name: 'a', session: { id: '1:2' } }, { name: 'b' }] } })).id;
		await emulator.client.finishJob(id);
		const errors = pageOf(await emulator.api('GET', `/v2/events/batch/${encodeURIComponent(id)}/errors`));
		expect(errors.results.map((error) => error.code)).toEqual(['session_page_limit_exceeded']);
	});
});

describe('batch import jobs: timing and in-progress limits (fullstory-server-api.md §3.2, §13.7)', () => {
	const emulator = useTestEmulator();

	it('finishes a job jobDelayMs after it starts, by the clock', async () => {
		await emulator.client.configure({ jobDelayMs: 150 });
		const id = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'timed' }] } })).id;
		expect(jobStatusOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`)).job.status).toBe('PROCESSING');
		await until(async () => jobStatusOf(await emulator.api('GET', `/v2/users/batch/${encodeURIComponent(id)}`)).job.status === 'COMPLETED', {
			timeoutMs: 5000,
			what: 'the job to complete',
		});
		const [job] = await emulator.client.jobs();
		expect(Date.parse(job.finished ?? '') - Date.parse(job.created)).toBe(150);
		expect((await emulator.client.users()).map((user) => user.uid)).toEqual(['timed']);
	});

	it('never finishes a job by itself with jobCompletion manual', async () => {
		await emulator.client.configure({ jobCompletion: 'manual', jobDelayMs: 0 });
		await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'a' }] } });
		await new Promise((resolve) => setTimeout(resolve, 50));
		expect((await emulator.client.jobs()).map((job) => job.status)).toEqual(['PROCESSING']);
		await emulator.client.configure({ jobCompletion: 'timer' });
		expect((await emulator.client.jobs()).map((job) => job.status)).toEqual(['COMPLETED']);
	});

	it('runs maxRunningBatches at once: later jobs wait, still PROCESSING, and start as others finish', async () => {
		await emulator.client.configure({ jobCompletion: 'manual', maxRunningBatches: 2 });
		const ids = [];
		for (let index = 0; index < 3; index++) {
			ids.push(createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: `q${index}` }] } })).id);
		}
		const before = await emulator.client.jobs();
		expect(before.map((job) => [job.status, job.started !== undefined])).toEqual([
			['PROCESSING', true],
			['PROCESSING', true],
			['PROCESSING', false],
		]);
		await emulator.client.finishJob(ids[0]);
		expect((await emulator.client.jobs())[2].started).toEqual(expect.any(String));
	});

	it('answers 429 with Retry-After at maxInProgressBatches in-progress batches, and accepts again once one finishes', async () => {
		await emulator.client.configure({ jobCompletion: 'manual', maxRunningBatches: 1, maxInProgressBatches: 2, batchRetryAfterSeconds: 7 });
		const first = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'a' }] } })).id;
		expect((await emulator.api('POST', '/v2/events/batch', { body: { requests: [{ name: 'b' }] } })).status).toBe(200);
		const refused = await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'c' }] } });
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('7');
		expect(errorOf(refused).code).toBe('too_many_requests');
		expect(await emulator.client.jobs()).toHaveLength(2);
		await emulator.client.finishJob(first);
		expect((await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'c' }] } })).status).toBe(200);
	});

	it('answers 429 at maxInProgressOperations in-progress requests', async () => {
		await emulator.client.configure({ jobCompletion: 'manual', maxInProgressOperations: 3 });
		expect((await emulator.api('POST', '/v2/users/batch', { body: { requests: [{}, {}] } })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/users/batch', { body: { requests: [{}] } })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/users/batch', { body: { requests: [{}] } })).status).toBe(429);
	});
});
