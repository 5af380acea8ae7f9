/**
 * The trigger's FullStory registration: `checkExists`, `create` and `delete`, as n8n calls them
 * on activation, start-up, "listen for test event" and deactivation.
 *
 * Rules that keep FullStory holding exactly one correct endpoint per n8n webhook URL:
 * - The URL is the truth, the stored id only a hint. An endpoint is ours when its URL is our
 *   webhook URL; a stored id for another URL (a copied workflow) is never touched.
 * - An existing endpoint for our URL is adopted, never duplicated: it gets a fresh secret, our
 *   event types and `disabled: false` in one update, because FullStory never returns secrets and
 *   an endpoint whose secret we do not hold cannot be verified.
 * - Static data is written only after FullStory accepted the change. `create` forgets the old
 *   record before changing anything, and `delete` clears it only after the endpoint is gone, so a
 *   failure half-way leaves a state the next call repairs.
 * - `delete` works with nothing stored (n8n calls it after a failed `create`): it finds our URL
 *   in FullStory's list, so a create whose answer was lost leaves no orphan.
 * - No copy of an n8n ever changes the original's endpoint. A record for this trigger under
 *   another n8n address (a move, or a copy of the database) leaves that endpoint alone unless the
 *   user asked for its removal, and names it at every activation (previousRegistration.ts).
 * - URLs are compared as FullStory would normalise them (endpointUrl.ts), and an endpoint made
 *   during an activation that then fails is removed before the error is raised.
 * - The record names the n8n instance and the FullStory org that registered it. A delete under a
 *   key of another org fails loudly instead of reporting a success it cannot have.
 */
import { randomBytes } from 'crypto';
import type { IHookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import {
	createEndpointUnlessTaken,
	deleteEndpointIfPresent,
	findEndpoint,
	listEndpoints,
	updateEndpoint,
} from '../../api/webhooks/api';
import { getKeyIdentity } from '../../api/account/me';
import { pointsAtFullStory } from '../../transport/baseUrl';
import { CREDENTIAL_TYPE } from '../../transport/policy';
import { sameSubscriptions } from '../../eventTypes/subscriptions';
import type { EventSubscription, WebhookEndpoint } from '../../api/webhooks/types';
import { readTriggerOptions } from '../options';
import { sameEndpointUrl, urlForLog } from './endpointUrl';
import type { PreviousRegistration } from './previousRegistration';
import {
	classifyRecord,
	leftBehindText,
	logOtherRegistration,
	mayRemovePrevious,
	noteOf,
	otherOrgError,
	otherOrgOf,
	removePreviousEndpoint,
	warnEndpointStaysInOtherOrg,
} from './previousRegistration';
import type { EndpointNote, EndpointRecord } from './staticData';
import {
	clearEndpointRecord,
	readEndpointRecord,
	readPreviousEndpoint,
	writeEndpointRecord,
	writePreviousEndpoint,
} from './staticData';
import { readTriggerSelection, requireTriggerSelection } from '../subscriptionParameters';
import { PUBLIC_URL_HELP, unreachableReason } from './webhookUrl';

const SECRET_BYTES = 32;

function requireWebhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (url === undefined || url === '') {
		throw new NodeOperationError(context.getNode(), 'n8n did not provide a webhook URL for this trigger', {
			description: 'Save the workflow and try again. If it persists, check N8N_WEBHOOK_URL.',
		});
	}
	return url;
}

async function endpointsWithUrl(context: IHookFunctions, url: string): Promise<WebhookEndpoint[]> {
	const endpoints = await listEndpoints(context);
	return endpoints.filter((endpoint) => sameEndpointUrl(endpoint.url, url));
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const url = requireWebhookUrl(this);
	const record = readEndpointRecord(this.getWorkflowStaticData('node'));
	// A stored record for another URL belongs to another registration (a copied workflow, or a
	// changed N8N_WEBHOOK_URL); create() makes ours without touching it.
	if (record === undefined || !sameEndpointUrl(record.endpointUrl, url)) return false;
	const selection = await readTriggerSelection(this);
	// An invalid selection is reported by create(), with the reason.
	if (!selection.ok) return false;

	const endpoint = await findEndpoint(this, record.endpointId);
	if (endpoint === undefined) return false;
	const registered =
		sameEndpointUrl(endpoint.url, url) && endpoint.enabled && sameSubscriptions(endpoint.eventTypes, selection.subscriptions);
	// Otherwise create() runs next and says it.
	const note = readPreviousEndpoint(this.getWorkflowStaticData('node'));
	if (registered && note !== undefined) await remindOfPreviousEndpoint(this, note, url);
	return registered;
}

/**
 * Names the endpoint left at a previous address at every activation, for as long as FullStory
 * still holds it there; once it is gone (deleted by hand), the note is dropped.
 */
async function remindOfPreviousEndpoint(context: IHookFunctions, note: EndpointNote, url: string): Promise<void> {
	const endpoint = await findEndpoint(context, note.endpointId);
	if (endpoint === undefined || !sameEndpointUrl(endpoint.url, note.endpointUrl)) {
		writePreviousEndpoint(context.getWorkflowStaticData('node'), undefined);
		return;
	}
	context.logger.warn(leftBehindText(note, url, 'it may still be in use'));
}

/** Makes `endpoint` ours: a new secret, our event types, enabled. */
async function adopt(
	context: IHookFunctions,
	endpoint: WebhookEndpoint,
	subscriptions: EventSubscription[],
	secret: string,
): Promise<WebhookEndpoint> {
	context.logger.info('Adopting the existing FullStory endpoint for this webhook URL', { endpointId: endpoint.id });
	return await updateEndpoint(context, endpoint.id, { eventTypes: subscriptions, secret, disabled: false });
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const url = requireWebhookUrl(this);
	const credentials = await this.getCredentials(CREDENTIAL_TYPE);
	const unreachable = pointsAtFullStory(credentials) ? unreachableReason(url) : undefined;
	if (unreachable !== undefined) {
		throw new NodeOperationError(this.getNode(), `FullStory cannot reach this trigger's URL ${urlForLog(url)}: ${unreachable}`, {
			description: PUBLIC_URL_HELP,
		});
	}
	// Checked against FullStory's live catalog; nothing has been changed yet when it is refused.
	const subscriptions = await requireTriggerSelection(this);

	const { orgId } = await getKeyIdentity(this);
	const instanceId = this.getInstanceId();
	const secret = randomBytes(SECRET_BYTES).toString('hex');
	const staticData = this.getWorkflowStaticData('node');
	const previous = readEndpointRecord(staticData);
	// From here on FullStory may end up holding the new secret even if this call fails (an answer
	// lost after the change was applied). A stored record would then name a secret FullStory no
	// longer uses, and the next checkExists would trust it; without one, the next activation
	// adopts the endpoint again and delete() still finds it by URL.
	clearEndpointRecord(staticData);
	const leftBehind = previous === undefined ? undefined : settleBeforeCreate(this, previous, url, orgId);
	const note = leftBehind ?? readPreviousEndpoint(staticData);
	writePreviousEndpoint(staticData, note === undefined ? undefined : await settleNote(this, note, url, instanceId));
	const [existing, ...duplicates] = await endpointsWithUrl(this, url);
	let endpoint: WebhookEndpoint;
	if (existing !== undefined) {
		endpoint = await adopt(this, existing, subscriptions, secret);
		// Only earlier faulty registrations can leave more than one; each would double deliveries.
		for (const duplicate of duplicates) await deleteEndpointIfPresent(this, duplicate.id);
	} else {
		const created = await createEndpointUnlessTaken(this, { url, eventTypes: subscriptions, secret });
		if (created.result === 'created') {
			endpoint = created.endpoint;
		} else {
			// 'taken': another registration of this URL got there between our list and our create.
			// 'unknown': the answer was lost; FullStory may have created it. Either way, look again.
			const [found] = await endpointsWithUrl(this, url);
			if (found === undefined && created.result === 'unknown') throw created.error;
			if (found === undefined) {
				throw new NodeOperationError(this.getNode(), 'FullStory says an endpoint for this URL exists but does not list it', {
					description: 'Deactivate and activate the workflow again. If it persists, remove the endpoint for this URL in FullStory.',
				});
			}
			endpoint = await adopt(this, found, subscriptions, secret);
		}
	}

	if (!sameEndpointUrl(endpoint.url, url)) {
		// Enabled, with a secret only this call knows: removed before the error, or it is an orphan.
		await deleteEndpointIfPresent(this, endpoint.id);
		throw new NodeOperationError(this.getNode(), 'FullStory registered a different URL than the one sent', {
			description: `Sent ${urlForLog(url)}, FullStory answered ${urlForLog(endpoint.url)}; that endpoint was removed again. Check N8N_WEBHOOK_URL, then publish the workflow again.`,
		});
	}
	writeEndpointRecord(staticData, {
		endpointId: endpoint.id,
		endpointSecret: secret,
		endpointUrl: url,
		subscriptions,
		instanceId,
		orgId,
	});
	return true;
}

/**
 * Before registering: the endpoint the previous record leaves at another address, if any, to
 * settle with the note (settleNote). The same URL (new events, a new key) or another registration
 * leaves nothing; an endpoint in another org is only named.
 */
function settleBeforeCreate(context: IHookFunctions, previous: EndpointRecord, url: string, orgId: string): EndpointNote | undefined {
	const kind = classifyRecord(previous, url);
	if (kind === 'otherRegistration') {
		logOtherRegistration(context, previous, url);
		return undefined;
	}
	if (otherOrgOf(previous, orgId) !== undefined) {
		warnEndpointStaysInOtherOrg(context, previous, orgId);
		return undefined;
	}
	return kind === 'elsewhere' ? noteOf(previous) : undefined;
}

/**
 * The endpoint left at a previous address: removed when the user asked for it (and this instance
 * recorded it), otherwise named at warn. Returns the note to keep: none once it is removed.
 * Activation goes on whatever happens here, because receiving at the new URL matters most.
 */
async function settleNote(context: IHookFunctions, note: EndpointNote, url: string, instanceId: string): Promise<EndpointNote | undefined> {
	const permission = mayRemovePrevious(note, instanceId, readTriggerOptions(context).removePreviousEndpoint);
	if (!permission.allowed) {
		context.logger.warn(leftBehindText(note, url, permission.why));
		return note;
	}
	try {
		await removePreviousEndpoint(context, note, url);
		return undefined;
	} catch {
		// Logged at warn with id and URL by removePreviousEndpoint; named again at the next activation.
		return note;
	}
}

/** The org check costs a `GET /me`, so it runs only when the record would be acted on. */
async function requireSameOrg(context: IHookFunctions, record: EndpointRecord): Promise<void> {
	if (record.orgId === undefined) return;
	const { orgId } = await getKeyIdentity(context);
	if (otherOrgOf(record, orgId) !== undefined) throw otherOrgError(context, record, orgId);
}

/** What delete() does with the stored record: delete it, remove it from a previous address, or leave it. */
async function settleRecordOnDelete(
	context: IHookFunctions,
	record: EndpointRecord,
	kind: PreviousRegistration,
	url: string,
): Promise<void> {
	if (kind === 'otherRegistration') {
		logOtherRegistration(context, record, url);
		return;
	}
	const note = noteOf(record);
	if (kind === 'elsewhere') {
		const permission = mayRemovePrevious(note, context.getInstanceId(), readTriggerOptions(context).removePreviousEndpoint);
		if (!permission.allowed) {
			context.logger.warn(leftBehindText(note, url, permission.why));
			// Kept, so the next publish names it again.
			writePreviousEndpoint(context.getWorkflowStaticData('node'), note);
			return;
		}
	}
	await requireSameOrg(context, record);
	// The usual case: our stored endpoint, deleted by id.
	if (kind === 'current') await deleteEndpointIfPresent(context, record.endpointId);
	// A failure throws and keeps the record, so the next delete or create tries again.
	else await removePreviousEndpoint(context, note, url);
}

export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const url = this.getNodeWebhookUrl('default');
	const record = readEndpointRecord(staticData);
	if (record !== undefined && url !== undefined && url !== '') {
		await settleRecordOnDelete(this, record, classifyRecord(record, url), url);
	}

	// Always, also after a delete by id: a stale id, a lost create, or a retried delete whose 404
	// may not have been ours must not leave an endpoint for this URL behind.
	if (url !== undefined && url !== '') {
		for (const endpoint of await endpointsWithUrl(this, url)) await deleteEndpointIfPresent(this, endpoint.id);
	}
	clearEndpointRecord(staticData);
	return true;
}
