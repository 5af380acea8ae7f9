/**
 * The cycle model must be able to fail: the same seeded runs against deliberately broken copies
 * of the trigger's hooks (the real ones wrapped, nothing in the package changed) must stop at a
 * broken invariant, naming the seed and the cycle.
 */
import type { IHookFunctions } from 'n8n-workflow';

import { useTestEmulator } from '../helpers/emulatorFixture';
import { rejection } from '../helpers/rejection';
import { subcategoriesOf } from '../helpers/trigger';
import { ActivationCycles } from './activationModel';

type Lifecycle = typeof import('../../nodes/FullStoryTrigger/registration/lifecycle');

/** Which broken hook to use; jest only lets a mock factory see variables named mock*. */
const mockMutant: { current: 'none' | 'swallowingDelete' | 'trustingCheckExists' } = { current: 'none' };

jest.mock('../../nodes/FullStoryTrigger/registration/lifecycle', () => {
	const actual: Lifecycle = jest.requireActual('../../nodes/FullStoryTrigger/registration/lifecycle');
	return {
		...actual,
		// The pattern n8n's core nodes used: a failed delete returns false instead of
		// throwing, so n8n does not retry and nobody hears of the endpoint left behind.
		deleteWebhook: async function (this: IHookFunctions): Promise<boolean> {
			if (mockMutant.current !== 'swallowingDelete') return await actual.deleteWebhook.call(this);
			try {
				return await actual.deleteWebhook.call(this);
			} catch {
				return false;
			}
		},
		// Trusts any stored record without asking FullStory (or looking at the URL it is for).
		checkExists: async function (this: IHookFunctions): Promise<boolean> {
			if (mockMutant.current !== 'trustingCheckExists') return await actual.checkExists.call(this);
			return typeof this.getWorkflowStaticData('node').endpointId === 'string';
		},
	};
});

const emulator = useTestEmulator();
let subcategoryPool: string[];

beforeAll(async () => {
	subcategoryPool = await subcategoriesOf(emulator, 'segment.trend.alert', 4);
});
afterEach(() => {
	mockMutant.current = 'none';
});

async function runBroken(mutant: typeof mockMutant.current, seed: number): Promise<string> {
	mockMutant.current = mutant;
	const run = new ActivationCycles(emulator, {
		label: `mutant ${mutant}`,
		seed,
		replay: `seed ${seed}`,
		cycles: 200,
		subcategoryPool,
		hangMs: 600,
		requestTimeoutMs: 250,
	});
	return (await rejection(run.run())).message;
}

it('a delete that swallows its failure is caught as an orphan', async () => {
	// Seed 2 reaches an unpublish under a long rate-limit spell on DELETE within a few cycles.
	const message = await runBroken('swallowingDelete', 2);
	expect(message).toMatch(/^Activation cycles "mutant swallowingDelete": seed 2 \(replay: seed 2\), cycle \d+ of 200: /);
	expect(message).toMatch(/orphan: \w is (inactive|failed), its last delete\(\) did not throw, yet FullStory has 1 endpoint/);
}, 120_000);

it('a checkExists that trusts the stored record is caught (a copied workflow gets no endpoint of its own)', async () => {
	const message = await runBroken('trustingCheckExists', 7);
	expect(message).toMatch(/cycle \d+ of 200/);
	expect(message).toMatch(/missing: \w is active but FullStory has no endpoint|FullStory's secret .* is not the stored/);
}, 120_000);
