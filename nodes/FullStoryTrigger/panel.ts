/**
 * What the trigger's panel in the editor says: what registration does, that the test URL gets
 * its own temporary endpoint, and how to fire a test event. It replaces a notice that showed on
 * every instance, even a correctly configured one; the address check itself runs at activation.
 */
import type { TriggerPanelDefinition } from 'n8n-workflow';

const TEST_EVENT_HOW =
	'Send one from FullStory: create a note on a session, or let an alert fire. With the local emulator, run <code>npm run deliver -- note.created</code>.';

export const TRIGGER_PANEL: TriggerPanelDefinition = {
	header: 'Pull in events from FullStory',
	executionsHelp: {
		inactive: `<b>While building your workflow</b>, click 'Execute step' and then send a test event. n8n registers a temporary FullStory endpoint for this trigger's test URL, takes one event, and removes the endpoint again. ${TEST_EVENT_HOW}<br /><br /><b>Once you're happy with your workflow</b>, publish it. n8n then registers the production URL with FullStory, and every event starts an execution, listed under Executions.`,
		active: `<b>This workflow is published</b>: FullStory sends the chosen events to its production URL, and every event starts an execution, listed under Executions.<br /><br /><b>To try a change</b>, click 'Execute step': the test URL gets its own temporary FullStory endpoint beside the production one. ${TEST_EVENT_HOW}`,
	},
	activationHint: {
		active: 'FullStory holds one endpoint for this workflow, which n8n removes when you unpublish it.',
		inactive:
			"Publishing registers one FullStory endpoint for this workflow and unpublishing removes it. FullStory must reach this n8n: N8N_WEBHOOK_URL must be n8n's public HTTPS address.",
	},
};
