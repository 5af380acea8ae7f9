import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { SelectionResult } from '../eventTypes/subscriptions';
import { resolveSelection, toStringList } from '../eventTypes/subscriptions';
import type { EventSubscription } from '../api/webhooks/types';

export const EVENTS_PARAMETER = 'events';
const EVENTS_LABEL = 'Events';

/** The trigger's event selection as FullStory `eventTypes`, or why it is not usable. */
export async function readTriggerSelection(context: IHookFunctions): Promise<SelectionResult> {
	return await resolveSelection(context, {
		eventsLabel: EVENTS_LABEL,
		eventsValue: context.getNodeParameter(EVENTS_PARAMETER, []),
		readParameter: (name) => context.getNodeParameter(name, []),
	});
}

/** Like readTriggerSelection, but a bad selection becomes the error shown at activation. */
export async function requireTriggerSelection(context: IHookFunctions): Promise<EventSubscription[]> {
	const selection = await readTriggerSelection(context);
	if (!selection.ok) {
		throw new NodeOperationError(context.getNode(), selection.message, { description: selection.description });
	}
	return selection.subscriptions;
}

/** The event names the trigger currently wants, for filtering deliveries. */
export function selectedEventNames(context: IWebhookFunctions): string[] {
	return toStringList(context.getNodeParameter(EVENTS_PARAMETER, [])) ?? [];
}
