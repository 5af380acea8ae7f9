/**
 * Data into FullStory, through the action node against the strict emulator over real HTTP: users,
 * server events, annotations, the account, and import jobs; the idempotent retry (a lost answer,
 * Retry On Fail, a new execution), the role messages, client-side checks before any call, and
 * Continue On Fail pairing.
 */
import type { IDataObject } from 'n8n-workflow';

import { failAction, runAction } from '../helpers/actionNode';
import { useTestEmulator } from '../helpers/emulatorFixture';

const emulator = useTestEmulator();

const json = (run: Awaited<ReturnType<typeof runAction>>) => run.output.map((item) => item.json);
const PAYMENT = { resource: 'event', operation: 'create', name: 'Payment Succeeded', linkTo: 'mostRecentSession', userIdType: 'uid', user: 'customer-1' };

async function apiCalls(path: string): Promise<string[]> {
	return (await emulator.client.requests()).filter((request) => request.path === path).map((request) => `${request.method} ${request.status ?? 'dropped'}${request.idempotentReplay === true ? ' replay' : ''}`);
}

describe('Event > Create', () => {
	it('sends the event on the user\'s most recent session, with its properties, and says what it sent', async () => {
		const [item] = json(await runAction(emulator, { ...PAYMENT, propertiesInput: 'pairs', properties: { property: [{ name: 'amount', value: 49.5 }, { name: 'currency', value: 'EUR' }] } }));
		expect(item).toEqual({
			name: 'Payment Succeeded',
			user: { uid: 'customer-1' },
			session: { use_most_recent: true },
			properties: { amount: 49.5, currency: 'EUR' },
			idempotencyKey: expect.stringMatching(/^n8n-[0-9a-f]{32}$/),
		});
		const [stored] = await emulator.client.events();
		expect(stored).toMatchObject({ name: 'Payment Succeeded', user: { uid: 'customer-1' }, session: { use_most_recent: true }, properties: { amount: 49.5, currency: 'EUR' } });
		const [request] = (await emulator.client.requests()).filter((entry) => entry.path === '/v2/events');
		expect(request.headers['idempotency-key']).toBe(item.idempotencyKey);
	});

	it('a session given as a replay URL goes as its id, without a user (FullStory refuses both)', async () => {
		await runAction(emulator, { ...PAYMENT, linkTo: 'session', session: 'https://app.fullstory.com/ui/o-1/session/6915774531905556:5557778531805533!1110765439578976' });
		const [stored] = await emulator.client.events();
		expect(stored.session).toEqual({ id: '6915774531905556:5557778531805533' });
		expect(stored.user).toBeUndefined();
	});

	it('an answer lost after FullStory stored it: the retry with the same key is answered from the first, one event', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/v2/events', kind: 'dropAfter', count: 1 });
		await runAction(emulator, PAYMENT);
		expect(await emulator.client.events()).toHaveLength(1);
		expect(await apiCalls('/v2/events')).toEqual(['POST dropped', 'POST 200 replay']);
	});

	it('a create with a key rides out more 5xx in a row than an unkeyed call (three here, where a GET gives up after two)', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/v2/events', kind: 'status500', count: 3 });
		await runAction(emulator, PAYMENT);
		expect(await emulator.client.events()).toHaveLength(1);
		expect(await apiCalls('/v2/events')).toEqual(['POST 500', 'POST 500', 'POST 500', 'POST 200']);
	}, 15_000);

	it('Retry On Fail (the same execution) sends the same key: one event; another execution another key: a second one', async () => {
		await runAction(emulator, PAYMENT, { executionId: 'execution-a' });
		await runAction(emulator, PAYMENT, { executionId: 'execution-a' });
		expect(await emulator.client.events()).toHaveLength(1);
		await runAction(emulator, PAYMENT, { executionId: 'execution-b' });
		expect(await emulator.client.events()).toHaveLength(2);
	});

	it('a key from the data makes a re-run execution safe too', async () => {
		const keyed = { ...PAYMENT, options: { idempotencyKey: 'payment-4711' } };
		await runAction(emulator, keyed, { executionId: 'first-run' });
		await runAction(emulator, keyed, { executionId: 're-run-from-the-list' });
		expect(await emulator.client.events()).toHaveLength(1);
	});

	it.each([
		['a bad property name', { propertiesInput: 'json', propertiesJson: '{"2fa": true}' }, 'Properties: property "2fa": "2fa" is not a valid name'],
		['a loose timestamp', { options: { timestamp: 'yesterday' } }, 'Timestamp "yesterday" is not an ISO 8601 timestamp'],
		['a session that is neither an id nor a replay URL', { linkTo: 'session', session: 'last one' }, 'Session "last one" is neither a session ID nor a FullStory replay URL'],
		['an unknown type', { propertyTypes: '{"amount": "money"}' }, 'Property Types: "amount": "money" is not a FullStory type'],
	])('%s fails before any call, naming the field', async (_, extra, message) => {
		const error = await failAction(emulator, { ...PAYMENT, ...extra });
		expect(error.message).toContain(message);
		expect(await apiCalls('/v2/events')).toEqual([]);
	});

	it('Continue On Fail: the bad item becomes its error item, paired; the others are sent', async () => {
		const run = await runAction(emulator, { resource: 'event', operation: 'create', linkTo: 'user', userIdType: 'uid' }, {
			itemParameters: [{ name: 'A', user: 'u1' }, { name: 'B', user: '' }, { name: 'C', user: 'u3' }],
			continueOnFail: true,
		});
		expect(run.output.map((item) => [item.pairedItem, item.json.name ?? item.json.error])).toEqual([
			[{ item: 0 }, 'A'],
			[{ item: 1 }, 'User is empty'],
			[{ item: 2 }, 'C'],
		]);
		expect((await emulator.client.events()).map((event) => event.name).sort()).toEqual(['A', 'C']);
	});

	it('a View Only key: FullStory\'s 403 named in words, with the role the key has and the role it needs', async () => {
		const error = await failAction(emulator, PAYMENT, { apiKey: (await emulator.client.info()).orgs[0].keys.find((key) => key.role === 'VIEW_ONLY')?.key });
		expect(error.message).toBe('This FullStory API key is not allowed to do that: it needs an Admin, Architect or Standard key, and it is a View Only key (403 forbidden)');
	});
});

describe('User', () => {
	const UPSERT = { resource: 'user', operation: 'create', uid: 'customer-7', additionalFields: { displayName: 'Ada', email: 'ada@example.com' }, propertiesInput: 'json', propertiesJson: '{"plan": "pro"}' };

	it('Create or Update twice with one uid: one user, updated; Get and Get Many find it', async () => {
		const [created] = json(await runAction(emulator, UPSERT));
		const [again] = json(await runAction(emulator, { ...UPSERT, additionalFields: { displayName: 'Ada L.' } }));
		expect(again.id).toBe(created.id);
		const users = await emulator.client.users();
		expect(users.map((user) => [user.uid, user.display_name])).toEqual([['customer-7', 'Ada L.']]);
		const [got] = json(await runAction(emulator, { resource: 'user', operation: 'get', userId: String(created.id) }));
		expect(got).toMatchObject({ id: created.id, uid: 'customer-7', display_name: 'Ada L.', email: 'ada@example.com', properties: { plan: 'pro' }, is_being_deleted: false });
		const found = json(await runAction(emulator, { resource: 'user', operation: 'getAll', returnAll: true, filters: { email: 'ada@example.com' } }));
		expect(found.map((user) => user.id)).toEqual([created.id]);
	});

	it('a numeric id from an expression is taken as the uid', async () => {
		const [created] = json(await runAction(emulator, { resource: 'user', operation: 'create', uid: 20417 }));
		expect(created.uid).toBe('20417');
		expect((await emulator.client.users()).map((user) => user.uid)).toEqual(['20417']);
	});

	it('Get Many walks every page, and Limit stops early', async () => {
		await emulator.client.configure({ v2PageSize: 3 });
		await runAction(emulator, { resource: 'user', operation: 'create' }, { itemParameters: Array.from({ length: 8 }, (_, index) => ({ uid: `u-${index}` })) });
		expect(json(await runAction(emulator, { resource: 'user', operation: 'getAll', returnAll: true }))).toHaveLength(8);
		expect(json(await runAction(emulator, { resource: 'user', operation: 'getAll', returnAll: false, limit: 4 }))).toHaveLength(4);
	});

	it('Update by FullStory ID posts to the user\'s path (never PATCH) and keeps what it does not name', async () => {
		const [created] = json(await runAction(emulator, UPSERT));
		await runAction(emulator, { resource: 'user', operation: 'update', userId: String(created.id), updateFields: { email: 'ada@new.example.com' } });
		const [user] = await emulator.client.users();
		expect(user).toMatchObject({ uid: 'customer-7', display_name: 'Ada', email: 'ada@new.example.com' });
		expect((await emulator.client.requests()).filter((request) => request.path.startsWith('/v2/users/')).map((request) => request.method)).toEqual(['POST']);
	});

	it('Delete by uid or by id; a Standard key may create users but not read or delete them, and is told so', async () => {
		const [created] = json(await runAction(emulator, UPSERT, { apiKey: emulator.standardKey }));
		const refused = await failAction(emulator, { resource: 'user', operation: 'delete', deleteBy: 'id', userId: String(created.id) }, { apiKey: emulator.standardKey });
		expect(refused.message).toBe('This FullStory API key is not allowed to do that: it needs an Admin or Architect key, and it is a Standard key (403 forbidden)');
		expect(json(await runAction(emulator, { resource: 'user', operation: 'delete', deleteBy: 'uid', uid: 'customer-7' }))).toEqual([{ deleted: true, uid: 'customer-7' }]);
		const [deleting] = json(await runAction(emulator, { resource: 'user', operation: 'get', userId: String(created.id) }));
		expect(deleting.is_being_deleted).toBe(true);
	});

	it('a FullStory User ID of ".." is refused before any call', async () => {
		const error = await failAction(emulator, { resource: 'user', operation: 'get', userId: '..' });
		expect(error.message).toBe("FullStory User ID '..' is not a valid FullStory ID");
		expect((await emulator.client.requests()).filter((request) => request.path.startsWith('/v2/'))).toEqual([]);
	});
});

describe('Annotation > Create and Account > Get Me', () => {
	it('marks a deploy; an end before the start is refused before any call', async () => {
		const [item] = json(await runAction(emulator, { resource: 'annotation', operation: 'create', text: 'Release 2.4.0', options: { source: 'CI', startTime: '2026-12-07T14:00:00Z' } }));
		expect(item).toEqual({ text: 'Release 2.4.0', source: 'CI', start_time: '2026-12-07T14:00:00.000Z', end_time: '2026-12-07T14:00:00.000Z' });
		expect(await emulator.client.annotations()).toHaveLength(1);
		const error = await failAction(emulator, { resource: 'annotation', operation: 'create', text: 'x', options: { startTime: '2026-12-07T14:00:00Z', endTime: '2026-12-07T13:00:00Z' } });
		expect(error.message).toBe('End Time is before Start Time');
		expect(await emulator.client.annotations()).toHaveLength(1);
	});

	it('says what the key may do', async () => {
		const [standard] = json(await runAction(emulator, { resource: 'account', operation: 'get' }, { apiKey: emulator.standardKey }));
		expect(standard).toMatchObject({ orgId: emulator.orgId, role: 'USER', roleName: 'Standard' });
		expect(standard.mayDo).toEqual([expect.stringContaining('send events')]);
		expect(standard.mayNotDo).toEqual([expect.stringContaining('manage webhooks')]);
	});
});

describe('Import Job', () => {
	const IMPORT = { resource: 'importJob', operation: 'create', importKind: 'users' };

	it('sends every item in one job, waits, and reports each item imported or failed, paired', async () => {
		await emulator.client.configure({ fullSessions: ['1:2'] });
		const run = await runAction(emulator, { ...IMPORT, importKind: 'events', linkTo: 'session', name: 'Synced' }, {
			itemParameters: [{ session: '7:8' }, { session: '1:2' }, { session: '9:10' }],
		});
		const items = json(run);
		expect(items.map((item) => item.status)).toEqual(['imported', 'failed', 'imported']);
		expect(items[1].error).toEqual({ message: expect.any(String), code: 'session_page_limit_exceeded' });
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(new Set(items.map((item) => item.jobId)).size).toBe(1);
		expect(await apiCalls('/v2/events/batch')).toEqual(['POST 200']);
		expect((await emulator.client.events()).map((event) => event.session)).toEqual(expect.arrayContaining([{ id: '7:8' }, { id: '9:10' }]));
	});

	it('a bad item without Continue On Fail: nothing is sent', async () => {
		const error = await failAction(emulator, IMPORT, {});
		expect(error.message).toBe('User ID (Uid) is empty');
		expect(await apiCalls('/v2/users/batch')).toEqual([]);
	});

	it('a create whose answer is lost makes one job, not two', async () => {
		await emulator.client.injectFault({ method: 'POST', path: '/v2/users/batch', kind: 'dropAfter', count: 1 });
		const items = json(await runAction(emulator, { ...IMPORT, uid: 'lost-answer' }));
		expect(items.map((item) => item.status)).toEqual(['imported']);
		expect(await emulator.client.jobs()).toHaveLength(1);
	});

	it('too many jobs in progress: waits within the budget, then fails naming the limit', async () => {
		await emulator.client.configure({ maxInProgressBatches: 1, jobCompletion: 'manual', batchRetryAfterSeconds: 0 });
		await runAction(emulator, { ...IMPORT, uid: 'first', jobOptions: { waitForCompletion: false } });
		const error = await failAction(emulator, { ...IMPORT, uid: 'second', jobOptions: { waitForCompletion: false } });
		expect(error.message).toBe('FullStory refused the import job: too many jobs or items are in progress');
		expect(error.description).toContain('refuses new ones at 200 jobs or 500,000 items in progress');
	});

	it('Get Status, Get Imported Items and Get Errors of a job; still processing says so', async () => {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const [submitted] = json(await runAction(emulator, { ...IMPORT, uid: 'later', jobOptions: { waitForCompletion: false } }));
		const jobId = String(submitted.jobId);
		const ask = (operation: string) => ({ resource: 'importJob', operation, importKind: 'users', jobId, returnAll: true });
		expect(json(await runAction(emulator, ask('getStatus')))).toEqual([expect.objectContaining({ id: jobId, status: 'PROCESSING' })]);
		expect((await failAction(emulator, ask('getImports'))).message).toBe(`Import job ${jobId} is still processing`);
		await emulator.client.finishJob(jobId);
		expect(json(await runAction(emulator, ask('getStatus')))).toEqual([expect.objectContaining({ status: 'COMPLETED', imports: 1, errors: 0 })]);
		const imported: IDataObject[] = json(await runAction(emulator, ask('getImports')));
		expect(imported.map((user) => user.uid)).toEqual(['later']);
		expect(json(await runAction(emulator, ask('getErrors')))).toEqual([]);
	});
});
