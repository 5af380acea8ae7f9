/** `Idempotency-Key` on the v2 creates, batches and annotations over HTTP (docs/fullstory-server-api.md §1.2, §13.6). */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { sleep } from '../helpers/wait';
import { createdJobOf, errorOf, idOf } from './v2Wire';

const CREATES: Array<[string, unknown]> = [
	['/v2/users', { display_name: 'Anonymous, so every call would make another' }],
	['/v2/events', { name: 'Once' }],
	['/v2/users/batch', { requests: [{ display_name: 'Batch' }] }],
	['/v2/events/batch', { requests: [{ name: 'Batch' }] }],
	['/v2/annotations', { text: 'Deploy' }],
];

describe('Idempotency-Key (fullstory-server-api.md §13.6)', () => {
	const emulator = useTestEmulator();

	beforeEach(async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
	});

	/** How many things the org holds after the calls: users, events, annotations and jobs together. */
	async function heldCount(): Promise<number> {
		const { client } = emulator;
		return (await client.users()).length + (await client.events()).length + (await client.annotations()).length + (await client.jobs()).length;
	}

	it.each(CREATES)('replays the first answer to POST %s for the same key and body, doing the work once', async (path, body) => {
		const headers = { 'Idempotency-Key': `key-${path}` };
		const first = await emulator.api('POST', path, { body, headers });
		expect(first.status).toBe(200);
		const again = await emulator.api('POST', path, { body, headers });
		expect(again.status).toBe(200);
		expect(again.body).toEqual(first.body);
		expect(await heldCount()).toBe(1);
		const log = await emulator.client.requests();
		expect(log.map((entry) => entry.idempotentReplay)).toEqual([undefined, true]);
		// Without a key, the same body is a second create.
		expect((await emulator.api('POST', path, { body })).status).toBe(200);
		expect(await heldCount()).toBe(2);
	});

	it('refuses the same key with another body, or on another path, with 400 invalid_argument', async () => {
		const headers = { 'Idempotency-Key': 'reused' };
		idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'a' }, headers }));
		const otherBody = await emulator.api('POST', '/v2/users', { body: { uid: 'b' }, headers });
		expect(otherBody.status).toBe(400);
		expect(errorOf(otherBody)).toEqual({ code: 'invalid_argument', message: expect.stringContaining('Idempotency-Key') });
		// The body is compared as sent: the same object serialised in another key order is another body.
		const reordered = await emulator.api('POST', '/v2/users', { rawBody: '{ "uid": "a" }', headers });
		expect(reordered.status).toBe(400);
		expect((await emulator.api('POST', '/v2/events', { body: { uid: 'a' }, headers })).status).toBe(400);
		expect((await emulator.client.users()).map((user) => user.uid)).toEqual(['a']);
	});

	it('proves a create retried after a lost answer (dropAfter) is done once', async () => {
		await emulator.client.injectFault({ kind: 'dropAfter', method: 'POST', path: '/v2/users' });
		const headers = { 'Idempotency-Key': 'retry-after-drop' };
		const body = { display_name: 'Lost answer' };
		// fetch's TypeError comes from Node's realm, not jest's, so `instanceof` helpers cannot name it.
		await expect(emulator.api('POST', '/v2/users', { body, headers })).rejects.toThrow('fetch failed');
		const retried = await emulator.api('POST', '/v2/users', { body, headers });
		const users = await emulator.client.users();
		expect(users).toHaveLength(1);
		expect(idOf(retried)).toBe(users[0].id);
		const log = await emulator.client.requests();
		expect(log.map((entry) => [entry.status, entry.fault, entry.idempotentReplay])).toEqual([
			[null, 'dropAfter', undefined],
			[200, undefined, true],
		]);
	});

	it('never keeps a 429: a batch refused by the in-progress limit is created by the retry with the same key', async () => {
		await emulator.client.configure({ maxInProgressBatches: 1 });
		const first = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{}] } })).id;
		const headers = { 'Idempotency-Key': 'after-429' };
		const body = { requests: [{ uid: 'later' }] };
		expect((await emulator.api('POST', '/v2/users/batch', { body, headers })).status).toBe(429);
		await emulator.client.finishJob(first);
		const retried = await emulator.api('POST', '/v2/users/batch', { body, headers });
		expect(retried.status).toBe(200);
		expect((await emulator.client.requests()).at(-1)?.idempotentReplay).toBeUndefined();
		expect(await emulator.client.jobs()).toHaveLength(2);
	});

	it('never keeps an injected 429 or 500 either: they strike before the work', async () => {
		const headers = { 'Idempotency-Key': 'after-fault' };
		await emulator.client.injectFault({ kind: 'status500', method: 'POST', path: '/v2/events' });
		await emulator.client.injectFault({ kind: 'status429', method: 'POST', path: '/v2/events', retryAfterSeconds: 3 });
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x' }, headers })).status).toBe(500);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x' }, headers })).status).toBe(429);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x' }, headers })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'x' }, headers })).status).toBe(200);
		expect(await emulator.client.events()).toHaveLength(1);
	});

	it('keeps a 400 as it keeps any answer: the same bad request gets it again, marked as a replay', async () => {
		const headers = { 'Idempotency-Key': 'bad' };
		expect((await emulator.api('POST', '/v2/events', { body: {}, headers })).status).toBe(400);
		expect((await emulator.api('POST', '/v2/events', { body: {}, headers })).status).toBe(400);
		expect((await emulator.client.requests()).at(-1)?.idempotentReplay).toBe(true);
	});

	it('forgets a key after idempotencyTtlSeconds', async () => {
		await emulator.client.configure({ idempotencyTtlSeconds: 0.2 });
		const headers = { 'Idempotency-Key': 'short-lived' };
		expect((await emulator.api('POST', '/v2/annotations', { body: { text: 'a' }, headers })).status).toBe(200);
		await sleep(300);
		expect((await emulator.api('POST', '/v2/annotations', { body: { text: 'b' }, headers })).status).toBe(200);
		expect((await emulator.client.annotations()).map((annotation) => annotation.text)).toEqual(['a', 'b']);
	});

	it('keeps keys per org, and forgets them on reset', async () => {
		await emulator.client.addKey({ key: 'na1.idem-other/key', role: 'ADMIN', orgId: 'o-IDEM-na1' });
		const headers = { 'Idempotency-Key': 'shared-name' };
		idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'mine' }, headers }));
		expect((await emulator.api('POST', '/v2/users', { key: 'na1.idem-other/key', body: { uid: 'theirs' }, headers })).status).toBe(200);
		await emulator.client.reset();
		expect((await emulator.api('POST', '/v2/users', { body: { uid: 'after-reset' }, headers })).status).toBe(200);
	});

	it('ignores the key on routes without idempotency (Update User)', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'u' } }));
		const headers = { 'Idempotency-Key': 'update' };
		expect((await emulator.api('POST', `/v2/users/${id}`, { body: { email: 'a@example.com' }, headers })).status).toBe(200);
		expect((await emulator.api('POST', `/v2/users/${id}`, { body: { email: 'b@example.com' }, headers })).status).toBe(200);
		expect((await emulator.client.users())[0].email).toBe('b@example.com');
	});
});
