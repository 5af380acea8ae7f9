/** Everything one running emulator holds, created once per server and shared by the API and control routes. */
import { setMaxListeners } from 'node:events';

import { DeliveryTracker } from '../deliveries/deliveryTracker';
import { FaultQueue } from './faults';
import { REQUEST_LOG_LIMITS } from './requestLog';
import { SeqLog } from './seqLog';
import { EmulatorStore, type StoreSeed } from './store';
import type { DeliveryLogEntry } from '../deliveries/types';
import type { RequestLogEntry } from './types';

export interface EmulatorContext {
	store: EmulatorStore;
	faults: FaultQueue;
	/** Every public API call, bounded in bytes (requestLog.ts). */
	requests: SeqLog<RequestLogEntry>;
	/** One entry per delivery attempt. */
	deliveries: SeqLog<DeliveryLogEntry>;
	/** Each delivery's state until it settles, and its pending retries. */
	tracker: DeliveryTracker;
	/** Aborted on close: ends hung requests, and (through the tracker) every delivery in progress. */
	closing: AbortController;
	baseUrl: string;
}

export function createContext(seed: StoreSeed): EmulatorContext {
	const closing = new AbortController();
	// Every hung request listens on this one signal; many at once is by design, not a leak.
	setMaxListeners(0, closing.signal);
	const tracker = new DeliveryTracker();
	closing.signal.addEventListener('abort', () => tracker.close(), { once: true });
	return {
		store: new EmulatorStore(seed),
		faults: new FaultQueue(),
		requests: new SeqLog<RequestLogEntry>(REQUEST_LOG_LIMITS),
		deliveries: new SeqLog<DeliveryLogEntry>(),
		tracker,
		closing,
		baseUrl: '',
	};
}

/** Back to the seed: keys given at start-up stay, everything else is forgotten, deliveries in progress cancelled. */
export function resetContext(context: EmulatorContext): void {
	context.tracker.cancelAll();
	context.store.reset();
	context.faults.clear();
	context.requests.clear();
	context.deliveries.clear();
}
