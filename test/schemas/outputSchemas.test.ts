/**
 * The output schemas the editor shows before a node runs (`__schema__/`) say what the nodes really
 * return: every action operation has one, each is checked against the operation's items from the
 * emulator (no field undeclared, none of a wrong type, the required ones present, every declared
 * one seen), and the trigger's against an item of every event type, in both output modes.
 */
import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';
import type { IDataObject } from 'n8n-workflow';

import { operations } from '../../nodes/FullStory/actions/router';
import { runAction } from '../helpers/actionNode';
import type { TestEmulator } from '../helpers/emulator';
import { startTestEmulator } from '../helpers/emulator';
import { startTrigger, subcategoriesOf } from '../helpers/trigger';
import { until } from '../helpers/wait';
import type { Schema } from './conformsTo';
import { declaredPaths, departures, parseSchema, presentPaths } from './conformsTo';

const NODES = join(__dirname, '..', '..', 'nodes');
const ACTION_SCHEMAS = join(NODES, 'FullStory', '__schema__', 'v1.0.0');
const TRIGGER_SCHEMA = join(NODES, 'FullStoryTrigger', '__schema__', 'v1.0.0.json');

function readSchema(file: string): Schema {
	return parseSchema(JSON.parse(readFileSync(file, 'utf8')));
}

function filesUnder(folder: string): string[] {
	return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
		entry.isDirectory() ? filesUnder(join(folder, entry.name)) : [join(folder, entry.name)],
	);
}

/** `resource/operation` for every operation the router knows. */
const OPERATION_KEYS = Object.entries(operations).flatMap(([resource, byName]) =>
	Object.keys(byName).map((operation) => `${resource}/${operation}`),
);

let emulator: TestEmulator;
beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.stop());
beforeEach(async () => await emulator.client.reset());

/** Checks items against a schema and returns the paths they showed, for the coverage check. */
function expectConforming(items: IDataObject[], schema: Schema): string[] {
	expect(items.length).toBeGreaterThan(0);
	expect(items.flatMap((item, index) => departures(item, schema, `item ${index}`))).toEqual([]);
	return items.flatMap((item) => presentPaths(item));
}

describe('action output schemas', () => {
	it('exist for every operation, and only for operations', () => {
		const files = filesUnder(ACTION_SCHEMAS).map((file) => relative(ACTION_SCHEMAS, file).replace(/\.json$/, ''));
		expect(files.sort()).toEqual([...OPERATION_KEYS].sort());
	});

	const URL_A = 'https://n8n.example.com/webhook/schema-a';
	const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

	/** Each operation's items from the emulator, with an endpoint in place that covers every field. */
	async function outputOf(key: string): Promise<IDataObject[]> {
		const [alert] = await subcategoriesOf(emulator, 'segment.trend.alert');
		const created = await runAction(emulator, {
			resource: 'endpoint',
			operation: 'create',
			url: URL_A,
			eventTypes: ['note.created', 'segment.trend.alert'],
			segmentAlertSubcategories: [alert],
			secret: 'schema-test-secret',
		});
		const id = String(created.output[0].json.id);
		const parameters: Record<string, IDataObject> = {
			'endpoint/create': {},
			'endpoint/get': { resource: 'endpoint', operation: 'get', endpoint: byId(id) },
			'endpoint/getAll': { resource: 'endpoint', operation: 'getAll', returnAll: true },
			'endpoint/update': { resource: 'endpoint', operation: 'update', endpoint: byId(id), updateFields: { enabled: false, url: `${URL_A}-moved` } },
			'endpoint/delete': { resource: 'endpoint', operation: 'delete', endpoint: byId(id) },
			'eventType/getAll': { resource: 'eventType', operation: 'getAll' },
			'eventSubcategory/getAll': { resource: 'eventSubcategory', operation: 'getAll', eventName: 'segment.trend.alert', returnAll: true },
		};
		if (key === 'endpoint/create') return created.output.map((item) => item.json);
		const chosen = parameters[key];
		if (chosen !== undefined) return (await runAction(emulator, chosen)).output.map((item) => item.json);
		const v2 = V2_RUNS[key];
		if (v2 === undefined) throw new Error(`No run for ${key}: add one to this test`);
		return await v2();
	}

	const json = (run: Awaited<ReturnType<typeof runAction>>) => run.output.map((item) => item.json);
	const PROPERTIES = { propertiesInput: 'json', propertiesJson: '{"plan": "paid", "seats": 3, "since": "soon"}', propertyTypes: '{"seats": "int", "since": "date"}' };
	const USER_FIELDS = { uid: 'schema-user', additionalFields: { displayName: 'Schema User', email: 'schema@example.com' }, ...PROPERTIES };
	const USER = { resource: 'user', operation: 'create', ...USER_FIELDS };
	const EVENT = { name: 'Payment Succeeded', options: { timestamp: '2026-12-07T14:23:00Z', context: '{"location": {"country": "DE"}}' }, ...PROPERTIES };
	/** Three events that between them link every way: the most recent session by uid, a session by id, a session uid with a FullStory user id. */
	const EVENT_LINKS = [
		{ ...EVENT, linkTo: 'mostRecentSession', userIdType: 'uid', user: 'schema-user' },
		{ ...EVENT, linkTo: 'session', session: '6915774531905556:5557778531805533' },
		{ ...EVENT, linkTo: 'sessionUid', userIdType: 'id', user: '987654321', sessionUid: 'checkout-7' },
	];
	async function createdUserId(): Promise<string> {
		return String(json(await runAction(emulator, USER))[0].id);
	}
	/** A finished users job with one imported and one failed item, and a finished events job. */
	async function finishedJobs(): Promise<{ users: string; events: string }> {
		await emulator.client.configure({ jobCompletion: 'manual' });
		const users = json(
			await runAction(
				emulator,
				{ resource: 'importJob', operation: 'create', importKind: 'users', jobOptions: { waitForCompletion: false } },
				{ itemParameters: [{ ...USER_FIELDS, uid: 'job-user' }, { ...USER_FIELDS, uid: 'job-user-2', additionalFields: { email: 'x'.repeat(129) } }], continueOnFail: true },
			),
		);
		// Of the events, FullStory fails the one on a "full" session.
		await emulator.client.configure({ fullSessions: ['11:22'] });
		const events = json(
			await runAction(
				emulator,
				{ resource: 'importJob', operation: 'create', importKind: 'events', jobOptions: { waitForCompletion: false } },
				{ itemParameters: [EVENT_LINKS[0], { ...EVENT, linkTo: 'session', session: '11:22' }] },
			),
		);
		const usersJob = String(users.find((item) => typeof item.jobId === 'string')?.jobId);
		const eventsJob = String(events[0].jobId);
		await emulator.client.finishJob(usersJob);
		await emulator.client.finishJob(eventsJob);
		return { users: usersJob, events: eventsJob };
	}
	const V2_RUNS: Record<string, () => Promise<IDataObject[]>> = {
		'account/get': async () => json(await runAction(emulator, { resource: 'account', operation: 'get' })),
		'annotation/create': async () =>
			json(await runAction(emulator, { resource: 'annotation', operation: 'create', text: 'Release 2.4.0', options: { startTime: '2026-12-07T14:00:00Z', endTime: '2026-12-07T14:30:00Z', source: 'CI' } })),
		'event/create': async () => json(await runAction(emulator, { resource: 'event', operation: 'create' }, { itemParameters: EVENT_LINKS })),
		'user/create': async () => json(await runAction(emulator, USER)),
		'user/update': async () => {
			const userId = await createdUserId();
			return json(await runAction(emulator, { resource: 'user', operation: 'update', userId, updateFields: { uid: 'schema-user-2', displayName: 'Renamed', email: 'r@example.com' }, ...PROPERTIES }));
		},
		'user/get': async () => json(await runAction(emulator, { resource: 'user', operation: 'get', userId: await createdUserId() })),
		'user/getAll': async () => {
			await createdUserId();
			return json(await runAction(emulator, { resource: 'user', operation: 'getAll', returnAll: true }));
		},
		'user/delete': async () => {
			const userId = await createdUserId();
			const byId = json(await runAction(emulator, { resource: 'user', operation: 'delete', deleteBy: 'id', userId }));
			await runAction(emulator, { ...USER, uid: 'to-delete' });
			return [...byId, ...json(await runAction(emulator, { resource: 'user', operation: 'delete', deleteBy: 'uid', uid: 'to-delete' }))];
		},
		'importJob/create': async () => {
			// Waited for: one item FullStory imports, one it fails (a "full" session), and one job failed as a whole.
			await emulator.client.configure({ fullSessions: ['11:22'] });
			const waited = json(
				await runAction(
					emulator,
					{ resource: 'importJob', operation: 'create', importKind: 'events', jobOptions: { timeoutSeconds: 30 } },
					{ itemParameters: [EVENT_LINKS[0], { ...EVENT, linkTo: 'session', session: '11:22' }] },
				),
			);
			// A failure FullStory lists without the request it failed cannot be paired with an item.
			await emulator.client.configure({ jobCompletion: 'manual', jobErrorRequests: 'omit' });
			const failing = runAction(emulator, { resource: 'importJob', operation: 'create', importKind: 'users', jobOptions: { timeoutSeconds: 30 }, ...USER_FIELDS });
			await until(async () => (await emulator.client.jobs()).some((job) => job.status === 'PROCESSING'), { what: 'the users job', timeoutMs: 10_000 });
			const [job] = (await emulator.client.jobs()).filter((candidate) => candidate.status === 'PROCESSING');
			await emulator.client.failJob(job.id, { message: 'the job failed', code: 'internal' });
			const failed = json(await failing);
			const submitted = json(await runAction(emulator, { resource: 'importJob', operation: 'create', importKind: 'users', jobOptions: { waitForCompletion: false }, ...USER_FIELDS, uid: 'later' }));
			return [...waited, ...failed, ...submitted];
		},
		'importJob/getStatus': async () => {
			const { users } = await finishedJobs();
			return json(await runAction(emulator, { resource: 'importJob', operation: 'getStatus', importKind: 'users', jobId: users }));
		},
		'importJob/getImports': async () => {
			const { users, events } = await finishedJobs();
			return [
				...json(await runAction(emulator, { resource: 'importJob', operation: 'getImports', importKind: 'users', jobId: users, returnAll: true })),
				...json(await runAction(emulator, { resource: 'importJob', operation: 'getImports', importKind: 'events', jobId: events, returnAll: true })),
			];
		},
		'importJob/getErrors': async () => {
			const { events } = await finishedJobs();
			return json(await runAction(emulator, { resource: 'importJob', operation: 'getErrors', importKind: 'events', jobId: events, returnAll: true }));
		},
	};

	it.each(OPERATION_KEYS)('%s returns what its schema says, every declared field included', async (key) => {
		const schema = readSchema(join(ACTION_SCHEMAS, `${key}.json`));
		const seen = new Set(expectConforming(await outputOf(key), schema));
		expect(declaredPaths(schema).filter((path) => !seen.has(path))).toEqual([]);
	});
});

describe('the trigger output schema', () => {
	const schema = readSchema(TRIGGER_SCHEMA);
	const EVENTS = ['note.created', 'segment.trend.alert', 'metric.alert', 'nativemobile.event.crash', 'recording.event.custom'];

	it('is the file n8n looks up for a node without resource and operation (v1.0.0.json)', () => {
		expect(schema.type).toBe('object');
		expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(10);
	});

	it('covers the items of every event type, the test event and the raw output, and declares nothing never seen', async () => {
		const [customEvent] = await subcategoriesOf(emulator, 'recording.event.custom');
		const [segmentAlert] = await subcategoriesOf(emulator, 'segment.trend.alert');
		const [metricAlert] = await subcategoriesOf(emulator, 'metric.alert');
		const seen = new Set<string>();
		for (const output of ['event', 'raw']) {
			await emulator.client.reset();
			const trigger = await startTrigger(emulator, {
				events: EVENTS,
				customEventSubcategories: [customEvent],
				segmentAlertSubcategories: [segmentAlert],
				metricAlertSubcategories: [metricAlert],
				options: { output, emitTestEvents: true },
			});
			try {
				await trigger.activate();
				for (const eventName of EVENTS) await emulator.client.deliver({ eventName });
				await emulator.client.deliver({ eventName: 'test', target: { endpointId: String(trigger.staticData.endpointId) } });
				const items = trigger.server.executions.map(([item]) => item);
				expect(items).toHaveLength(EVENTS.length + 1);
				// Raw output nests the event under body.data, which the schema keeps free-form.
				for (const path of expectConforming(items, schema)) seen.add(path);
			} finally {
				await trigger.stop();
			}
		}
		expect(declaredPaths(schema).filter((path) => !seen.has(path))).toEqual([]);
	});
});
