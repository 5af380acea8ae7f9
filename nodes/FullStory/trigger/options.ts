/** The trigger's Options collection, read with defaults and checked (no casts). */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { DEFAULT_REPLAY_WINDOW_SECONDS } from '../shared/constants';
import { isRecord } from '../shared/guards';

export type OutputMode = 'event' | 'raw';

export interface TriggerOptions {
	replayWindowSeconds: number;
	expectedOrgId: string | undefined;
	emitTestEvents: boolean;
	output: OutputMode;
}

export function readTriggerOptions(context: IWebhookFunctions): TriggerOptions {
	const raw: unknown = context.getNodeParameter('options', {});
	const options: IDataObject = isRecord(raw) ? raw : {};
	const window = options.replayWindowSeconds;
	const orgId = options.expectedOrgId;
	return {
		// A negative or non-numeric window would disable the check by accident; use the default.
		replayWindowSeconds:
			typeof window === 'number' && Number.isFinite(window) && window >= 0 ? window : DEFAULT_REPLAY_WINDOW_SECONDS,
		expectedOrgId: typeof orgId === 'string' && orgId.trim() !== '' ? orgId.trim() : undefined,
		emitTestEvents: options.emitTestEvents === true,
		output: options.output === 'raw' ? 'raw' : 'event',
	};
}
