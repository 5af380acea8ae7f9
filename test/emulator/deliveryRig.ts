/**
 * One emulator and one webhook receiver for a describe block: started before its tests, stopped
 * after, and set back before each test (emulator reset, receiver log emptied, receiver answering 200).
 */
import type { EmulatorOptions } from '../../emulator/server';
import { startTestEmulator, type TestEmulator } from '../helpers/emulator';
import { startReceiver, type Receiver } from './receiver';

export class DeliveryRig {
	private parts: { emulator: TestEmulator; receiver: Receiver } | undefined;

	get emulator(): TestEmulator {
		return this.started().emulator;
	}

	get receiver(): Receiver {
		return this.started().receiver;
	}

	async start(options: EmulatorOptions): Promise<void> {
		this.parts = { emulator: await startTestEmulator(options), receiver: await startReceiver() };
	}

	async stop(): Promise<void> {
		const parts = this.parts;
		this.parts = undefined;
		await parts?.emulator.stop();
		await parts?.receiver.close();
	}

	async reset(): Promise<void> {
		await this.emulator.client.reset();
		this.receiver.received.length = 0;
		this.receiver.respondWith(200);
	}

	private started(): { emulator: TestEmulator; receiver: Receiver } {
		if (this.parts === undefined) throw new Error('the delivery rig is used outside its describe block');
		return this.parts;
	}
}

/** Registers the hooks in the calling describe block; `prepare` runs after each reset. */
export function useDeliveryRig(options: EmulatorOptions = {}, prepare?: (rig: DeliveryRig) => Promise<void>): DeliveryRig {
	const rig = new DeliveryRig();
	beforeAll(async () => await rig.start(options));
	afterAll(async () => await rig.stop());
	beforeEach(async () => {
		await rig.reset();
		await prepare?.(rig);
	});
	return rig;
}
