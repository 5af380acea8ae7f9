/**
 * One emulator and one webhook receiver for a describe block: started before its tests, stopped
 * after, and set back before each test (emulator reset, receiver log emptied, receiver answering 200).
 * The emulator is the shared fixture's (test/helpers/emulatorFixture.ts); the receiver is added here.
 */
import type { EmulatorOptions } from '../../emulator/server';
import type { TestEmulator } from '../helpers/emulator';
import { useTestEmulator } from '../helpers/emulatorFixture';
import { startReceiver, type Receiver } from './receiver';

export interface DeliveryRig {
	readonly emulator: TestEmulator;
	/** Throws outside the tests and hooks of the block that made the rig. */
	readonly receiver: Receiver;
}

/** Registers the hooks in the calling describe block; `prepare` runs after each reset. */
export function useDeliveryRig(options: EmulatorOptions = {}, prepare?: (rig: DeliveryRig) => Promise<void>): DeliveryRig {
	// Hooks run in the order registered: the emulator starts and resets before the receiver's hooks below.
	const emulator = useTestEmulator(options);
	let receiver: Receiver | undefined;
	const rig: DeliveryRig = {
		emulator,
		get receiver(): Receiver {
			if (receiver === undefined) throw new Error('the delivery rig is used outside its describe block');
			return receiver;
		},
	};
	beforeAll(async () => {
		receiver = await startReceiver();
	});
	afterAll(async () => {
		await receiver?.close();
		receiver = undefined;
	});
	beforeEach(async () => {
		rig.receiver.received.length = 0;
		rig.receiver.respondWith(200);
		await prepare?.(rig);
	});
	return rig;
}
