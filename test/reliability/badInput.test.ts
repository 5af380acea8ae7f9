/**
 * The bad-input corpus (badInputCorpus.ts) against the FullStory Trigger's webhook().
 *
 * Every case goes through `receive` in-process (callWebhook, the context n8n builds for a
 * typeVersion 1 trigger), in batches, with the heap measured after the first and the last batch;
 * a sample goes over real HTTP as well. Each case must get exactly the outcome the generator worked
 * out for it: 401 and nothing started for any signature problem, 400 and nothing started for a
 * signed body that is not a FullStory event, one execution with one item for a valid delivery.
 *
 * Writes build/reliability/bad-input.json (seed, cases by category, outcomes, heap growth,
 * duration), which the README quotes. The bugs this suite found are pinned at the end.
 */
import { mkdirSync, writeFileSync } from 'fs';
import { Agent, request as httpRequest } from 'http';
import { join } from 'path';
import { isDeepStrictEqual } from 'util';
import { setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { receive } from '../../nodes/FullStoryTrigger/delivery/receive';
import { referenceHeader } from '../helpers/referenceSigner';
import type { FakeWebhookResult } from '../helpers/webhookServer';
import { callWebhook, startWebhookServer } from '../helpers/webhookServer';
import type { Category, CorpusCase, Expected, PlannedCase } from './badInputCorpus';
import {
	buildCase,
	CORPUS_SEED,
	EXPECTED_STATUS,
	fingerprint,
	plannedCases,
	STORED_SECRET,
	SUBSCRIBED_EVENT,
	TEN_MB,
} from './badInputCorpus';

const BATCH_SIZE = 500;
/** Generous: a retained 10 MB body, or per-case state that is never released, would exceed it. */
const HEAP_GROWTH_LIMIT_MB = 64;
/** Every HTTP_SAMPLE_EVERY-th case, plus every 10 MB case, also goes over a socket. */
const HTTP_SAMPLE_EVERY = 29;
const SUMMARY_FILE = join(__dirname, '..', '..', 'build', 'reliability', 'bad-input.json');

/**
 * A real collection. Jest runs without --expose-gc, so when `global.gc` is missing the flag is
 * set at run time and `gc` is taken from a fresh context, which gets it from then on.
 */
function collector(): { gc: () => void; source: string } {
	if (typeof global.gc === 'function') return { gc: global.gc, source: 'global.gc' };
	setFlagsFromString('--expose-gc');
	return { gc: runInNewContext('gc') as () => void, source: 'v8 --expose-gc at run time' };
}
const { gc, source: gcSource } = collector();

interface HeapSample {
	heapUsedMB: number;
	arrayBuffersMB: number;
}

async function settledHeap(): Promise<HeapSample> {
	// WeakRef targets stay alive until the current job ends, so yield before collecting.
	await new Promise((resolve) => setImmediate(resolve));
	gc();
	gc();
	const usage = process.memoryUsage();
	const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
	return { heapUsedMB: mb(usage.heapUsed), arrayBuffersMB: mb(usage.arrayBuffers) };
}

function items(result: FakeWebhookResult): INodeExecutionData[][] | undefined {
	return result.response.workflowData;
}

/** Everything wrong with how `result` answered `c`, as readable lines; empty when it is right. */
function problemsWith(c: CorpusCase, result: FakeWebhookResult): string[] {
	const problems: string[] = [];
	const status = EXPECTED_STATUS[c.expected];
	if (result.status !== status) problems.push(`status ${result.status}, expected ${status}`);
	const workflowData = items(result);
	if (c.expected === 'executed') {
		if (workflowData === undefined) problems.push('no execution started');
		else if (workflowData.length !== 1 || workflowData[0].length !== 1) {
			problems.push(`execution with ${workflowData.map((run) => run.length).join('+')} items, expected exactly one`);
		} else {
			const item = workflowData[0][0].json;
			if (item.eventName !== c.expectedEventName) problems.push(`item eventName ${String(item.eventName)}, expected ${c.expectedEventName}`);
			if (item.eventKey !== c.expectedEventKey) problems.push(`item eventKey ${String(item.eventKey)}, expected ${c.expectedEventKey}`);
		}
	} else {
		if (!isDeepStrictEqual(result.response, { noWebhookResponse: true })) {
			problems.push(`response ${JSON.stringify(result.response).slice(0, 120)}, expected { noWebhookResponse: true }`);
		}
		if (c.expected === 'unauthorized' && !isDeepStrictEqual(result.body, { message: 'Unauthorized' })) {
			problems.push(`401 body ${JSON.stringify(result.body)}`);
		}
		// README: every rejection is logged at warn level with its reason.
		if ((c.expected === 'unauthorized' || c.expected === 'not_an_event') && !result.logs.some((entry) => entry.level === 'warn')) {
			problems.push('rejected without a warn log line');
		}
	}
	return problems;
}

/** Log lines that contain the secret, a signature value or a header that was sent. */
function leaksIn(c: CorpusCase, result: FakeWebhookResult): string[] {
	const leaks: string[] = [];
	for (const entry of result.logs) {
		const line = `${entry.message} ${entry.meta === undefined ? '' : JSON.stringify(entry.meta)}`;
		for (const secret of c.sensitive) {
			if (line.includes(secret)) leaks.push(`case ${c.id}: a ${entry.level} line contains ${secret === STORED_SECRET ? 'the endpoint secret' : 'a signature value'}`);
		}
	}
	return leaks;
}

function label(c: PlannedCase & { description?: string }): string {
	return `#${c.id} ${c.category}/${c.kind}${c.description === undefined ? '' : `: ${c.description}`}`;
}

function increment(counts: Record<string, number>, key: string | number): void {
	counts[key] = (counts[key] ?? 0) + 1;
}

/** The same object with its keys sorted (nested ones too), so the summary file diffs cleanly. */
function sorted<T>(value: T): T {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
	return Object.fromEntries(
		Object.entries(value)
			.sort(([a], [b]) => a.localeCompare(b))
			.map(([key, inner]) => [key, sorted(inner)]),
	) as T;
}

interface CorpusRun {
	cases: number;
	casesByCategory: Record<string, number>;
	casesByKind: Record<string, number>;
	expectedByCategory: Record<string, Record<string, number>>;
	outcomesByStatus: Record<string, number>;
	outcomesByCategory: Record<string, Record<string, number>>;
	threw: string[];
	mismatches: string[];
	leaks: string[];
	executionsOutsideControl: number;
	executionsInControl: number;
	expectedExecutions: number;
	tenMbBodies: WeakRef<Buffer>[];
	heapAfterFirstBatch: HeapSample;
	heapAfterLastBatch: HeapSample;
	durationMs: number;
}

async function runCorpus(plan: PlannedCase[]): Promise<CorpusRun> {
	const started = Date.now();
	const run: Omit<CorpusRun, 'heapAfterFirstBatch' | 'heapAfterLastBatch' | 'durationMs'> = {
		cases: 0,
		casesByCategory: {},
		casesByKind: {},
		expectedByCategory: {},
		outcomesByStatus: {},
		outcomesByCategory: {},
		threw: [],
		mismatches: [],
		leaks: [],
		executionsOutsideControl: 0,
		executionsInControl: 0,
		expectedExecutions: 0,
		tenMbBodies: [],
	};
	let heapAfterFirstBatch: HeapSample | undefined;
	for (let start = 0; start < plan.length; start += BATCH_SIZE) {
		for (const planned of plan.slice(start, start + BATCH_SIZE)) {
			// Built only now, so a 10 MB body lives for this one delivery.
			const c = buildCase(planned, Date.now());
			if (c.rawBody !== undefined && c.rawBody.length >= TEN_MB) run.tenMbBodies.push(new WeakRef(c.rawBody));
			run.cases++;
			increment(run.casesByCategory, c.category);
			increment(run.casesByKind, `${c.category}/${c.kind}`);
			increment((run.expectedByCategory[c.category] ??= {}), c.expected);
			if (c.expected === 'executed') run.expectedExecutions++;
			let result: FakeWebhookResult;
			try {
				result = await callWebhook(receive, { headers: c.headers, rawBody: c.rawBody }, c.parameters, c.staticData);
			} catch (error) {
				run.threw.push(`${label(c)} threw ${String(error).slice(0, 200)}`);
				continue;
			}
			increment(run.outcomesByStatus, result.status);
			increment((run.outcomesByCategory[c.category] ??= {}), result.status);
			if (items(result) !== undefined) {
				if (c.category === 'control') run.executionsInControl++;
				else run.executionsOutsideControl++;
			}
			for (const problem of problemsWith(c, result)) run.mismatches.push(`${label(c)}: ${problem}`);
			run.leaks.push(...leaksIn(c, result));
		}
		if (start === 0) heapAfterFirstBatch = await settledHeap();
	}
	const heapAfterLastBatch = await settledHeap();
	return {
		...run,
		heapAfterFirstBatch: heapAfterFirstBatch ?? heapAfterLastBatch,
		heapAfterLastBatch,
		durationMs: Date.now() - started,
	};
}

// ---------------------------------------------------------------------------------------------
// Over HTTP

interface HttpSample {
	sent: number;
	skipped: number;
	byStatus: Record<string, number>;
	mismatches: string[];
	durationMs: number;
}

function post(url: string, agent: Agent, headers: CorpusCase['headers'], body: Buffer): Promise<number> {
	const sent: Record<string, string | string[]> = {};
	for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
	return new Promise((resolve, reject) => {
		// An array value goes out as repeated header lines, as a proxy repeating a header would.
		const request = httpRequest(url, { method: 'POST', agent, headers: { ...sent, 'content-length': String(body.length) } }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
		request.end(body);
	});
}

async function runOverHttp(plan: PlannedCase[]): Promise<HttpSample> {
	const started = Date.now();
	const state: { parameters: IDataObject; staticData: IDataObject } = { parameters: {}, staticData: {} };
	const server = await startWebhookServer(receive, state);
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	const sample: HttpSample = { sent: 0, skipped: 0, byStatus: {}, mismatches: [], durationMs: 0 };
	try {
		for (const planned of plan.filter((p) => p.id % HTTP_SAMPLE_EVERY === 0 || p.kind === 'ten-mb')) {
			const c = buildCase(planned, Date.now());
			if (!c.overHttp || c.rawBody === undefined) {
				sample.skipped++;
				continue;
			}
			state.parameters = c.parameters;
			state.staticData = c.staticData;
			const executionsBefore = server.executions.length;
			const status = await post(server.url, agent, c.headers, c.rawBody);
			sample.sent++;
			increment(sample.byStatus, status);
			const expectedStatus = EXPECTED_STATUS[c.expected];
			if (status !== expectedStatus) sample.mismatches.push(`${label(c)}: HTTP ${status}, expected ${expectedStatus}`);
			const runs = server.executions.slice(executionsBefore);
			const expectedRuns = c.expected === 'executed' ? 1 : 0;
			if (runs.length !== expectedRuns || runs.some((run) => run.length !== 1)) {
				sample.mismatches.push(`${label(c)}: ${runs.length} executions over HTTP, expected ${expectedRuns}`);
			}
			server.executions.length = 0;
		}
	} finally {
		agent.destroy();
		await server.stop();
	}
	sample.durationMs = Date.now() - started;
	return sample;
}

// ---------------------------------------------------------------------------------------------

const plan = plannedCases(CORPUS_SEED);
let corpus: CorpusRun | undefined;
let http: HttpSample | undefined;

function expectedCount(category: Category, expected: Expected): number {
	return corpus?.expectedByCategory[category]?.[expected] ?? 0;
}

beforeAll(async () => {
	corpus = await runCorpus(plan);
}, 150_000);

afterAll(() => {
	if (corpus === undefined) return;
	const { tenMbBodies, threw, mismatches, leaks, ...counts } = corpus;
	const summary = {
		seed: CORPUS_SEED,
		generator: 'test/reliability/badInputCorpus.ts',
		cases: counts.cases,
		casesByCategory: sorted(counts.casesByCategory),
		expectedByCategory: sorted(counts.expectedByCategory),
		outcomesByStatus: counts.outcomesByStatus,
		outcomesByCategory: sorted(counts.outcomesByCategory),
		casesThatThrew: threw.length,
		mismatches: mismatches.length,
		logLeaks: leaks.length,
		executionsOutsideControl: counts.executionsOutsideControl,
		executionsInControl: counts.executionsInControl,
		tenMbBodies: tenMbBodies.length,
		tenMbBodiesRetained: tenMbBodies.filter((ref) => ref.deref() !== undefined).length,
		heap: {
			gc: gcSource,
			batchSize: BATCH_SIZE,
			afterFirstBatch: counts.heapAfterFirstBatch,
			afterLastBatch: counts.heapAfterLastBatch,
			heapUsedGrowthMB: Math.round((counts.heapAfterLastBatch.heapUsedMB - counts.heapAfterFirstBatch.heapUsedMB) * 10) / 10,
			limitMB: HEAP_GROWTH_LIMIT_MB,
		},
		http: http === undefined ? null : { sent: http.sent, skipped: http.skipped, byStatus: http.byStatus, mismatches: http.mismatches.length, durationMs: http.durationMs },
		durationMs: counts.durationMs,
		casesByKind: sorted(counts.casesByKind),
	};
	mkdirSync(join(SUMMARY_FILE, '..'), { recursive: true });
	writeFileSync(SUMMARY_FILE, `${JSON.stringify(summary, null, 2)}\n`);
});

describe(`bad-input corpus (seed ${CORPUS_SEED})`, () => {
	it('plans at least 10,000 cases in every category, and builds the same bytes from the same seed', () => {
		expect(plan.length).toBeGreaterThanOrEqual(10_000);
		const categories = new Set(plan.map((p) => p.category));
		expect([...categories].sort()).toEqual(['body-signed', 'body-unsigned', 'control', 'header']);
		expect(plan.filter((p) => p.category === 'header').length).toBeGreaterThanOrEqual(5000);

		const nowMs = Date.now();
		const sample = plan.filter((p) => p.id % 50 === 0 && p.kind !== 'ten-mb');
		expect(sample.map((p) => fingerprint(buildCase(p, nowMs)))).toEqual(sample.map((p) => fingerprint(buildCase(p, nowMs))));
		// Another seed is another corpus: the seed is what makes a run reproducible.
		expect(plannedCases(CORPUS_SEED + 1).map((p) => p.kind)).not.toEqual(plan.map((p) => p.kind));
	});

	it('no case throws', () => {
		expect(corpus?.threw).toEqual([]);
		expect(corpus?.cases).toBe(plan.length);
	});

	it('every case gets the outcome worked out for it: 401 for a bad signature, 400 for a signed non-event, one item for a valid delivery', () => {
		expect(corpus?.mismatches.slice(0, 30)).toEqual([]);
		expect(corpus?.mismatches).toHaveLength(0);
	});

	it('answers every header case and every unsigned body 401, every signed non-event 400, and a signed multipart body 401', () => {
		expect(corpus?.outcomesByCategory.header).toEqual({ 401: expectedCount('header', 'unauthorized') });
		expect(corpus?.outcomesByCategory['body-unsigned']).toEqual({ 401: expectedCount('body-unsigned', 'unauthorized') });
		// A signed body sent as multipart is refused from its Content-Type before it is read: 401.
		expect(corpus?.outcomesByCategory['body-signed']).toEqual({
			400: expectedCount('body-signed', 'not_an_event'),
			401: expectedCount('body-signed', 'unauthorized'),
		});
		expect(expectedCount('body-signed', 'unauthorized')).toBeGreaterThan(0);
		expect(expectedCount('header', 'unauthorized')).toBe(corpus?.casesByCategory.header);
	});

	it('starts no execution outside the control group, and one for every valid delivery in it', () => {
		expect(corpus?.executionsOutsideControl).toBe(0);
		// Proves the harness can see success: the control group does start executions.
		expect(corpus?.executionsInControl).toBe(expectedCount('control', 'executed'));
		expect(corpus?.executionsInControl).toBeGreaterThanOrEqual(400);
	});

	it('logs neither the secret nor any signature value', () => {
		expect(corpus?.leaks).toEqual([]);
	});

	it(`keeps no 10 MB body and does not grow the heap by ${HEAP_GROWTH_LIMIT_MB} MB from the first batch to the last`, async () => {
		if (corpus === undefined) throw new Error('the corpus did not run');
		// 4 signed + 4 unsigned 10 MB bodies and one valid 10 MB event.
		expect(corpus.tenMbBodies).toHaveLength(9);
		await settledHeap();
		expect(corpus.tenMbBodies.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
		expect(corpus.heapAfterLastBatch.heapUsedMB - corpus.heapAfterFirstBatch.heapUsedMB).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
		expect(corpus.heapAfterLastBatch.arrayBuffersMB - corpus.heapAfterFirstBatch.arrayBuffersMB).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
	});

	it(`answers a sample (every ${HTTP_SAMPLE_EVERY}th case and the 10 MB ones) the same over real HTTP`, async () => {
		http = await runOverHttp(plan);
		expect(http.mismatches).toEqual([]);
		expect(http.sent).toBeGreaterThanOrEqual(300);
		// The sample reaches all three answers, so a server that always said 401 would fail here.
		expect(Object.keys(http.byStatus).sort()).toEqual(['200', '400', '401']);
	}, 60_000);
});

// ---------------------------------------------------------------------------------------------
// Bugs this corpus found (lossy UTF-8 decoding, `__proto__` and `json` fields in `data`), fixed;
// each test states the behaviour the README promises, so they cannot come back unnoticed.

describe('bugs found by the corpus stay fixed', () => {
	const parameters = { events: [SUBSCRIBED_EVENT], options: {} };

	async function deliverSigned(body: Buffer): Promise<FakeWebhookResult> {
		const t = String(Math.floor(Date.now() / 1000));
		const signature = referenceHeader(body, STORED_SECRET, 'o-BUG-na1', t);
		return await callWebhook(
			receive,
			{ headers: { 'content-type': 'application/json', 'fullstory-signature': signature }, rawBody: body },
			parameters,
			{ endpointSecret: STORED_SECRET },
		);
	}

	// Bug: receive.ts decodes the verified bytes with `rawBody.toString('utf8')`, which replaces
	// invalid sequences with U+FFFD instead of failing. A signed body that is not UTF-8 (here one
	// Latin-1 byte, 0xE9, inside a string) is not JSON text (RFC 8259 §8.1), yet it starts an
	// execution with altered data; two such events that differ only in those bytes (ids "n\xff"
	// and "n\xfe") even get the same eventKey ("note.created:n\uFFFD"), so Remove Duplicates
	// drops the second. Fix: decode with `new TextDecoder('utf-8', { fatal: true })` and answer 400.
	it('a signed event with invalid UTF-8 inside a string is answered 400, not decoded lossily and run', async () => {
		const body = Buffer.concat([
			Buffer.from('{"eventName":"note.created","version":1,"data":{"id":"n1","text":"caf'),
			Buffer.from([0xe9]),
			Buffer.from('"}}'),
		]);
		const result = await deliverSigned(body);
		expect(result.response.workflowData).toBeUndefined();
		expect(result.status).toBe(400);
	});

	// Bug: items.ts shapeEvent builds the item with Object.assign, which *sets* each field, so a
	// `__proto__` key of `data` (an own property after JSON.parse) calls the prototype setter: the
	// field disappears and its value becomes the item's prototype, whose keys then read as fields
	// of the item (`__proto__: null` gives an item without Object.prototype). Fix: build the item
	// with object spread (which defines properties) or skip the key.
	it('a data field named __proto__ does not become the prototype of the emitted item', async () => {
		const body = Buffer.from('{"eventName":"note.created","version":1,"data":{"id":"n1","__proto__":{"injected":true}}}');
		const result = await deliverSigned(body);
		const item = result.response.workflowData?.[0]?.[0]?.json;
		expect(item).toBeDefined();
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
		expect(item !== undefined && 'injected' in item).toBe(false);
	});

	// Bug: receive.ts passes the shaped item to n8n's `helpers.returnJsonArray`, which treats any
	// object with a truthy `json` key as an already-wrapped item. A data field named `json` (data's
	// fields are copied to the top level) therefore replaces the whole item: eventName, version,
	// eventKey and every other field are gone from `$json`, and a sibling `binary` or `error` field
	// would be read as n8n item metadata. Fix: return `[[{ json: item }]]` directly.
	it('a data field named json does not replace the emitted item', async () => {
		const body = Buffer.from('{"eventName":"note.created","version":1,"data":{"id":"n1","json":{"x":1}}}');
		const result = await deliverSigned(body);
		const item = result.response.workflowData?.[0]?.[0]?.json;
		expect(item).toMatchObject({ eventName: 'note.created', version: 1, id: 'n1', eventKey: 'note.created:n1' });
	});
});
