/**
 * What to do with a stored endpoint record that is not for the URL n8n gives the trigger now.
 *
 * - `elsewhere`: the same trigger (same webhook id and path, both production or both test) under
 *   another n8n address: another origin, another path prefix, or both. Either n8n moved
 *   (N8N_WEBHOOK_URL changed), or this is a copy of an n8n (a staging instance built from a
 *   production database, a disaster-recovery restore, a copied `.env`) whose original still
 *   receives at the old address. Data cannot tell the two apart: n8n 2.x keeps its instance id in
 *   the database, so a copy has the original's. Removing the old endpoint would silently stop the
 *   original, so by default it is left alone and the user is told, at every activation, its id,
 *   its URL and the two ways to remove it. Only with Options > Remove Endpoint at Previous Address
 *   on, and only when this n8n instance recorded it, is it removed.
 * - `otherRegistration`: another webhook path (a copied workflow, or the test URL beside the
 *   production one): a separate registration that is none of this call's business.
 */
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { deleteEndpointIfPresent, findEndpoint } from '../../api/webhooks/api';
import { toNodeError } from '../../transport/errors';
import { REMOVE_PREVIOUS_OPTION } from '../options';
import { isSameTriggerElsewhere, sameEndpointUrl, urlForLog } from './endpointUrl';
import type { EndpointNote, EndpointRecord } from './staticData';

export type PreviousRegistration = 'current' | 'elsewhere' | 'otherRegistration';

export function classifyRecord(record: EndpointRecord, url: string): PreviousRegistration {
	if (sameEndpointUrl(record.endpointUrl, url)) return 'current';
	return isSameTriggerElsewhere(record.endpointUrl, url) ? 'elsewhere' : 'otherRegistration';
}

export type RemovalPermission = { allowed: true } | { allowed: false; why: string };

/** The endpoint a record names, as a note to keep if it is left alone. */
export function noteOf(record: EndpointRecord): EndpointNote {
	const note: EndpointNote = { endpointId: record.endpointId, endpointUrl: record.endpointUrl };
	if (record.instanceId !== undefined) note.instanceId = record.instanceId;
	return note;
}

/** Removing an endpoint at a previous address needs the user's option and this instance's record. */
export function mayRemovePrevious(note: EndpointNote, instanceId: string, optionOn: boolean): RemovalPermission {
	if (!optionOn) {
		return { allowed: false, why: `Options > ${REMOVE_PREVIOUS_OPTION} is off` };
	}
	if (note.instanceId !== instanceId) {
		return {
			allowed: false,
			why:
				note.instanceId === undefined
					? 'it was recorded without an n8n instance id'
					: 'another n8n instance recorded it (a workflow imported with its static data)',
		};
	}
	return { allowed: true };
}

/** Which FullStory org holds the recorded endpoint, when the credential now belongs to another. */
export function otherOrgOf(record: EndpointRecord, currentOrgId: string): string | undefined {
	return record.orgId !== undefined && record.orgId !== currentOrgId ? record.orgId : undefined;
}

export function otherOrgError(context: IHookFunctions, record: EndpointRecord, currentOrgId: string): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`FullStory endpoint ${record.endpointId} (${urlForLog(record.endpointUrl)}) is in FullStory org ${record.orgId ?? 'unknown'}, but this credential's key belongs to org ${currentOrgId}`,
		{
			description: `The endpoint was not deleted and keeps delivering. Put an Admin or Architect key of org ${record.orgId ?? 'unknown'} back into the credential and unpublish again, or delete the endpoint in that org (FullStory > Settings > Integrations > Webhooks).`,
		},
	);
}

export function warnEndpointStaysInOtherOrg(context: IHookFunctions, record: EndpointRecord, currentOrgId: string): void {
	context.logger.warn(
		`FullStory Trigger: endpoint ${record.endpointId} (${urlForLog(record.endpointUrl)}) stays in FullStory org ${record.orgId ?? 'unknown'}; this credential's key belongs to org ${currentOrgId}. Delete it in that org if it is no longer used.`,
	);
}

/** The warning for an endpoint left at a previous address: which one, why, and how to remove it. */
export function leftBehindText(note: EndpointNote, url: string, why: string): string {
	return (
		`FullStory Trigger: FullStory endpoint ${note.endpointId} (${urlForLog(note.endpointUrl)}) was registered for this trigger under another n8n address; this trigger now receives at ${urlForLog(url)}. ` +
		`The old endpoint was left alone (${why}), because a copy of an n8n (a staging instance from a backup, a restore) cannot be told apart from a move, and removing it would stop the original from receiving events. ` +
		`If no n8n uses that address any more, remove it in one of two ways: turn on Options > ${REMOVE_PREVIOUS_OPTION} and publish the workflow again (then turn it off), ` +
		`or delete endpoint ${note.endpointId} in FullStory (Settings > Integrations > Webhooks, or the FullStory node's Webhook Endpoint > Delete).`
	);
}

/** Logs a registration that is not this trigger's (another path); nothing is changed in FullStory. */
export function logOtherRegistration(context: IHookFunctions, record: EndpointRecord, url: string): void {
	context.logger.debug(
		`FullStory Trigger: the stored endpoint ${record.endpointId} (${urlForLog(record.endpointUrl)}) is another registration than ${urlForLog(url)}; it is left alone`,
	);
}

/**
 * Removes the endpoint registered at a previous address, if FullStory still holds it for the
 * stored URL. Throws when FullStory could not be asked or could not delete it; the message names
 * id and URL.
 */
export async function removePreviousEndpoint(context: IHookFunctions, note: EndpointNote, url: string): Promise<void> {
	const where = `endpoint ${note.endpointId} (${urlForLog(note.endpointUrl)})`;
	try {
		const endpoint = await findEndpoint(context, note.endpointId);
		if (endpoint === undefined) return;
		if (!sameEndpointUrl(endpoint.url, note.endpointUrl)) {
			context.logger.warn(
				`FullStory Trigger: ${where} now delivers to ${urlForLog(endpoint.url)}, so it is no longer this trigger's and is left alone`,
			);
			return;
		}
		await deleteEndpointIfPresent(context, note.endpointId);
		context.logger.info(
			`FullStory Trigger: removed ${where}, registered under a previous n8n address (Options > ${REMOVE_PREVIOUS_OPTION}); this trigger receives at ${urlForLog(url)}`,
		);
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		context.logger.warn(
			`FullStory Trigger: could not remove ${where}, registered under a previous n8n address: ${reason}. It may still deliver to the old address; delete it in FullStory if it stays.`,
		);
		throw toNodeError(context.getNode(), error);
	}
}
