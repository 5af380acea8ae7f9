/** The trigger's Options collection: its description, and its reader (defaults, checked, no casts). */
import type { IDataObject, IHookFunctions, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { isRecord } from '../transport/guards';

/** Default replay window for the signature timestamp, in seconds. */
export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * When n8n answers an accepted delivery. n8n reads the webhook's `responseMode` from the node's
 * description, so the choice reaches it as an expression over this option: "when finished" is
 * n8n's `lastNode` mode (200 after success, 500 when the execution failed or died, which FullStory
 * retries), "immediately" its `onReceived` mode.
 */
const RESPOND_OPTION = 'respond';
export const RESPONSE_MODE_EXPRESSION = `={{ $parameter["options"]["${RESPOND_OPTION}"] === "whenFinished" ? "lastNode" : "onReceived" }}`;

/** Named in the warnings about an endpoint left at a previous n8n address. */
export const REMOVE_PREVIOUS_OPTION = 'Remove Endpoint at Previous Address';

/** Named in the log line of a stale or future delivery, so the user knows what to widen. */
export const REPLAY_WINDOW_OPTION = 'Replay Window (Seconds)';

export const triggerOptionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Expected Organization ID',
			name: 'expectedOrgId',
			type: 'string',
			default: '',
			placeholder: 'o-1ABCDE-na1',
			description:
				'Reject deliveries whose signature names another FullStory organization. Empty: accept any organization whose signature matches this endpoint\'s secret.',
		},
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			options: [
				{
					name: 'Event Fields',
					value: 'event',
					description: 'One item with eventName, version, eventKey and the event\'s fields',
				},
				{
					name: 'Raw Envelope With Headers',
					value: 'raw',
					description:
						'The body as FullStory sent it and its content type and length, user agent and FullStory headers (never the signature, cookies or credentials)',
				},
			],
			default: 'event',
			description: 'The shape of the output item',
		},
		{
			displayName: REMOVE_PREVIOUS_OPTION,
			name: 'removePreviousEndpoint',
			type: 'boolean',
			default: false,
			description:
				"Whether publishing deletes the FullStory endpoint this trigger registered under a previous n8n address (after N8N_WEBHOOK_URL changed). Off: it is left alone and named in n8n's log. Turn it on for one publish after a move, then off again: a copy of this n8n started elsewhere (a staging instance from a backup) with it on would delete the original's endpoint, and the original would stop receiving events.",
		},
		{
			displayName: REPLAY_WINDOW_OPTION,
			name: 'replayWindowSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: DEFAULT_REPLAY_WINDOW_SECONDS,
			description:
				'Reject deliveries whose signature timestamp is further than this from now (seconds or milliseconds are both understood). 0 turns the check off.',
		},
		{
			displayName: 'Respond to FullStory',
			name: RESPOND_OPTION,
			type: 'options',
			options: [
				{
					name: 'Immediately',
					value: 'immediately',
					description:
						'Answer 200 as soon as the delivery is verified. Fastest, but an execution that dies (n8n or a queue-mode worker killed) is lost: at most once.',
				},
				{
					name: 'When the Workflow Has Finished',
					value: 'whenFinished',
					description:
						'Answer after the workflow ran: 200 when it succeeded, an error when it failed or died, so FullStory retries it. At least once: drop repeats by eventKey.',
				},
			],
			default: 'immediately',
			description: 'When FullStory gets its answer, which decides whether a lost execution is retried',
		},
		{
			displayName: 'Run on Test Events',
			name: 'emitTestEvents',
			type: 'boolean',
			default: false,
			description:
				'Whether the "test" event from FullStory\'s "Test endpoint" button starts the workflow. When off, it is answered with 200 and nothing runs.',
		},
	],
};

export type OutputMode = 'event' | 'raw';

export interface TriggerOptions {
	removePreviousEndpoint: boolean;
	replayWindowSeconds: number;
	expectedOrgId: string | undefined;
	emitTestEvents: boolean;
	output: OutputMode;
}

/** Read in the webhook (every delivery) and in the registration hooks (activation). */
export function readTriggerOptions(context: IWebhookFunctions | IHookFunctions): TriggerOptions {
	const raw: unknown = context.getNodeParameter('options', {});
	const options: IDataObject = isRecord(raw) ? raw : {};
	const window = options.replayWindowSeconds;
	const orgId = options.expectedOrgId;
	return {
		removePreviousEndpoint: options.removePreviousEndpoint === true,
		// A negative or non-numeric window would disable the check by accident; use the default.
		replayWindowSeconds:
			typeof window === 'number' && Number.isFinite(window) && window >= 0 ? window : DEFAULT_REPLAY_WINDOW_SECONDS,
		expectedOrgId: typeof orgId === 'string' && orgId.trim() !== '' ? orgId.trim() : undefined,
		emitTestEvents: options.emitTestEvents === true,
		output: options.output === 'raw' ? 'raw' : 'event',
	};
}
