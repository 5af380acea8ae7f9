/**
 * Seeded, randomized activation cycles against the strict emulator: publish, unpublish,
 * republish, change the event selection, listen for a test event, with 429s, 500s, hangs and
 * dropped connections injected into any FullStory call the trigger's lifecycle makes. After every
 * cycle FullStory must hold exactly the endpoints the active registrations need (activationModel.ts
 * has the model of n8n 2.40.7 and the invariants).
 *
 * Replay a failure with the seed its message names:
 *   FULLSTORY_CYCLES_SEED=<seed> npx jest test/reliability/activationCycles --selectProjects reliability
 * FULLSTORY_CYCLES_COUNT sets the number of cycles of the main run (a longer soak).
 * The summary of both runs goes to build/reliability/activation-cycles.json.
 * activationCycles.mutants.test.ts shows the invariants catch deliberately broken hooks.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { resolve } from 'path';

import { useTestEmulator } from '../helpers/emulatorFixture';
import type { TriggerUnderTest } from '../helpers/trigger';
import { apiRejection, rejection } from '../helpers/rejection';
import { until } from '../helpers/wait';
import { endpointsAt, startTrigger, subcategoriesOf } from '../helpers/trigger';
import type { RunSummary } from './activationModel';
import { ActivationCycles, FAULT_KINDS, intFromEnv } from './activationModel';

const DEFAULT_SEED = 20_260_407;
const SEED = intFromEnv('FULLSTORY_CYCLES_SEED', DEFAULT_SEED);
/** The second run's seed follows from the first, so one variable replays both. */
const SECOND_SEED = (SEED + 1) >>> 0;
const MAIN_CYCLES = intFromEnv('FULLSTORY_CYCLES_COUNT', 300);
const SECOND_CYCLES = 50;
const REPLAY = `FULLSTORY_CYCLES_SEED=${SEED}`;

const SUMMARY_FILE = resolve(__dirname, '../../build/reliability/activation-cycles.json');
const HANG_MS = 600;
const REQUEST_TIMEOUT_MS = 250;

// Reset before each test; the seeded runs also reset it themselves, in their set-up.
const emulator = useTestEmulator();
/** Real segment.trend.alert subcategory values, as the emulator (FullStory) offers them. */
let subcategoryPool: string[];
const summaries: RunSummary[] = [];
const triggers: TriggerUnderTest[] = [];

beforeAll(async () => {
	subcategoryPool = await subcategoriesOf(emulator, 'segment.trend.alert', 4);
});

afterAll(async () => {
	// Written even after a failure, so the counts up to the broken cycle can be read.
	mkdirSync(resolve(SUMMARY_FILE, '..'), { recursive: true });
	writeFileSync(SUMMARY_FILE, `${JSON.stringify({ file: 'test/reliability/activationCycles.test.ts', runs: summaries }, null, '\t')}\n`);
});

afterEach(async () => {
	await Promise.all(triggers.splice(0).map(async (trigger) => await trigger.stop()));
});

async function runCycles(label: string, seed: number, cycles: number): Promise<RunSummary> {
	const run = new ActivationCycles(emulator, {
		label,
		seed,
		replay: label === 'main' ? REPLAY : `${REPLAY} (then the second run)`,
		cycles,
		subcategoryPool,
		hangMs: HANG_MS,
		requestTimeoutMs: REQUEST_TIMEOUT_MS,
	});
	summaries.push(run.summary);
	return await run.run();
}

describe('seeded activation cycles: FullStory holds exactly the endpoints active registrations need', () => {
	it(`main run: ${MAIN_CYCLES} cycles, seed ${SEED}`, async () => {
		const summary = await runCycles('main', SEED, MAIN_CYCLES);
		// Every invariant is checked after each cycle (run() throws at the first broken one); these
		// make sure the run really went through what it claims to test.
		expect(summary.cycles).toBe(MAIN_CYCLES);
		expect(summary.orphansFound).toBe(0);
		expect(summary.duplicatesFound).toBe(0);
		// A replay cut short at a failing cycle (FULLSTORY_CYCLES_COUNT) need not cover everything.
		if (MAIN_CYCLES < 200) return;
		const actions = ['activate', 'deactivate', 'reactivate', 'changeSelection', 'recopy', 'testListen', 'testStop'];
		expect(actions.filter((action) => (summary.actions[action] ?? 0) === 0)).toEqual([]);
		expect(FAULT_KINDS.filter((kind) => (summary.faultsFired.byKind[kind] ?? 0) === 0)).toEqual([]);
		expect(summary.activations.failed).toBeGreaterThan(0);
		expect(summary.surfacedDeleteFailures.total).toBeGreaterThan(0);
		expect(summary.errorsSurfaced.total).toBeGreaterThan(0);
	}, 300_000);

	it(`second run: ${SECOND_CYCLES} cycles, seed ${SECOND_SEED}`, async () => {
		const summary = await runCycles('second', SECOND_SEED, SECOND_CYCLES);
		expect(summary.cycles).toBe(SECOND_CYCLES);
		expect(summary.orphansFound).toBe(0);
		expect(summary.duplicatesFound).toBe(0);
		expect(summary.faultsFired.total).toBeGreaterThan(0);
	}, 120_000);
});

async function trigger(path: string, parameters = { events: ['note.created'] }): Promise<TriggerUnderTest> {
	const started = await startTrigger(emulator, { ...parameters }, { path, requestTimeoutMs: REQUEST_TIMEOUT_MS });
	triggers.push(started);
	return started;
}

/** Until the emulator has answered `count` requests that hit a hang fault (answered into a closed socket). */
async function hungRequestsAnswered(count: number): Promise<void> {
	await until(async () => (await emulator.client.requests()).filter((entry) => entry.fault === 'hang').length >= count, {
		timeoutMs: HANG_MS * count + 5_000,
		intervalMs: 20,
		what: `${count} hung request(s) to be answered`,
	});
}

describe('known residual race, kept out of the random faults', () => {
	it('a create that hangs past the client timeout lands after the follow-up delete looked; the next activation adopts it', async () => {
		const t = await trigger('/webhook/race/webhook');
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints', kind: 'hang', count: 1, hangMs: HANG_MS });

		expect(await t.checkExists()).toBe(false);
		const error = await apiRejection(t.create());
		expect(error.message).toMatch(/^Could not reach FullStory at 127\.0\.0\.1:\d+: /);
		// n8n's delete after the failed create runs while FullStory is still working on the create.
		expect(await t.delete()).toBe(true);
		expect(await endpointsAt(emulator, t.url)).toHaveLength(0);
		expect(t.staticData).toEqual({});

		// The create lands late: an endpoint with a secret nobody stored.
		await hungRequestsAnswered(1);
		const [late] = await endpointsAt(emulator, t.url);
		expect(late).toBeDefined();
		expect(late.enabled).toBe(true);

		// The next activation finds it by URL and adopts it (one update, no second create).
		const seq = Math.max(0, ...(await emulator.client.requests()).map((entry) => entry.seq));
		await t.activate();
		const endpoints = await endpointsAt(emulator, t.url);
		expect(endpoints).toHaveLength(1);
		expect(endpoints[0].secret).toBe(t.staticData.endpointSecret);
		expect(endpoints[0].secret).not.toBe(late.secret);
		const calls = (await emulator.client.requests({ since: seq })).map((entry) => `${entry.method} ${entry.path}`);
		expect(calls).not.toContain('POST /webhooks/v1/endpoints');
		expect(calls).toContain(`POST /webhooks/v1/endpoints/${endpoints[0].id}`);
		expect(await t.checkExists()).toBe(true);
	});
});

/*
 * A bug in create() (nodes/FullStoryTrigger/registration/lifecycle.ts), found by this suite's model:
 *
 * create() adopts an existing endpoint by sending it a new secret, but the record of the old
 * secret stays in static data until the update's answer arrives. When FullStory applies the update
 * and the answer is lost (a dropped connection; a timeout does the same), create() throws, and if
 * n8n's follow-up delete() fails too, the endpoint stays with the new secret. n8n's next attempt
 * then calls checkExists(), which finds the stored id and URL, the endpoint enabled and (thanks to
 * the lost update) the wanted event types, and returns true. The workflow is published and
 * FullStory holds a secret nobody stored: every delivery is rejected as badly signed, silently,
 * until the workflow is republished. Reached here through a surfaced delete failure on unpublish
 * followed by a changed event selection; an endpoint disabled in FullStory gets there the same way.
 * Fixed by forgetting the stored record before create() changes anything in FullStory.
 */
describe('found by this suite, fixed: an adoption whose update was applied but whose answer was lost', () => {
	it('the next activation attempt does not trust the stored secret', async () => {
		const [segment] = subcategoryPool;
		const t = await trigger('/webhook/lost-adoption/webhook');
		await t.activate();
		const firstSecret = t.staticData.endpointSecret;

		// Unpublish: delete() fails three times (n8n's own retries, each outlasting the transport's
		// three 429 retries); the endpoint and the record stay.
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status429', count: 12, retryAfterSeconds: 0 });
		for (let attempt = 0; attempt < 3; attempt++) await rejection(t.delete());
		expect(t.staticData.endpointSecret).toBe(firstSecret);
		expect(await endpointsAt(emulator, t.url)).toHaveLength(1);

		// Publish with another event selection. Attempt 1: the adopting update is applied but its
		// answer is lost, and n8n's follow-up delete() fails.
		t.parameters.events = ['segment.trend.alert'];
		t.parameters.segmentAlertSubcategories = [segment];
		await emulator.client.injectFault({ method: 'POST', path: '/webhooks/v1/endpoints/*', kind: 'dropAfter', count: 1 });
		await emulator.client.injectFault({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status429', count: 4, retryAfterSeconds: 0 });
		expect(await t.checkExists()).toBe(false);
		expect((await rejection(t.create())).message).toMatch(/^Could not reach FullStory at 127\.0\.0\.1:\d+: the connection was closed/);
		expect((await rejection(t.delete())).message).toBe('FullStory is rate limiting these requests (429 too many requests)');

		// Attempt 2, no faults left.
		if (!(await t.checkExists())) await t.create();
		const [endpoint] = await endpointsAt(emulator, t.url);
		const delivery = await emulator.client.deliver({ eventName: 'segment.trend.alert', subcategory: segment });
		const statuses = delivery.deliveries.map((sent) => sent.attempts.map((attempt) => attempt.status));
		expect({ secretMatches: endpoint.secret === t.staticData.endpointSecret, statuses }).toEqual({
			secretMatches: true,
			statuses: [[200]],
		});
	});
});
