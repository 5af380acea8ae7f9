/** The role matrix of the v2 APIs over HTTP (docs/fullstory-server-api.md §1.3, §13.1). */
import { ROLE_MATRIX, type Operation } from '../../emulator/api/roles';
import { SEED_KEYS } from '../../emulator/state/seed';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { createdJobOf, idOf } from './v2Wire';

const FORBIDDEN = { message: 'insufficient permissions', code: 'forbidden' };

/** Standard+ (create, update, batch create and status, §1.3) or Admin/Architect (view or delete), as the docs read. */
const WRITERS = ['ADMIN', 'ARCHITECT', 'USER'];
const VIEWERS = ['ADMIN', 'ARCHITECT'];
const EVERYONE = ['ADMIN', 'ARCHITECT', 'USER', 'VIEW_ONLY'];

/**
 * One call per operation, with the roles that may make it, written out here rather than read from the
 * emulator's matrix; `{user}` and `{job}` are filled in with a real user id and job id.
 */
const CALLS: Array<[Operation, string, string, unknown, string[]]> = [
	['users.create', 'POST', '/v2/users', { uid: 'role-test' }, WRITERS],
	['users.get', 'GET', '/v2/users/{user}', undefined, VIEWERS],
	['users.list', 'GET', '/v2/users', undefined, VIEWERS],
	['users.update', 'POST', '/v2/users/{user}', { email: 'r@example.com' }, WRITERS],
	['users.delete', 'DELETE', '/v2/users/{user}', undefined, VIEWERS],
	['users.delete', 'DELETE', '/v2/users?uid=seeded', undefined, VIEWERS],
	['events.create', 'POST', '/v2/events', { name: 'Role' }, WRITERS],
	['batch.create', 'POST', '/v2/users/batch', { requests: [{ uid: 'b' }] }, WRITERS],
	['batch.create', 'POST', '/v2/events/batch', { requests: [{ name: 'b' }] }, WRITERS],
	['batch.status', 'GET', '/v2/users/batch/{job}', undefined, WRITERS],
	['batch.imports', 'GET', '/v2/users/batch/{job}/imports', undefined, VIEWERS],
	['batch.errors', 'GET', '/v2/users/batch/{job}/errors', undefined, VIEWERS],
	['annotations.create', 'POST', '/v2/annotations', { text: 'Role' }, WRITERS],
	['me', 'GET', '/me', undefined, EVERYONE],
];

const ROLE_KEYS = [
	['ADMIN', SEED_KEYS.admin],
	['ARCHITECT', SEED_KEYS.architect],
	['USER', SEED_KEYS.standard],
	['VIEW_ONLY', SEED_KEYS.viewOnly],
] as const;

describe('v2 roles (fullstory-server-api.md §13.1)', () => {
	const emulator = useTestEmulator();
	let path: (template: string) => string;

	beforeEach(async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const user = idOf(await emulator.api('POST', '/v2/users', { body: { uid: 'seeded' } }));
		const job = createdJobOf(await emulator.api('POST', '/v2/users/batch', { body: { requests: [{ uid: 'j' }] } })).id;
		await emulator.client.finishJob(job);
		path = (template) => template.replace('{user}', user).replace('{job}', encodeURIComponent(job));
	});

	it('is the matrix the docs give: Standard creates, updates and runs batches; viewing and deleting need Admin or Architect', () => {
		expect(ROLE_MATRIX['users.create']).toEqual(['ADMIN', 'ARCHITECT', 'USER']);
		expect(ROLE_MATRIX['users.get']).toEqual(['ADMIN', 'ARCHITECT']);
		expect(ROLE_MATRIX['batch.status']).toContain('USER');
		expect(ROLE_MATRIX['batch.imports']).not.toContain('USER');
		expect(ROLE_MATRIX.webhooks).not.toContain('USER');
	});

	describe.each(ROLE_KEYS)('a %s key', (role, key) => {
		it.each(CALLS)(`%s (%s %s): allowed exactly for its roles`, async (_operation, method, template, body, roles) => {
			const reply = await emulator.api(method, path(template), { key, body });
			if (roles.includes(role)) {
				expect(reply.status).not.toBe(403);
				expect(reply.status).toBeLessThan(300);
			} else {
				expect(reply.status).toBe(403);
				expect(reply.body).toEqual(FORBIDDEN);
			}
		});
	});

	it('refuses before doing anything: a forbidden create changes nothing', async () => {
		const before = (await emulator.client.users()).length;
		expect((await emulator.api('POST', '/v2/users', { key: SEED_KEYS.viewOnly, body: { uid: 'never' } })).status).toBe(403);
		expect((await emulator.api('POST', '/v2/events', { key: SEED_KEYS.viewOnly, body: { name: 'never' } })).status).toBe(403);
		expect(await emulator.client.users()).toHaveLength(before);
		expect(await emulator.client.events()).toEqual([]);
	});

	it('takes another reading of single operations from config roleOverrides, and a reset restores the matrix', async () => {
		await emulator.client.configure({ roleOverrides: { 'users.list': ['ADMIN', 'ARCHITECT', 'USER', 'VIEW_ONLY'], 'events.create': ['ADMIN'] } });
		expect((await emulator.api('GET', '/v2/users', { key: SEED_KEYS.viewOnly })).status).toBe(200);
		expect((await emulator.api('POST', '/v2/events', { key: SEED_KEYS.standard, body: { name: 'x' } })).status).toBe(403);
		await emulator.client.reset();
		expect((await emulator.api('GET', '/v2/users', { key: SEED_KEYS.viewOnly })).status).toBe(403);
	});

	it('answers the webhooks routes the same way for a View-only key as for a Standard one', async () => {
		expect((await emulator.api('GET', '/webhooks/v1/endpoints', { key: SEED_KEYS.viewOnly })).body).toEqual(FORBIDDEN);
		expect((await emulator.api('GET', '/me', { key: SEED_KEYS.viewOnly })).body).toEqual({
			email: 'viewer@example.com',
			orgId: emulator.orgId,
			role: 'VIEW_ONLY',
		});
	});
});
