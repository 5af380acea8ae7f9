/**
 * One emulator per test file (or describe block): `const emulator = useTestEmulator();` registers
 * the hooks that every such file repeated (start before all, stop after all, reset before each).
 * The handle is built before the hooks run, so its properties are getters read at test time; read
 * outside a test or hook, they throw instead of handing out undefined.
 * Tests that need several emulators, or one that lives for a single test, use startTestEmulator.
 */
import type { EmulatorOptions } from '../../emulator/server';
import type { TestEmulator } from './emulator';
import { startTestEmulator } from './emulator';

export interface EmulatorFixtureOptions extends EmulatorOptions {
	/** Whether to reset the emulator's state before each test (default true). */
	resetBeforeEach?: boolean;
}

export function useTestEmulator(options: EmulatorFixtureOptions = {}): TestEmulator {
	const { resetBeforeEach = true, ...emulatorOptions } = options;
	let started: TestEmulator | undefined;
	// Stopping twice (a test that stops it, then afterAll) closes the server once.
	let stopping: Promise<void> | undefined;
	const stop = async (): Promise<void> => {
		stopping ??= started?.stop();
		await stopping;
	};

	const current = (): TestEmulator => {
		if (started === undefined) {
			throw new Error('useTestEmulator: the emulator is only running inside tests and hooks of the block that called it');
		}
		return started;
	};

	beforeAll(async () => {
		started = await startTestEmulator(emulatorOptions);
		stopping = undefined;
	});
	afterAll(stop);
	if (resetBeforeEach) beforeEach(async () => await current().client.reset());

	// Every member of TestEmulator, delegated; a member added there fails to compile here until added.
	return {
		get baseUrl() {
			return current().baseUrl;
		},
		get client() {
			return current().client;
		},
		get orgId() {
			return current().orgId;
		},
		get adminKey() {
			return current().adminKey;
		},
		get architectKey() {
			return current().architectKey;
		},
		get standardKey() {
			return current().standardKey;
		},
		get legacyKey() {
			return current().legacyKey;
		},
		get legacyOrgId() {
			return current().legacyOrgId;
		},
		api: async (method, path, callOptions) => await current().api(method, path, callOptions),
		stop: async () => {
			current();
			await stop();
		},
	};
}
