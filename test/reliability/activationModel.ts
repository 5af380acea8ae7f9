/**
 * The model and driver behind activationCycles.test.ts: a seeded PRNG, several trigger
 * registrations against one strict emulator, what n8n 2.40.7 does around `checkExists`, `create`
 * and `delete` (README "Registration lifecycle"; n8n guide §3.1 and §6), random faults on the
 * FullStory calls the lifecycle makes, and the invariants checked after every cycle.
 *
 * Everything random comes from one seed, so a failing run is replayed by setting
 * FULLSTORY_CYCLES_SEED to the seed its message names.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { FaultKind, StoredEndpoint } from '../../emulator/state/types';
import type { TestEmulator } from '../helpers/emulator';
import { Random } from '../helpers/seededRandom';
import { until } from '../helpers/wait';
import type { TriggerUnderTest } from '../helpers/trigger';
import { startTrigger } from '../helpers/trigger';

// ---------------------------------------------------------------------------------------------
// Seeds

/** A seed or count from the environment, or the fallback; a malformed value fails loudly instead of being ignored. */
export function intFromEnv(name: string, fallback: number): number {
	const raw = process.env[name];
	if (raw === undefined || raw.trim() === '') return fallback;
	const value = Number(raw.trim());
	if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
		throw new Error(`${name} must be an integer from 0 to 4294967295, got "${raw}"`);
	}
	return value;
}

// ---------------------------------------------------------------------------------------------
// Event selections

export const EVENT_NAMES = ['note.created', 'nativemobile.event.crash', 'segment.trend.alert'] as const;
const SEGMENT_ALERT = 'segment.trend.alert';

export interface Selection {
	events: string[];
	/** Subcategories of segment.trend.alert; empty when it is not selected. */
	segmentAlerts: string[];
}

export interface Subscription {
	eventName: string;
	subcategory?: string;
}

/** What FullStory must hold for this selection, worked out here independently of the node's code. */
export function wantedSubscriptions(selection: Selection): Subscription[] {
	return selection.events.flatMap((eventName) =>
		eventName === SEGMENT_ALERT ? selection.segmentAlerts.map((subcategory) => ({ eventName, subcategory })) : [{ eventName }],
	);
}

/** Order-independent, but repetition-sensitive, so a doubled subscription shows. */
export function subscriptionKeys(subscriptions: readonly Subscription[]): string[] {
	return subscriptions.map(({ eventName, subcategory }) => `${eventName}|${subcategory ?? ''}`).sort();
}

function sameKeys(left: readonly Subscription[], right: readonly Subscription[]): boolean {
	return JSON.stringify(subscriptionKeys(left)) === JSON.stringify(subscriptionKeys(right));
}

export function describeSelection(selection: Selection, subcategoryPool: readonly string[]): string {
	return selection.events
		.map((eventName) =>
			eventName === SEGMENT_ALERT
				? `${eventName}[${selection.segmentAlerts.map((value) => `#${subcategoryPool.indexOf(value)}`).join(',')}]`
				: eventName,
		)
		.join(' + ');
}

export function randomSelection(random: Random, subcategoryPool: readonly string[], unlike?: Selection): Selection {
	for (;;) {
		let events = EVENT_NAMES.filter(() => random.chance(0.5));
		if (events.length === 0) events = [random.pick(EVENT_NAMES)];
		const segmentAlerts = events.includes(SEGMENT_ALERT) ? random.sample(subcategoryPool, random.int(1, 2)) : [];
		const selection = { events: [...events], segmentAlerts };
		// A change must be a change, or n8n would not re-register (guide §6, "Republish").
		if (unlike === undefined || !sameKeys(wantedSubscriptions(selection), wantedSubscriptions(unlike))) return selection;
	}
}

function applySelection(parameters: IDataObject, selection: Selection): void {
	// startTrigger keeps a reference to this object, so it is changed in place, as a saved edit would.
	for (const key of Object.keys(parameters)) delete parameters[key];
	parameters.events = [...selection.events];
	if (selection.segmentAlerts.length > 0) parameters.segmentAlertSubcategories = [...selection.segmentAlerts];
}

function replaceContents(target: IDataObject, source: IDataObject): void {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, structuredClone(source));
}

// ---------------------------------------------------------------------------------------------
// Faults

export const FAULT_KINDS: readonly FaultKind[] = ['status429', 'status500', 'hang', 'drop', 'dropAfter'];

interface Route {
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	/** GET and DELETE are retried by the transport after a 5xx or a network failure. */
	idempotent: boolean;
}

/** Every FullStory route the trigger's lifecycle calls. */
export const LIFECYCLE_ROUTES: readonly Route[] = [
	{ method: 'GET', path: '/webhooks/v1/endpoints', idempotent: true },
	{ method: 'GET', path: '/webhooks/v1/endpoints/*', idempotent: true },
	{ method: 'POST', path: '/webhooks/v1/endpoints', idempotent: false },
	{ method: 'POST', path: '/webhooks/v1/endpoints/*', idempotent: false },
	{ method: 'DELETE', path: '/webhooks/v1/endpoints/*', idempotent: true },
];

/**
 * The two routes only an adoption uses: checkExists' GET by id (a record kept after a failed
 * delete) and the update that adopts an existing endpoint. Uniform draws almost never meet them,
 * because n8n's delete-before-activate leaves nothing to adopt unless a delete failed.
 */
const ADOPTION_ROUTES: readonly Route[] = LIFECYCLE_ROUTES.filter((route) => route.path.endsWith('*') && route.method !== 'DELETE');

export interface PlannedFault {
	method: string;
	path: string;
	kind: FaultKind;
	count: number;
}

function routeLabel(method: string, path: string): string {
	return `${method} ${path}`;
}

/** The route pattern a logged request matched, for counting fired faults by route. */
function routeOfRequest(method: string, path: string): string {
	return routeLabel(method, path === '/webhooks/v1/endpoints' ? path : '/webhooks/v1/endpoints/*');
}

/**
 * One random fault. A hang on create is never drawn: the emulator applies the create after the
 * client gave up and after n8n's follow-up delete looked for it, which leaves an endpoint until
 * the next activation adopts it. That known residual race has its own test.
 */
export function randomFault(random: Random, routes: readonly Route[] = LIFECYCLE_ROUTES): PlannedFault {
	for (;;) {
		const route = random.pick(routes);
		const kind = random.pick(FAULT_KINDS);
		if (kind === 'hang' && route.method === 'POST' && route.path === '/webhooks/v1/endpoints') continue;
		let count: number;
		if (kind === 'status429') {
			// Waits are 0 s, so any count is cheap. 4 outlasts the transport's 3 retries and surfaces
			// the rate-limit error; 12 is a longer spell that also outlasts n8n's own delete() retries,
			// which is what leaves an endpoint behind after an unpublish.
			count = random.weighted([
				[1, 4],
				[2, 3],
				[3, 2],
				[4, 2],
				[12, 1],
			]);
		} else if (route.idempotent) {
			// 3 exhausts the 2 transient retries (1.5 s of real backoff), so keep it the rarer case.
			count = random.weighted([
				[1, 5],
				[2, 3],
				[3, 2],
			]);
		} else {
			// A POST is never retried by the transport; each use fails one activation attempt.
			count = random.weighted([
				[1, 7],
				[2, 3],
			]);
		}
		return { method: route.method, path: route.path, kind, count };
	}
}

// ---------------------------------------------------------------------------------------------
// Registrations

export type RegistrationState = 'inactive' | 'active' | 'failed';

export interface Registration {
	readonly name: string;
	/** A production URL (a published workflow) or a test URL ("listen for test event"). */
	readonly kind: 'production' | 'test';
	readonly trigger: TriggerUnderTest;
	selection: Selection;
	/** `failed`: n8n gave up after its attempts; the workflow still reads active until unpublished. */
	state: RegistrationState;
	/** The subscriptions FullStory must hold while active: the selection at the last activation. */
	wanted: Subscription[];
	/**
	 * A delete() failure was surfaced, so the endpoint may still be there for the next activation
	 * to adopt: at most one endpoint for this URL, not zero.
	 */
	leftoverAllowed: boolean;
	/** The last check found the endpoint such a failure left behind. */
	leftoverSeen: boolean;
	/** The last delete() succeeded, so the static data must hold no endpoint keys. */
	expectCleared: boolean;
	/** How many log lines were already checked for secrets. */
	logsChecked: number;
}

const ENDPOINT_KEYS = ['endpointId', 'endpointSecret', 'endpointUrl', 'subscriptions'] as const;

// ---------------------------------------------------------------------------------------------
// n8n 2.40.7's behaviour around the three hooks

/** n8n runs checkExists → create (→ delete on failure) this many times before marking a publish failed. */
export const ACTIVATION_ATTEMPTS = 5;
/** n8n calls a throwing delete() this many times on unpublish (once, then twice more). */
export const UNPUBLISH_DELETE_ATTEMPTS = 3;

// ---------------------------------------------------------------------------------------------
// Summary

type Counts = Record<string, number>;

function bump(counts: Counts, key: string, by = 1): void {
	counts[key] = (counts[key] ?? 0) + by;
}

export interface RunSummary {
	label: string;
	seed: number;
	replay: string;
	cycles: number;
	cyclesWithFaults: number;
	actions: Counts;
	/** Publishes and test listens; each run is one or more checkExists → create attempts. */
	activations: { runs: number; attempts: number; succeeded: number; failed: number };
	/** Unpublishes and test-listener stops. */
	deactivations: number;
	selectionChanges: number;
	deleteCalls: { succeeded: number; failed: number };
	faultsInjected: { byKind: Counts; byRoute: Counts; usesArmed: number; aimed: number };
	faultsFired: { total: number; byKind: Counts; byRoute: Counts };
	errorsSurfaced: { total: number; byCall: Counts; byMessage: Counts };
	surfacedDeleteFailures: { total: number; endpointLeftAtCheck: number; adoptedByNextActivation: number };
	orphansFound: number;
	duplicatesFound: number;
	durationMs: number;
	/** The first broken invariant (or driver failure), when the run stopped early. */
	failure?: string;
}

function emptySummary(label: string, seed: number, replay: string): RunSummary {
	return {
		label,
		seed,
		replay,
		cycles: 0,
		cyclesWithFaults: 0,
		actions: {},
		activations: { runs: 0, attempts: 0, succeeded: 0, failed: 0 },
		deactivations: 0,
		selectionChanges: 0,
		deleteCalls: { succeeded: 0, failed: 0 },
		faultsInjected: { byKind: {}, byRoute: {}, usesArmed: 0, aimed: 0 },
		faultsFired: { total: 0, byKind: {}, byRoute: {} },
		errorsSurfaced: { total: 0, byCall: {}, byMessage: {} },
		surfacedDeleteFailures: { total: 0, endpointLeftAtCheck: 0, adoptedByNextActivation: 0 },
		orphansFound: 0,
		duplicatesFound: 0,
		durationMs: 0,
	};
}

// ---------------------------------------------------------------------------------------------
// The run

export interface RunOptions {
	label: string;
	seed: number;
	/** How to replay this run, for failure messages. */
	replay: string;
	cycles: number;
	subcategoryPool: readonly string[];
	/** Chance that a cycle gets faults at all. */
	faultProbability?: number;
	hangMs?: number;
	requestTimeoutMs?: number;
}

type HookCall = 'checkExists' | 'create' | 'delete';

interface SurfacedError {
	registration: string;
	call: HookCall;
	error: unknown;
}

type CallResult<T> = { ok: true; value: T } | { ok: false; error: unknown };

const DEFAULT_HANG_MS = 600;
const DEFAULT_REQUEST_TIMEOUT_MS = 250;

export class ActivationCycles {
	readonly summary: RunSummary;

	private readonly random: Random;

	private readonly registrations: Registration[] = [];

	private readonly secrets = new Set<string>();

	private readonly hangMs: number;

	private readonly requestTimeoutMs: number;

	private readonly faultProbability: number;

	/** Highest request-log sequence number already processed. */
	private lastSeq = 0;

	private cycleStartSeq = 0;

	private cycleHangFaults: Array<{ id: string; count: number }> = [];

	private cycleErrors: SurfacedError[] = [];

	private trace: string[] = [];

	constructor(
		private readonly emulator: TestEmulator,
		private readonly options: RunOptions,
	) {
		this.random = new Random(options.seed);
		this.summary = emptySummary(options.label, options.seed, options.replay);
		this.hangMs = options.hangMs ?? DEFAULT_HANG_MS;
		this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
		this.faultProbability = options.faultProbability ?? 0.5;
		this.secrets.add(emulator.adminKey);
	}

	/** Runs every cycle; throws at the first broken invariant, with everything needed to replay it. */
	async run(): Promise<RunSummary> {
		const started = Date.now();
		let cycle = 0;
		try {
			await this.setUp();
			for (cycle = 1; cycle <= this.options.cycles; cycle++) await this.runCycle(cycle);
		} catch (error) {
			// Driver failures (a hung request never answered, the emulator gone) get the seed too.
			const failure =
				error instanceof CycleFailure
					? error
					: new CycleFailure(`${this.where(cycle)}: ${error instanceof Error ? error.message : String(error)}`);
			this.summary.failure = failure.message;
			throw failure;
		} finally {
			this.summary.durationMs = Date.now() - started;
			await Promise.all(this.registrations.map(async (registration) => await registration.trigger.stop()));
		}
		return this.summary;
	}

	/**
	 * Workflow A published (fault-free), B not yet, C a copy of A that starts with A's static data
	 * (a record for A's URL), T the test URL of A ("listen for test event"), not listening.
	 */
	private async setUp(): Promise<void> {
		await this.emulator.client.reset();
		const pool = this.options.subcategoryPool;
		const a = await this.register('A', 'production', '/webhook/wf-a/webhook', randomSelection(this.random, pool));
		await this.register('B', 'production', '/webhook/wf-b/webhook', randomSelection(this.random, pool));
		await this.activateProduction(a);
		if (a.state !== 'active') throw new Error(`Set-up: A did not activate without faults (${this.trace.join('; ')})`);
		const copy = await this.register('C', 'production', '/webhook/wf-a-copy/webhook', a.selection);
		replaceContents(copy.trigger.staticData, a.trigger.staticData);
		await this.register('T', 'test', '/webhook-test/wf-a/webhook', a.selection);
		await this.finishCycle(0, 'set-up');
	}

	private async register(name: string, kind: Registration['kind'], path: string, selection: Selection): Promise<Registration> {
		const parameters: IDataObject = {};
		applySelection(parameters, selection);
		const trigger = await startTrigger(this.emulator, parameters, { path, requestTimeoutMs: this.requestTimeoutMs });
		const registration: Registration = {
			name,
			kind,
			trigger,
			selection,
			state: 'inactive',
			wanted: [],
			leftoverAllowed: false,
			leftoverSeen: false,
			expectCleared: false,
			logsChecked: 0,
		};
		this.registrations.push(registration);
		return registration;
	}

	private byName(name: string): Registration {
		const found = this.registrations.find((registration) => registration.name === name);
		if (found === undefined) throw new Error(`No registration ${name}`);
		return found;
	}

	private async runCycle(cycle: number): Promise<void> {
		this.summary.cycles++;
		const registration = this.random.weighted<Registration>([
			[this.byName('A'), 3],
			[this.byName('B'), 2.5],
			[this.byName('C'), 2.5],
			[this.byName('T'), 2],
		]);
		const action = this.chooseAction(registration);

		const faults = this.planFaults(registration, action);
		for (const fault of faults) {
			const id = await this.emulator.client.injectFault({
				...fault,
				...(fault.kind === 'status429' ? { retryAfterSeconds: 0 } : {}),
				...(fault.kind === 'hang' ? { hangMs: this.hangMs } : {}),
			});
			if (fault.kind === 'hang') this.cycleHangFaults.push({ id, count: fault.count });
			bump(this.summary.faultsInjected.byKind, fault.kind);
			bump(this.summary.faultsInjected.byRoute, routeLabel(fault.method, fault.path));
			this.summary.faultsInjected.usesArmed += fault.count;
		}
		if (faults.length > 0) this.summary.cyclesWithFaults++;
		const faultText = faults.length === 0 ? 'none' : faults.map((fault) => `${routeLabel(fault.method, fault.path)} ${fault.kind} x${fault.count}`).join(', ');
		const description = `${registration.name} (${registration.state}) ${action}; faults: ${faultText}`;

		bump(this.summary.actions, action);
		await this.perform(registration, action);
		await this.finishCycle(cycle, description);
	}

	/**
	 * Mostly uniform: 1–3 faults on random lifecycle routes, in about half the cycles. Two aimed
	 * patterns keep the rare paths covered, which uniform draws almost never reach because n8n's
	 * delete-before-activate leaves nothing to adopt unless a delete failed:
	 * - a rate-limit spell on DELETE long enough to outlast n8n's delete() retries, so an
	 *   unpublish leaves its endpoint (a surfaced delete failure, cheap since Retry-After is 0);
	 * - for an activation that will meet such a left-behind endpoint, one more fault on the
	 *   routes only adoption uses (checkExists' GET by id, the adopting update).
	 */
	private planFaults(registration: Registration, action: string): PlannedFault[] {
		const faults: PlannedFault[] = [];
		if (this.random.chance(this.faultProbability)) {
			const howMany = this.random.int(1, 3);
			for (let index = 0; index < howMany; index++) faults.push(randomFault(this.random));
		}
		const unpublishes = action === 'deactivate' || action === 'reactivate' || (action === 'changeSelection' && registration.state !== 'inactive');
		if (unpublishes && this.random.chance(0.12)) {
			faults.push({ method: 'DELETE', path: '/webhooks/v1/endpoints/*', kind: 'status429', count: 4 * UNPUBLISH_DELETE_ATTEMPTS });
			this.summary.faultsInjected.aimed++;
		}
		const activates = action !== 'deactivate' && action !== 'testStop' && action !== 'recopy';
		if (activates && registration.leftoverSeen && this.random.chance(0.6)) {
			faults.push(randomFault(this.random, ADOPTION_ROUTES));
			this.summary.faultsInjected.aimed++;
		}
		return faults;
	}

	private chooseAction(registration: Registration): string {
		if (registration.kind === 'test') return registration.state === 'active' ? 'testStop' : 'testListen';
		if (registration.state === 'inactive') {
			return this.random.weighted([
				['activate', 5],
				['changeSelection', 3],
				// C is seldom inactive (most actions on an active registration keep it active).
				...(registration.name === 'C' ? [['recopy', 3] as const] : []),
			]);
		}
		return this.random.weighted([
			['deactivate', 3.5],
			['reactivate', 3],
			['changeSelection', 3.5],
		]);
	}

	private async perform(registration: Registration, action: string): Promise<void> {
		switch (action) {
			case 'activate':
				await this.activateProduction(registration);
				return;
			case 'deactivate':
				await this.unpublish(registration);
				return;
			case 'reactivate':
				// Unpublish, then publish again.
				await this.unpublish(registration);
				await this.activateProduction(registration);
				return;
			case 'changeSelection': {
				const selection = randomSelection(this.random, this.options.subcategoryPool, registration.selection);
				this.trace.push(`${registration.name} selection → ${describeSelection(selection, this.options.subcategoryPool)}`);
				this.summary.selectionChanges++;
				// Republishing changed parameters: n8n deletes the old registration, then activates anew.
				if (registration.state !== 'inactive') await this.unpublish(registration);
				registration.selection = selection;
				applySelection(registration.trigger.parameters, selection);
				await this.activateProduction(registration);
				return;
			}
			case 'recopy':
				// The workflow copied again: C's static data is again a record for A's URL.
				replaceContents(registration.trigger.staticData, this.byName('A').trigger.staticData);
				registration.expectCleared = false;
				this.trace.push('C static data ← copy of A');
				return;
			case 'testListen':
				await this.listen(registration);
				return;
			case 'testStop':
				// After the first test event, on "stop listening" or after 2 minutes: one delete().
				this.summary.deactivations++;
				await this.deleteOnce(registration);
				registration.state = 'inactive';
				return;
			default:
				throw new Error(`Unknown action ${action}`);
		}
	}

	/** Calls one hook, recording a thrown error as surfaced (n8n shows or logs it). */
	private async call<T>(registration: Registration, call: HookCall, run: () => Promise<T>): Promise<CallResult<T>> {
		try {
			const value = await run();
			this.trace.push(`${registration.name}.${call} → ${String(value)}`);
			return { ok: true, value };
		} catch (error) {
			this.cycleErrors.push({ registration: registration.name, call, error });
			this.trace.push(`${registration.name}.${call} ✗ ${error instanceof Error ? error.message : String(error)}`);
			return { ok: false, error };
		}
	}

	/** One checkExists → create, as n8n's createWebhookIfNotExists; true when it stood. */
	private async activationAttempt(registration: Registration): Promise<boolean> {
		this.summary.activations.attempts++;
		const { trigger } = registration;
		const exists = await this.call(registration, 'checkExists', async () => await trigger.checkExists());
		if (!exists.ok) return false;
		if (exists.value) return true;
		// n8n ignores create()'s return value; only a throw counts as failure.
		return (await this.call(registration, 'create', async () => await trigger.create())).ok;
	}

	private markActive(registration: Registration): void {
		if (registration.leftoverSeen) this.summary.surfacedDeleteFailures.adoptedByNextActivation++;
		registration.state = 'active';
		registration.wanted = wantedSubscriptions(registration.selection);
		registration.leftoverAllowed = false;
		registration.leftoverSeen = false;
		registration.expectCleared = false;
		this.summary.activations.succeeded++;
	}

	/**
	 * Publish in n8n 2.40.7: checkExists → create; when that throws, delete() (its own failure only
	 * logged) and the whole thing again, five times in all, then the publication is marked failed.
	 */
	private async activateProduction(registration: Registration): Promise<void> {
		this.summary.activations.runs++;
		for (let attempt = 1; attempt <= ACTIVATION_ATTEMPTS; attempt++) {
			if (await this.activationAttempt(registration)) {
				this.markActive(registration);
				return;
			}
			await this.deleteOnce(registration);
			// n8n waits 1, 2, 4 and 8 s between attempts, longer than any injected hang: let them land.
			await this.settle();
		}
		registration.state = 'failed';
		this.summary.activations.failed++;
	}

	/**
	 * "Listen for test event": empty static data that is never saved, the workflow's current
	 * selection, one attempt; on failure n8n removes the test registration (one delete()).
	 */
	private async listen(registration: Registration): Promise<void> {
		this.summary.activations.runs++;
		const source = this.byName('A');
		registration.selection = source.selection;
		applySelection(registration.trigger.parameters, source.selection);
		for (const key of Object.keys(registration.trigger.staticData)) delete registration.trigger.staticData[key];
		registration.expectCleared = false;
		if (await this.activationAttempt(registration)) {
			this.markActive(registration);
			return;
		}
		await this.deleteOnce(registration);
		registration.state = 'inactive';
		this.summary.activations.failed++;
	}

	/** Unpublish in n8n 2.40.7: a throwing delete() is retried twice; then it is unpublished anyway. */
	private async unpublish(registration: Registration): Promise<void> {
		this.summary.deactivations++;
		for (let attempt = 1; attempt <= UNPUBLISH_DELETE_ATTEMPTS; attempt++) {
			if (await this.deleteOnce(registration)) break;
			await this.settle();
		}
		registration.state = 'inactive';
		await this.settle();
	}

	/** One delete(); true when it did not throw. */
	private async deleteOnce(registration: Registration): Promise<boolean> {
		const { trigger } = registration;
		const result = await this.call(registration, 'delete', async () => await trigger.delete());
		if (result.ok) {
			this.summary.deleteCalls.succeeded++;
			// Returning (even false) is "done" to n8n, which will not call again: nothing may remain.
			registration.leftoverAllowed = false;
			registration.expectCleared = true;
			return true;
		}
		this.summary.deleteCalls.failed++;
		this.summary.surfacedDeleteFailures.total++;
		registration.leftoverAllowed = true;
		registration.expectCleared = false;
		return false;
	}

	/**
	 * Waits until every request that hit a `hang` fault has been answered by the emulator, so a
	 * hung call is applied before the next step, as it would be in n8n's pauses between steps.
	 */
	private async settle(): Promise<void> {
		if (this.cycleHangFaults.length === 0) return;
		const remaining = new Map((await this.emulator.client.faults()).map((fault) => [fault.id, fault.remaining]));
		const taken = this.cycleHangFaults.reduce((sum, { id, count }) => sum + count - (remaining.get(id) ?? 0), 0);
		let answered = 0;
		await until(
			async () => {
				answered = (await this.emulator.client.requests({ since: this.cycleStartSeq })).filter((entry) => entry.fault === 'hang').length;
				return answered >= taken;
			},
			{
				timeoutMs: this.hangMs * Math.max(taken, 1) + 5_000,
				intervalMs: 20,
				what: () => `the ${taken} hung requests to be answered (${answered} were)`,
			},
		);
	}

	private async finishCycle(cycle: number, description: string): Promise<void> {
		await this.settle();
		await this.emulator.client.clearFaults();
		this.cycleHangFaults = [];

		const requests = await this.emulator.client.requests({ since: this.cycleStartSeq });
		for (const entry of requests) {
			this.lastSeq = Math.max(this.lastSeq, entry.seq);
			const body = entry.body;
			if (typeof body === 'object' && body !== null && typeof (body as IDataObject).secret === 'string') {
				this.secrets.add((body as IDataObject).secret as string);
			}
			if (entry.fault !== undefined) {
				this.summary.faultsFired.total++;
				bump(this.summary.faultsFired.byKind, entry.fault);
				bump(this.summary.faultsFired.byRoute, routeOfRequest(entry.method, entry.path));
			}
		}
		this.cycleStartSeq = this.lastSeq;

		const endpoints = await this.emulator.client.endpoints();
		for (const endpoint of endpoints) this.secrets.add(endpoint.secret);
		for (const registration of this.registrations) {
			const stored = registration.trigger.staticData.endpointSecret;
			if (typeof stored === 'string' && stored !== '') this.secrets.add(stored);
		}

		const problems = [...this.checkErrors(), ...this.checkLogs(), ...this.checkEndpoints(endpoints)];
		const trace = this.trace;
		this.trace = [];
		this.cycleErrors = [];
		if (problems.length > 0) {
			throw new CycleFailure(
				[
					`${this.where(cycle)}: ${description}`,
					'Broken:',
					...problems.map((problem) => `  - ${problem}`),
					'Calls this cycle:',
					...trace.map((line) => `  ${line}`),
					'State:',
					...this.describeState(endpoints).map((line) => `  ${line}`),
				].join('\n'),
			);
		}
	}

	private where(cycle: number): string {
		const { label, seed, replay, cycles } = this.options;
		return `Activation cycles "${label}": seed ${seed} (replay: ${replay}), cycle ${cycle} of ${cycles}`;
	}

	/** Every thrown error is a node error with a message, and carries neither the key nor a secret. */
	private checkErrors(): string[] {
		const problems: string[] = [];
		for (const { registration, call, error } of this.cycleErrors) {
			this.summary.errorsSurfaced.total++;
			bump(this.summary.errorsSurfaced.byCall, call);
			const where = `${registration}.${call}`;
			if (!(error instanceof NodeApiError) && !(error instanceof NodeOperationError)) {
				problems.push(`${where} threw ${error instanceof Error ? error.name : typeof error}, not a NodeApiError or NodeOperationError: ${String(error)}`);
				continue;
			}
			const message = typeof error.message === 'string' ? error.message.trim() : '';
			bump(this.summary.errorsSurfaced.byMessage, this.normalize(message === '' ? '(empty)' : message));
			if (message === '') problems.push(`${where} threw a ${error.name} with an empty message`);
			const text = [error.message, error.description ?? '', safeStringify(error)].join('\n');
			for (const secret of this.secrets) {
				if (text.includes(secret)) {
					problems.push(`${where}: the error text contains ${secret === this.emulator.adminKey ? 'the API key' : 'an endpoint secret'}`);
				}
			}
		}
		return problems;
	}

	/** The trigger's log lines never carry the key or a secret either. */
	private checkLogs(): string[] {
		const problems: string[] = [];
		for (const registration of this.registrations) {
			const fresh = registration.trigger.logs.slice(registration.logsChecked);
			registration.logsChecked = registration.trigger.logs.length;
			for (const entry of fresh) {
				const text = `${entry.message} ${safeStringify(entry.meta)}`;
				if ([...this.secrets].some((secret) => text.includes(secret))) {
					problems.push(`${registration.name} logged the API key or a secret: ${entry.message}`);
				}
			}
		}
		return problems;
	}

	private checkEndpoints(endpoints: StoredEndpoint[]): string[] {
		const problems: string[] = [];
		const byUrl = new Map<string, StoredEndpoint[]>();
		for (const endpoint of endpoints) byUrl.set(endpoint.url, [...(byUrl.get(endpoint.url) ?? []), endpoint]);

		for (const [url, group] of byUrl) {
			if (group.length > 1) {
				this.summary.duplicatesFound += group.length - 1;
				problems.push(`duplicate: ${group.length} endpoints share ${url}`);
			}
			if (!this.registrations.some((registration) => registration.trigger.url === url)) {
				this.summary.orphansFound += group.length;
				problems.push(`orphan: ${group.length} endpoint(s) for ${url}, which no registration uses`);
			}
		}

		for (const registration of this.registrations) {
			const { name, trigger } = registration;
			const mine = byUrl.get(trigger.url) ?? [];
			const stored = trigger.staticData;
			if (registration.state === 'active') {
				if (mine.length === 0) {
					problems.push(`missing: ${name} is active but FullStory has no endpoint for ${trigger.url}`);
					continue;
				}
				const [endpoint] = mine;
				if (!endpoint.enabled) problems.push(`${name}: its endpoint is disabled`);
				if (!sameKeys(endpoint.eventTypes, registration.wanted)) {
					problems.push(`${name}: endpoint events ${JSON.stringify(subscriptionKeys(endpoint.eventTypes))}, wanted ${JSON.stringify(subscriptionKeys(registration.wanted))}`);
				}
				if (endpoint.secret !== stored.endpointSecret) {
					problems.push(`${name}: FullStory's secret ${short(endpoint.secret)} is not the stored ${short(stored.endpointSecret)}, so every delivery would be rejected`);
				}
				if (stored.endpointId !== endpoint.id || stored.endpointUrl !== trigger.url) {
					problems.push(`${name}: static data points at ${String(stored.endpointId)} / ${String(stored.endpointUrl)}, not ${endpoint.id} / ${trigger.url}`);
				}
				const storedSubscriptions = Array.isArray(stored.subscriptions) ? (stored.subscriptions as Subscription[]) : [];
				if (!sameKeys(storedSubscriptions, registration.wanted)) problems.push(`${name}: stored subscriptions differ from the selection`);
				continue;
			}
			registration.leftoverSeen = registration.leftoverAllowed && mine.length === 1;
			if (registration.leftoverSeen) this.summary.surfacedDeleteFailures.endpointLeftAtCheck++;
			// With a surfaced delete failure one endpoint may remain (a second is a duplicate, above).
			if (!registration.leftoverAllowed && mine.length > 0) {
				this.summary.orphansFound += mine.length;
				problems.push(`orphan: ${name} is ${registration.state}, its last delete() did not throw, yet FullStory has ${mine.length} endpoint(s) for ${trigger.url}`);
			}
			if (registration.expectCleared) {
				const left = ENDPOINT_KEYS.filter((key) => stored[key] !== undefined);
				if (left.length > 0) problems.push(`${name}: delete() returned, yet static data still holds ${left.join(', ')}`);
			}
		}
		return problems;
	}

	private describeState(endpoints: StoredEndpoint[]): string[] {
		const pool = this.options.subcategoryPool;
		const lines = this.registrations.map((registration) => {
			const stored = registration.trigger.staticData;
			return `${registration.name} ${registration.state}${registration.leftoverAllowed ? ' (surfaced delete failure)' : ''}: url ${registration.trigger.url}, selection ${describeSelection(registration.selection, pool)}, stored secret ${short(stored.endpointSecret)}, stored url ${String(stored.endpointUrl ?? '-')}`;
		});
		if (endpoints.length === 0) lines.push('FullStory holds no endpoints');
		for (const endpoint of endpoints) {
			lines.push(`endpoint ${endpoint.url}: ${endpoint.enabled ? 'enabled' : 'disabled'}, secret ${short(endpoint.secret)}, events ${JSON.stringify(subscriptionKeys(endpoint.eventTypes))}`);
		}
		return lines;
	}

	/** Ports and ids differ from run to run; the summary groups messages without them. */
	private normalize(message: string): string {
		let text = message.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:<port>');
		for (const registration of this.registrations) {
			const id = Buffer.from(registration.trigger.url, 'utf8').toString('base64url');
			text = text.split(id).join(`<id of ${registration.name}>`).split(registration.trigger.url).join(`<url of ${registration.name}>`);
		}
		return text;
	}
}

/** A broken invariant, already described with the seed and the cycle. */
class CycleFailure extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'CycleFailure';
	}
}

function short(secret: unknown): string {
	return typeof secret === 'string' && secret !== '' ? `${secret.slice(0, 8)}…` : '(none)';
}

function safeStringify(value: unknown): string {
	try {
		return JSON.stringify(value) ?? '';
	} catch {
		return String(value);
	}
}
