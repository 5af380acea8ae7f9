/**
 * Makes the trigger workflow's FullStory endpoint exist in this start's emulator.
 *
 * The emulator is in memory and starts empty, while n8n keeps the workflow published across
 * restarts without any lifecycle call: the trigger's stored endpoint id points at
 * nothing. Unpublishing (its `delete()` meets a 404, which it tolerates) and publishing again makes
 * the trigger register a fresh endpoint.
 */
import { EmulatorClient } from '../emulator/client/client';
import { DemoError, TRIGGER_TYPE } from './config';
import { isString } from '../harness/rest/guards';
import type { N8nApi, PublicationStatus, Workflow } from '../harness/rest/n8n-api';

export interface PublishedTrigger {
	/** The production webhook URL the trigger registered with FullStory. */
	url: string;
	endpointId: string;
}

function webhookIdOf(workflow: Workflow): string {
	const trigger = workflow.nodes.find((node) => node.type === TRIGGER_TYPE);
	if (trigger === undefined || !isString(trigger.webhookId)) {
		throw new DemoError(`Workflow "${workflow.name}" has no FullStory Trigger with a webhookId.`);
	}
	return trigger.webhookId;
}

function failureMessage(status: PublicationStatus): string {
	const messages = status.triggers.map((t) => t.errorMessage).filter((m): m is string => m !== null && m !== '');
	return messages.length > 0 ? messages.join('; ') : `publication status "${status.status}" without a message`;
}

/** Published on a version, or left half-way by a failed start (n8n then still reads it as active). */
function mayBeLive(workflow: Workflow, status: PublicationStatus): boolean {
	return workflow.active || (workflow.activeVersionId ?? null) !== null || status.status !== 'not_published';
}

export async function republishTrigger(api: N8nApi, workflow: Workflow, n8nBaseUrl: string, emulator: EmulatorClient): Promise<PublishedTrigger> {
	const current = await api.getWorkflow(workflow.id);
	if (mayBeLive(current, await api.publicationStatus(current.id))) await api.unpublish(current.id);
	const status = await api.publish(current.id);
	if (status.status !== 'published') {
		throw new DemoError(`n8n could not publish "${current.name}": ${failureMessage(status)}`);
	}

	// The production URL is `<N8N_WEBHOOK_URL>webhook/<webhookId>/<path>`; the trigger's path is `webhook`.
	const url = `${n8nBaseUrl}/webhook/${webhookIdOf(await api.getWorkflow(current.id))}/webhook`;
	const endpoints = (await emulator.endpoints()).filter((endpoint) => endpoint.url === url);
	const [endpoint] = endpoints;
	if (endpoints.length !== 1 || endpoint === undefined || !endpoint.enabled) {
		const found = endpoints.map((e) => `${e.id} (${e.enabled ? 'enabled' : 'disabled'})`).join(', ') || 'none';
		throw new DemoError(`"${current.name}" is published, but the emulator should hold exactly one enabled endpoint for ${url}; it holds: ${found}.`);
	}
	return { url, endpointId: endpoint.id };
}
