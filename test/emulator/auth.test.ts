import { SEED_KEYS } from '../../emulator/state/seed';
import { startTestEmulator } from '../helpers/emulator';
import { useTestEmulator } from '../helpers/emulatorFixture';

const UNAUTHORIZED = { message: 'access is unauthorized', code: 'unauthorized' };
const FORBIDDEN = { message: 'insufficient permissions', code: 'forbidden' };

// Every row has three entries: a shorter row would make jest pass its `done` callback as the body.
const WEBHOOK_CALLS: Array<[string, string, unknown]> = [
	['GET', '/webhooks/v1/endpoints', undefined],
	['POST', '/webhooks/v1/endpoints', { url: 'https://example.com/hook', eventTypes: [{ eventName: 'note.created' }] }],
	['GET', '/webhooks/v1/endpoints/aHR0cHM6Ly9leGFtcGxlLmNvbS9ob29r', undefined],
	['POST', '/webhooks/v1/endpoints/aHR0cHM6Ly9leGFtcGxlLmNvbS9ob29r', { disabled: true }],
	['DELETE', '/webhooks/v1/endpoints/aHR0cHM6Ly9leGFtcGxlLmNvbS9ob29r', undefined],
	['GET', '/webhooks/v1/event-types', undefined],
	['GET', '/webhooks/v1/event-types/recording.event.custom/subcategories', undefined],
];

describe('authentication and roles (fullstory-api.md §1, §7.1)', () => {
	const emulator = useTestEmulator();

	it('answers 401 without an Authorization header', async () => {
		const reply = await emulator.api('GET', '/webhooks/v1/event-types', { key: null });
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(UNAUTHORIZED);
	});

	it('rejects base64 of user:pass, which is what httpBasicAuth would send', async () => {
		const encoded = Buffer.from(`${emulator.adminKey}:`).toString('base64');
		const reply = await emulator.api('GET', '/me', { key: encoded });
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(UNAUTHORIZED);
	});

	// Trailing whitespace is not testable: HTTP strips it from header values before any server sees it.
	it.each([
		['an unknown key', () => 'Basic na1.unknown/key'],
		['another scheme', () => `Bearer ${emulator.adminKey}`],
		['a doubled space after Basic', () => `Basic  ${emulator.adminKey}`],
		['a key cut at the slash', () => `Basic ${emulator.adminKey.split('/')[0]}`],
		['a URL-encoded key', () => `Basic ${encodeURIComponent(emulator.adminKey)}`],
	])('answers 401 for %s', async (_label, header) => {
		const reply = await emulator.api('GET', '/me', { key: null, headers: { Authorization: header() } });
		expect(reply.status).toBe(401);
		expect(reply.body).toEqual(UNAUTHORIZED);
	});

	it('accepts the raw key, slashes and dots included, after "Basic "', async () => {
		expect(emulator.adminKey).toMatch(/^na1\..*\/.*\./);
		const reply = await emulator.api('GET', '/me');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ email: 'admin@example.com', orgId: 'o-1ABCDE-na1', role: 'ADMIN' });
	});

	it.each(WEBHOOK_CALLS)('answers 403 to a standard key on %s %s', async (method, path, body) => {
		const reply = await emulator.api(method, path, { key: emulator.standardKey, body });
		expect(reply.status).toBe(403);
		expect(reply.body).toEqual(FORBIDDEN);
	});

	it('lets a standard key read /me, whose role explains the 403', async () => {
		const reply = await emulator.api('GET', '/me', { key: emulator.standardKey });
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({ email: 'standard@example.com', orgId: emulator.orgId, role: 'USER' });
	});

	it('lets an architect key manage webhooks', async () => {
		const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
			key: emulator.architectKey,
			body: { url: 'https://example.com/architect', eventTypes: [{ eventName: 'note.created' }], secret: 's' },
		});
		expect(created.status).toBe(200);
		const listed = await emulator.api('GET', '/webhooks/v1/endpoints', { key: emulator.architectKey });
		expect(listed.status).toBe(200);
		const me = await emulator.api('GET', '/me', { key: emulator.architectKey });
		expect(me.body).toEqual({ email: 'architect@example.com', orgId: emulator.orgId, role: 'ARCHITECT' });
	});

	it('reports a blank email and the short org id for a legacy org key', async () => {
		const reply = await emulator.api('GET', '/me', { key: emulator.legacyKey });
		expect(reply.body).toEqual({ email: '', orgId: 'TN1', role: 'ADMIN' });
	});

	it('answers 401 to a revoked key from then on, and a reset brings it back', async () => {
		expect((await emulator.api('GET', '/me', { key: emulator.architectKey })).status).toBe(200);
		await emulator.client.revokeKey(emulator.architectKey);
		const revoked = await emulator.api('GET', '/webhooks/v1/event-types', { key: emulator.architectKey });
		expect(revoked.status).toBe(401);
		expect(revoked.body).toEqual(UNAUTHORIZED);
		expect((await emulator.api('GET', '/me', { key: emulator.architectKey })).status).toBe(401);
		await emulator.client.reset();
		expect((await emulator.api('GET', '/me', { key: emulator.architectKey })).status).toBe(200);
	});

	it('keeps each org to its own endpoints', async () => {
		const otherKey = 'eu1.other-org/key.1';
		await emulator.client.addKey({ key: otherKey, role: 'ADMIN', orgId: 'o-OTHER-eu1', email: 'o@example.com' });
		const body = { url: 'https://example.com/shared', eventTypes: [{ eventName: 'note.created' }], secret: 's' };
		expect((await emulator.api('POST', '/webhooks/v1/endpoints', { body })).status).toBe(200);
		// Same URL in another org: no conflict, and neither org sees the other's endpoint.
		expect((await emulator.api('POST', '/webhooks/v1/endpoints', { key: otherKey, body })).status).toBe(200);
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			key: otherKey,
			body: { ...body, url: 'https://example.com/other-only' },
		});
		const mine = await emulator.api('GET', '/webhooks/v1/endpoints');
		const theirs = await emulator.api('GET', '/webhooks/v1/endpoints', { key: otherKey });
		expect(mine.body).toMatchObject({ endpoints: [{ url: 'https://example.com/shared' }] });
		expect(theirs.body).toMatchObject({
			endpoints: [{ url: 'https://example.com/shared' }, { url: 'https://example.com/other-only' }],
		});
		const legacy = await emulator.api('GET', '/webhooks/v1/endpoints', { key: emulator.legacyKey });
		expect(legacy.body).toEqual({ endpoints: [] });
		expect((await emulator.client.endpoints()).map((endpoint) => endpoint.orgId)).toEqual([
			'o-1ABCDE-na1',
			'o-OTHER-eu1',
			'o-OTHER-eu1',
		]);
	});

	it('forgets keys added through the control API on reset', async () => {
		await emulator.client.addKey({ key: 'na1.temp/key', role: 'VIEW_ONLY', orgId: emulator.orgId });
		const me = await emulator.api('GET', '/me', { key: 'na1.temp/key' });
		expect(me.body).toEqual({ email: '', orgId: emulator.orgId, role: 'VIEW_ONLY' });
		expect((await emulator.api('GET', '/webhooks/v1/endpoints', { key: 'na1.temp/key' })).status).toBe(403);
		await emulator.client.reset();
		expect((await emulator.api('GET', '/me', { key: 'na1.temp/key' })).status).toBe(401);
	});
});

describe('start-up options', () => {
	it('adds the --api-key key as ADMIN of the --org-id org, and keeps it across resets', async () => {
		const emulator = await startTestEmulator({ apiKey: 'na1.my/key', orgId: 'o-CUSTOM-na1' });
		try {
			expect(emulator.adminKey).toBe('na1.my/key');
			expect(emulator.orgId).toBe('o-CUSTOM-na1');
			await emulator.client.reset();
			const me = await emulator.api('GET', '/me');
			expect(me.body).toEqual({ email: 'emulator@example.com', orgId: 'o-CUSTOM-na1', role: 'ADMIN' });
			const info = await emulator.client.info();
			expect(info.defaultOrgId).toBe('o-CUSTOM-na1');
			expect(info.orgs.find((org) => org.orgId === 'o-CUSTOM-na1')?.keys).toContainEqual({
				key: 'na1.my/key',
				role: 'ADMIN',
				email: 'emulator@example.com',
			});
		} finally {
			await emulator.stop();
		}
	});

	it('holds only the --api-key key without the seeded ones (the demo: its key is its own)', async () => {
		const emulator = await startTestEmulator({ apiKey: 'na1.demo-only/key', seededKeys: false });
		try {
			await emulator.client.reset();
			expect((await emulator.api('GET', '/me')).status).toBe(200);
			for (const seeded of Object.values(SEED_KEYS)) {
				expect((await emulator.api('GET', '/me', { key: seeded })).status).toBe(401);
			}
			const info = await emulator.client.info();
			expect(info.orgs).toEqual([
				{ orgId: emulator.orgId, keys: [{ key: 'na1.demo-only/key', role: 'ADMIN', email: 'emulator@example.com' }] },
			]);
		} finally {
			await emulator.stop();
		}
	});
});
