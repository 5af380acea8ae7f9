import { startTestEmulator, type TestEmulator } from '../helpers/emulator';

describe('request log, info and reset (emulator control API)', () => {
	let emulator: TestEmulator;

	beforeAll(async () => {
		emulator = await startTestEmulator();
	});
	afterAll(async () => await emulator.stop());
	beforeEach(async () => await emulator.client.reset());

	it('records every API call with its parsed body, lower-cased headers, query and status', async () => {
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/log', secret: 'abc', eventTypes: [{ eventName: 'note.created' }] },
			headers: { 'X-Trace-Id': 'trace-1' },
		});
		await emulator.api('GET', '/webhooks/v1/endpoints?limit=5&limit=6&paginationToken=');
		await emulator.api('GET', '/me', { key: null });
		await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: 'not json' });

		const log = await emulator.client.requests();
		expect(log).toHaveLength(4);
		expect(log[0]).toEqual({
			seq: expect.any(Number),
			time: expect.stringMatching(/Z$/),
			method: 'POST',
			path: '/webhooks/v1/endpoints',
			query: {},
			headers: expect.objectContaining({
				authorization: `Basic ${emulator.adminKey}`,
				'content-type': 'application/json',
				'x-trace-id': 'trace-1',
			}),
			body: { url: 'https://example.com/log', secret: 'abc', eventTypes: [{ eventName: 'note.created' }] },
			status: 200,
		});
		expect(log[1]).toMatchObject({
			method: 'GET',
			query: { limit: ['5', '6'], paginationToken: '' },
			body: null,
			status: 200,
		});
		expect(log[2]).toMatchObject({ path: '/me', status: 401 });
		expect(log[2].headers).not.toHaveProperty('authorization');
		expect(log[3]).toMatchObject({ body: 'not json', status: 400 });
		expect(log.map((entry) => entry.seq)).toEqual([...log.map((entry) => entry.seq)].sort((a, b) => a - b));
	});

	it('does not log control calls', async () => {
		await emulator.client.info();
		await emulator.client.endpoints();
		expect(await emulator.client.requests()).toEqual([]);
	});

	it('returns only newer entries with since, and keeps numbering after a clear', async () => {
		await emulator.api('GET', '/me');
		const [first] = await emulator.client.requests();
		await emulator.api('GET', '/webhooks/v1/event-types');
		const newer = await emulator.client.requests({ since: first.seq });
		expect(newer.map((entry) => entry.path)).toEqual(['/webhooks/v1/event-types']);
		await emulator.client.clearRequests();
		expect(await emulator.client.requests()).toEqual([]);
		await emulator.api('GET', '/me');
		const [afterClear] = await emulator.client.requests();
		expect(afterClear.seq).toBeGreaterThan(newer[0].seq);
	});

	it('describes itself: base URL, strictness, orgs with their keys, config', async () => {
		const info = await emulator.client.info();
		expect(info).toEqual({
			baseUrl: emulator.baseUrl,
			strict: true,
			defaultOrgId: 'o-1ABCDE-na1',
			orgs: [
				{
					orgId: 'o-1ABCDE-na1',
					keys: [
						{ key: emulator.adminKey, role: 'ADMIN', email: 'admin@example.com' },
						{ key: emulator.architectKey, role: 'ARCHITECT', email: 'architect@example.com' },
						{ key: emulator.standardKey, role: 'USER', email: 'standard@example.com' },
					],
				},
				{ orgId: 'TN1', keys: [{ key: emulator.legacyKey, role: 'ADMIN', email: '' }] },
			],
			config: {
				strict: true,
				requireSubcategory: true,
				duplicateUrl: 'reject',
				endpointIds: 'url',
				deliveryTimeoutMs: 10000,
				deliveryRetries: 'off',
				retryTimeScale: 1,
				retrySignature: 'same',
			},
		});
	});

	it('resets endpoints, faults, logs, catalogs, config and revoked keys to the seed', async () => {
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/x', secret: 's', eventTypes: [{ eventName: 'note.created' }] },
		});
		await emulator.client.injectFault({ kind: 'status500', path: '/nothing' });
		await emulator.client.setCatalog({
			eventNames: ['note.created'],
			hasSubcategories: { 'note.created': true },
			addEventTypes: [{ eventName: 'session.highlight', displayName: 'Session Highlight', hasSubcategories: true }],
		});
		await emulator.client.configure({
			duplicateUrl: 'replace',
			requireSubcategory: false,
			endpointIds: 'opaque',
			deliveryTimeoutMs: 50,
			deliveryRetries: 'fullstory',
			retryTimeScale: 0.5,
			retrySignature: 'fresh',
		});
		await emulator.client.revokeKey(emulator.standardKey);
		await emulator.client.deliver({ eventName: 'note.created', options: { drop: true } });

		await emulator.client.reset();

		expect(await emulator.client.endpoints()).toEqual([]);
		expect(await emulator.client.faults()).toEqual([]);
		expect(await emulator.client.requests()).toEqual([]);
		expect(await emulator.client.deliveries()).toEqual([]);
		const { eventDefs } = await emulator.client.catalog();
		expect(eventDefs).toHaveLength(6);
		expect(eventDefs.find((def) => def.eventName === 'note.created')?.hasSubcategories).toBe(false);
		expect((await emulator.client.info()).config).toEqual({
			strict: true,
			requireSubcategory: true,
			duplicateUrl: 'reject',
			endpointIds: 'url',
			deliveryTimeoutMs: 10000,
			deliveryRetries: 'off',
			retryTimeScale: 1,
			retrySignature: 'same',
		});
		expect((await emulator.api('GET', '/me', { key: emulator.standardKey })).status).toBe(200);
	});

	it('refuses unknown control routes and bad control input', async () => {
		expect((await emulator.api('GET', '/__emulator/nothing', { key: null })).status).toBe(404);
		expect((await emulator.api('PUT', '/__emulator/reset', { key: null })).status).toBe(405);
		const badConfig = await emulator.api('POST', '/__emulator/config', { key: null, body: { duplicateUrl: 'merge' } });
		expect(badConfig.status).toBe(400);
		expect(badConfig.body).toMatchObject({ message: expect.stringContaining('duplicateUrl') });
		const badKey = await emulator.api('POST', '/__emulator/keys', {
			key: null,
			body: { key: 'k', role: 'OWNER', orgId: 'o' },
		});
		expect(badKey.body).toMatchObject({ message: expect.stringContaining('role must be one of') });
		const badSince = await emulator.api('GET', '/__emulator/requests?since=x', { key: null });
		expect(badSince.status).toBe(400);
		const revokeUnknown = await emulator.api('POST', '/__emulator/keys/revoke', { key: null, body: { key: 'nope' } });
		expect(revokeUnknown.status).toBe(404);
	});
});
