/**
 * What to do with a stored endpoint record that is not for the URL n8n gives the trigger now.
 *
 * - `moved`: this same n8n instance registered the same webhook path under another origin, so
 *   N8N_WEBHOOK_URL changed (a domain move, http to https). FullStory would otherwise keep
 *   delivering to the old address, enabled, with a secret nobody else holds: it is removed,
 *   after checking FullStory still holds it for the stored URL.
 * - `otherInstance`: another n8n instance wrote it (a workflow exported with its static data and
 *   imported elsewhere). Its endpoint belongs to that instance and is never touched, only logged.
 * - `unknownInstance`: a record from before instances were recorded; left alone, logged at warn
 *   with what a user may have to delete by hand.
 * - `otherRegistration`: another webhook path (a copied workflow, or the test URL beside the
 *   production one): a separate registration that is none of this call's business.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deleteEndpointIfPresent, findEndpoint } from '../../api/webhooks/api';
import { toNodeError } from '../../transport/errors';
import type { EndpointRecord } from './staticData';

export type PreviousRegistration = 'current' | 'moved' | 'otherInstance' | 'unknownInstance' | 'otherRegistration';

function parseUrl(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** Same path, other origin: what an N8N_WEBHOOK_URL change does to a webhook URL. */
export function isMovedUrl(storedUrl: string, currentUrl: string): boolean {
	const stored = parseUrl(storedUrl);
	const current = parseUrl(currentUrl);
	return (
		stored !== undefined &&
		current !== undefined &&
		stored.origin !== current.origin &&
		`${stored.pathname}${stored.search}` === `${current.pathname}${current.search}`
	);
}

export function classifyRecord(record: EndpointRecord, url: string, instanceId: string): PreviousRegistration {
	if (record.endpointUrl === url) return 'current';
	if (!isMovedUrl(record.endpointUrl, url)) return 'otherRegistration';
	if (record.instanceId === undefined) return 'unknownInstance';
	return record.instanceId === instanceId ? 'moved' : 'otherInstance';
}

/** Which FullStory org holds the recorded endpoint, when the credential now belongs to another. */
export function otherOrgOf(record: EndpointRecord, currentOrgId: string): string | undefined {
	return record.orgId !== undefined && record.orgId !== currentOrgId ? record.orgId : undefined;
}

export function otherOrgError(context: IHookFunctions, record: EndpointRecord, currentOrgId: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`FullStory endpoint ${record.endpointId} (${record.endpointUrl}) is in FullStory org ${record.orgId ?? 'unknown'}, but this credential's key belongs to org ${currentOrgId}`,
		{
			description: `The endpoint was not deleted and keeps delivering. Put an Admin or Architect key of org ${record.orgId ?? 'unknown'} back into the credential and unpublish again, or delete the endpoint in that org (FullStory > Settings > Integrations > Webhooks).`,
		},
	);
}

export function warnEndpointStaysInOtherOrg(context: IHookFunctions, record: EndpointRecord, currentOrgId: string): void {
	context.logger.warn(
		`FullStory Trigger: endpoint ${record.endpointId} (${record.endpointUrl}) stays in FullStory org ${record.orgId ?? 'unknown'}; this credential's key belongs to org ${currentOrgId}. Delete it in that org if it is no longer used.`,
	);
}

/** Logs what is left alone, so a user can find it; nothing is changed in FullStory. */
export function logLeftAlone(context: IHookFunctions, record: EndpointRecord, kind: PreviousRegistration, url: string): void {
	if (kind === 'otherInstance') {
		context.logger.info(
			`FullStory Trigger: the stored endpoint ${record.endpointId} (${record.endpointUrl}) was registered by another n8n instance (a workflow imported with its static data); it is left alone, and ${url} gets its own endpoint`,
		);
	} else if (kind === 'unknownInstance') {
		context.logger.warn(
			`FullStory Trigger: endpoint ${record.endpointId} (${record.endpointUrl}) was registered for this webhook under another address; it was recorded without an n8n instance id, so it is left alone. If that address is no longer yours, delete the endpoint in FullStory.`,
		);
	}
}

/**
 * Removes the endpoint of a moved n8n, if FullStory still holds it for the stored URL. Throws
 * when FullStory could not be asked or could not delete it; the message names id and URL.
 */
export async function retireMovedEndpoint(context: IHookFunctions, record: EndpointRecord, url: string): Promise<void> {
	const where = `endpoint ${record.endpointId} (${record.endpointUrl})`;
	try {
		const endpoint = await findEndpoint(context, record.endpointId);
		if (endpoint === undefined) return;
		if (endpoint.url !== record.endpointUrl) {
			context.logger.warn(
				`FullStory Trigger: ${where} now delivers to ${endpoint.url}, so it is no longer this trigger's and is left alone`,
			);
			return;
		}
		await deleteEndpointIfPresent(context, record.endpointId);
		context.logger.info(`FullStory Trigger: n8n's webhook URL moved to ${url}; removed the old ${where}`);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		context.logger.warn(
			`FullStory Trigger: could not remove ${where} after n8n's webhook URL moved to ${url}: ${reason}. It may still deliver to the old address; delete it in FullStory if it stays.`,
		);
		throw toNodeError(context.getNode(), error);
	}
}
