/** Users v2 over HTTP (docs/fullstory-server-api.md §2, §13.2–§13.5). */
import { useTestEmulator } from '../helpers/emulatorFixture';
import { sleep, until } from '../helpers/wait';
import { errorOf, idOf, pageOf, userOf } from './v2Wire';

const NOT_FOUND = { message: 'Requested resource does not exist', code: 'resource_not_found' };

describe('Users v2: create, get, update (fullstory-server-api.md §2.1–§2.3)', () => {
	const emulator = useTestEmulator();

	it('creates a user and answers only its id, a decimal string too big for a JS number', async () => {
		const created = await emulator.api('POST', '/v2/users', {
			body: { uid: 'xyz123', display_name: 'Daniel Falko', email: 'daniel.falko@example.com', properties: { pricing_plan: 'paid' } },
		});
		expect(created.status).toBe(200);
		expect(created.body).toEqual({ id: expect.any(String) });
		const id = idOf(created);
		expect(id).toMatch(/^\d{19}$/);
		expect(Number.isSafeInteger(Number(id))).toBe(false);
		const [stored] = await emulator.client.users();
		expect(stored).toMatchObject({ orgId: emulator.orgId, id, uid: 'xyz123', display_name: 'Daniel Falko' });
	});

	it('gets the user object with is_being_deleted always present and schema null unless asked for', async () => {
		const id = idOf(
			await emulator.api('POST', '/v2/users', {
				body: { uid: 'u1', email: 'a@example.com', properties: { plan: 'paid', seats: 3, total: 14.55, beta: true, tags: ['a', 'b'], address: { city: 'Oslo' } } },
			}),
		);
		const plain = await emulator.api('GET', `/v2/users/${id}`);
		expect(plain.status).toBe(200);
		expect(plain.body).toEqual({
			id,
			uid: 'u1',
			email: 'a@example.com',
			is_being_deleted: false,
			properties: { plan: 'paid', seats: 3, total: 14.55, beta: true, tags: ['a', 'b'], address: { city: 'Oslo' } },
			schema: null,
			type_conflicts: null,
			app_url: `https://app.fullstory.com/ui/${emulator.orgId}/segments/everyone/people/user/${id}`,
		});
		const withSchema = userOf(await emulator.api('GET', `/v2/users/${id}?include_schema=true`));
		expect(withSchema.schema).toEqual({
			properties: { plan: 'str', seats: 'int', total: 'real', beta: 'bool', tags: 'strs', 'address.city': 'str' },
		});
	});

	it('lets schema.properties override an inferred type', async () => {
		const id = idOf(
			await emulator.api('POST', '/v2/users', { body: { properties: { signup: '2024-01-02T00:00:00Z', n: 1 }, schema: { properties: { signup: 'date', n: 'real' } } } }),
		);
		expect(userOf(await emulator.api('GET', `/v2/users/${id}?include_schema=1`)).schema).toEqual({
			properties: { signup: 'date', n: 'real' },
		});
	});

	it('upserts by uid: the same uid updates that user, merging properties one level deep', async () => {
		const first = idOf(
			await emulator.api('POST', '/v2/users', {
				body: { uid: 'same', display_name: 'Before', email: 'keep@example.com', properties: { a: 1, nested: { x: 1, y: 2 } } },
			}),
		);
		const second = idOf(
			await emulator.api('POST', '/v2/users', { body: { uid: 'same', display_name: 'After', properties: { b: 2, nested: { z: 3 } } } }),
		);
		expect(second).toBe(first);
		const user = userOf(await emulator.api('GET', `/v2/users/${first}`));
		expect(user).toMatchObject({ display_name: 'After', email: 'keep@example.com', properties: { a: 1, b: 2, nested: { z: 3 } } });
		expect(await emulator.client.users()).toHaveLength(1);
	});

	it('makes a new anonymous user for every create without a uid', async () => {
		const a = idOf(await emulator.api('POST', '/v2/users', { body: { display_name: 'Anon' } }));
		const b = idOf(await emulator.api('POST', '/v2/users', { body: { display_name: 'Anon' } }));
		const empty = idOf(await emulator.api('POST', '/v2/users', {}));
		expect(new Set([a, b, empty]).size).toBe(3);
		expect(userOf(await emulator.api('GET', `/v2/users/${a}`))).not.toHaveProperty('uid');
	});

	it('updates with POST /v2/users/{id}, answering {id}', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'upd', properties: { a: 1 } } }));
		const updated = await emulator.api('POST', `/v2/users/${id}`, { body: { email: 'new@example.com', properties: { b: 2 } } });
		expect(updated.body).toEqual({ id });
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`))).toMatchObject({ uid: 'upd', email: 'new@example.com', properties: { a: 1, b: 2 } });
	});

	it('answers 404 with the documented body for an unknown id, on get, update and delete', async () => {
		for (const [method, body] of [['GET', undefined], ['POST', {}], ['DELETE', undefined]] as const) {
			const reply = await emulator.api(method, '/v2/users/12345', { body });
			expect(reply.status).toBe(404);
			expect(reply.body).toEqual(NOT_FOUND);
		}
	});

	it('keeps each org to its own users', async () => {
		const otherKey = 'eu1.v2-other/key.1';
		await emulator.client.addKey({ key: otherKey, role: 'ADMIN', orgId: 'o-OTHER-eu1' });
		const id = idOf(await emulator.api('POST', '/v2/users', { key: otherKey, body: { uid: 'theirs' } }));
		expect((await emulator.api('GET', `/v2/users/${id}`)).status).toBe(404);
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`, { key: otherKey })).app_url).toMatch(/^https:\/\/app\.eu1\.fullstory\.com\/ui\/o-OTHER-eu1\//);
		expect(await emulator.client.users()).toEqual([]);
		expect(await emulator.client.users({ orgId: 'o-OTHER-eu1' })).toHaveLength(1);
	});
});

describe('Users v2: list (fullstory-server-api.md §2.4, §13.2, §13.3)', () => {
	const emulator = useTestEmulator();

	async function createMany(count: number, body: (index: number) => object): Promise<string[]> {
		const ids: string[] = [];
		for (let index = 0; index < count; index++) ids.push(idOf(await emulator.api('POST', '/v2/users', { body: body(index) })));
		return ids;
	}

	/** Every page's ids, following next_page_token until there is none. */
	async function pageThrough(query: string): Promise<{ ids: string[]; pages: number }> {
		const ids: string[] = [];
		let token: string | undefined;
		let pages = 0;
		do {
			const separator = query === '' ? '?' : '&';
			const page = pageOf(await emulator.api('GET', `/v2/users${query === '' ? '' : `?${query}`}${token === undefined ? '' : `${separator}page_token=${encodeURIComponent(token)}`}`));
			pages += 1;
			ids.push(...page.results.map((user) => String(user.id)));
			token = page.next_page_token;
		} while (token !== undefined && pages < 100);
		return { ids, pages };
	}

	it('lists every user in pages of 20, total_records a string, no token on the last page', async () => {
		const ids = await createMany(45, (index) => ({ uid: `u${index}` }));
		const first = pageOf(await emulator.api('GET', '/v2/users'));
		expect(first.results).toHaveLength(20);
		expect(first.total_records).toBe('45');
		expect(first.next_page_token).toEqual(expect.any(String));
		expect(first.app_url).toMatch(/people:search:/);
		const all = await pageThrough('');
		expect(all).toEqual({ ids, pages: 3 });
	});

	it('takes its page size from config v2PageSize', async () => {
		await emulator.client.configure({ v2PageSize: 2 });
		await createMany(5, (index) => ({ uid: `p${index}` }));
		expect((await pageThrough('')).pages).toBe(3);
	});

	it('filters by uid exactly, email case-insensitively, display_name exactly, and is_identified', async () => {
		const [upper, , anon] = await createMany(3, (index) =>
			[{ uid: 'Case', email: 'Mixed@Example.com', display_name: 'Ann' }, { uid: 'case', email: 'other@example.com', display_name: 'ann' }, { display_name: 'Ann' }][index],
		);
		const ids = async (query: string) => (await pageThrough(query)).ids;
		expect(await ids('uid=Case')).toEqual([upper]);
		expect(await ids('email=mixed%40example.COM')).toEqual([upper]);
		expect(await ids('display_name=Ann')).toEqual([upper, anon]);
		expect(await ids('is_identified=false')).toEqual([anon]);
		expect((await ids('is_identified=true')).length).toBe(2);
		expect(await ids('uid=nobody')).toEqual([]);
		expect((await emulator.api('GET', '/v2/users?is_identified=maybe')).status).toBe(400);
	});

	it('refuses a page token replayed with other filters, and one it never issued', async () => {
		await emulator.client.configure({ v2PageSize: 1 });
		await createMany(3, () => ({ display_name: 'Same' }));
		const token = pageOf(await emulator.api('GET', '/v2/users?display_name=Same')).next_page_token ?? '';
		expect(token).not.toBe('');
		expect(pageOf(await emulator.api('GET', `/v2/users?display_name=Same&page_token=${token}`)).results).toHaveLength(1);
		const mismatch = await emulator.api('GET', `/v2/users?page_token=${token}`);
		expect(mismatch.status).toBe(400);
		expect(errorOf(mismatch)).toEqual({ code: 'invalid_argument', message: expect.stringContaining('same filters') });
		const forged = await emulator.api('GET', `/v2/users?page_token=${Buffer.from('v2page:1:xxxxxxxxxxxx').toString('base64url')}`);
		expect(forged.status).toBe(400);
		expect((await emulator.api('GET', '/v2/users?page_token=garbage')).status).toBe(400);
	});
});

describe('Users v2: delete (fullstory-server-api.md §2.5, §13.5)', () => {
	const emulator = useTestEmulator();

	it('deletes asynchronously: 200 {}, then is_being_deleted for userDeleteSeconds, then 404 with its events gone', async () => {
		await emulator.client.configure({ userDeleteSeconds: 0.4 });
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'gone' } }));
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'Kept', user: { uid: 'gone' } } })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/events', { body: { name: 'Other', user: { uid: 'stays' } } })).status).toBe(200);
		const deleted = await emulator.api('DELETE', `/v2/users/${id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({});
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).is_being_deleted).toBe(true);
		// A user being deleted can no longer be changed, and a create with its uid makes a new user.
		expect((await emulator.api('POST', `/v2/users/${id}`, { body: { email: 'x@example.com' } })).status).toBe(404);
		expect((await emulator.api('DELETE', `/v2/users/${id}`)).status).toBe(200);
		await until(async () => (await emulator.api('GET', `/v2/users/${id}`)).status === 404, { timeoutMs: 5000, what: 'the deletion to finish' });
		expect((await emulator.api('GET', `/v2/users/${id}`)).body).toEqual(NOT_FOUND);
		expect((await emulator.client.events()).map((event) => event.name)).toEqual(['Other']);
		expect((await emulator.api('DELETE', `/v2/users/${id}`)).status).toBe(404);
	});

	it('keeps a deleted user for 5 seconds by default', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'slow' } }));
		await emulator.api('DELETE', `/v2/users/${id}`);
		await sleep(300);
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).is_being_deleted).toBe(true);
		const [stored] = await emulator.client.users();
		expect(Date.parse(stored.purgeAt ?? '') - Date.parse(stored.deleteRequested ?? '')).toBe(5000);
	});

	it('deletes by uid with DELETE /v2/users?uid=, and 404s an unknown uid', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'by-uid' } }));
		expect((await emulator.api('DELETE', '/v2/users?uid=by-uid')).body).toEqual({});
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).is_being_deleted).toBe(true);
		expect((await emulator.api('DELETE', '/v2/users?uid=nobody')).status).toBe(404);
	});

	it('refuses id and uid together, or neither', async () => {
		const id = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'both' } }));
		for (const path of [`/v2/users/${id}?uid=both`, `/v2/users?uid=both&id=${id}`, `/v2/users?id=${id}`, '/v2/users']) {
			const reply = await emulator.api('DELETE', path);
			expect(reply.status).toBe(400);
		}
		expect(errorOf(await emulator.api('DELETE', '/v2/users'))).toEqual({ code: 'required_field', message: 'uid is required' });
		expect(userOf(await emulator.api('GET', `/v2/users/${id}`)).is_being_deleted).toBe(false);
	});
});
