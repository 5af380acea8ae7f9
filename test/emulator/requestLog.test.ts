import { LOGGED_BODY_MAX_BYTES, REQUEST_LOG_MAX_BYTES } from '../../emulator/state/requestLog';
import { SEED_KEYS } from '../../emulator/state/seed';
import { useTestEmulator } from '../helpers/emulatorFixture';

/** The config of a strict test emulator at start and after every reset, spelled out so a changed default shows. */
const SEED_CONFIG = {
	strict: true,
	requireSubcategory: true,
	duplicateUrl: 'reject',
	endpointIds: 'url',
	deliveryTimeoutMs: 10000,
	deliveryRetries: 'off',
	retryTimeScale: 1,
	retrySignature: 'same',
	urlNormalisation: 'asSent',
	// The v2 APIs' own, by topic: paging and deletion, job timing, in-progress limits, the rest.
	...{ v2PageSize: 20, userDeleteSeconds: 5, idempotencyTtlSeconds: 86_400 },
	...{ jobCompletion: 'timer', jobDelayMs: 300, jobStatusWithErrors: 'FAILED', jobErrorRequests: 'echo' },
	...{ maxRunningBatches: 100, maxInProgressBatches: 200, maxInProgressOperations: 500_000, batchRetryAfterSeconds: 1 },
	...{ oversizedPropertyValue: 'dropProperty', fullSessions: [], rateLimit: null, roleOverrides: {} },
};

/** A JSON body of about `bytes` bytes that starts by saying which it is. */
function numberedBody(n: number, bytes: number): string {
	return JSON.stringify({ n, pad: 'x'.repeat(bytes) });
}

describe('request log, info and reset (emulator control API)', () => {
	const emulator = useTestEmulator();

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

	it('keeps no body of a call without a usable key, only its size', async () => {
		const body = numberedBody(1, 5_000);
		await emulator.api('POST', '/webhooks/v1/endpoints', { key: null, rawBody: body });
		await emulator.api('POST', '/webhooks/v1/endpoints', { key: 'na1.not-a-key/0000', rawBody: body });
		await emulator.client.revokeKey(emulator.architectKey);
		await emulator.api('POST', '/webhooks/v1/endpoints', { key: emulator.architectKey, rawBody: body });
		const log = await emulator.client.requests();
		expect(log.map((entry) => entry.status)).toEqual([401, 401, 401]);
		for (const entry of log) {
			expect(entry).toMatchObject({ body: null, bodyCut: 'unauthenticated', bodyBytes: Buffer.byteLength(body) });
		}
		expect(JSON.stringify(log)).not.toContain('xxxx');
	});

	it('keeps only the start of a body past the per-entry cap, as text', async () => {
		const body = numberedBody(7, LOGGED_BODY_MAX_BYTES * 2);
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: body });
		expect(reply.status).toBe(400);
		const [entry] = await emulator.client.requests();
		expect(entry).toMatchObject({ status: 400, bodyCut: 'truncated', bodyBytes: Buffer.byteLength(body) });
		expect(entry.body).toBe(body.slice(0, LOGGED_BODY_MAX_BYTES));
		// A body under the cap is still logged whole, parsed.
		await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: numberedBody(8, 100) });
		const [, whole] = await emulator.client.requests();
		expect(whole.body).toEqual({ n: 8, pad: 'x'.repeat(100) });
		expect(whole).not.toHaveProperty('bodyCut');
	});

	it('stays under its byte bound when flooded with large bodies, the newest entries readable', async () => {
		const calls = Math.ceil((REQUEST_LOG_MAX_BYTES / LOGGED_BODY_MAX_BYTES) * 1.5);
		const size = LOGGED_BODY_MAX_BYTES + 10_000;
		const parallel = 8;
		for (let start = 0; start < calls; start += parallel) {
			const batch = Array.from({ length: Math.min(parallel, calls - start) }, (_, index) => start + index);
			await Promise.all(batch.map(async (n) => await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: numberedBody(n, size) })));
		}
		await emulator.api('POST', '/webhooks/v1/endpoints', { rawBody: numberedBody(calls, size) });

		const log = await emulator.client.requests();
		expect(Buffer.byteLength(JSON.stringify(log))).toBeLessThanOrEqual(REQUEST_LOG_MAX_BYTES);
		// The oldest went first: fewer entries than calls, and the last call is the last entry.
		expect(log.length).toBeLessThan(calls);
		expect(log.length).toBeGreaterThan(REQUEST_LOG_MAX_BYTES / (LOGGED_BODY_MAX_BYTES * 2));
		const last = log[log.length - 1];
		expect(last).toMatchObject({ bodyCut: 'truncated', bodyBytes: Buffer.byteLength(numberedBody(calls, size)) });
		expect(String(last.body).startsWith(`{"n":${calls},"pad":"xxx`)).toBe(true);
		expect(log.map((entry) => entry.seq)).toEqual([...log.map((entry) => entry.seq)].sort((a, b) => a - b));
		// Small calls after the flood are logged whole, and newest.
		await emulator.api('GET', '/me');
		const newest = await emulator.client.requests({ since: last.seq });
		expect(newest).toEqual([expect.objectContaining({ path: '/me', status: 200, body: null })]);
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
						{ key: SEED_KEYS.viewOnly, role: 'VIEW_ONLY', email: 'viewer@example.com' },
					],
				},
				{ orgId: 'TN1', keys: [{ key: emulator.legacyKey, role: 'ADMIN', email: '' }] },
			],
			config: SEED_CONFIG,
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
			urlNormalisation: 'lowercase',
			jobCompletion: 'manual',
			v2PageSize: 2,
			rateLimit: { burst: 5, perSecond: 1 },
			roleOverrides: { 'users.get': ['USER'] },
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
		expect((await emulator.client.info()).config).toEqual(SEED_CONFIG);
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
