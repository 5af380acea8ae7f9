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
 * - The record names the n8n instance and the FullStory org that registered it. A record for this
 *   webhook under another origin, written by this instance, means n8n moved: the old endpoint is
 *   removed (previousRegistration.ts). A delete under a key of another org fails loudly instead
 *   of reporting a success it cannot have.
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
import type { PreviousRegistration } from './previousRegistration';
import {
	classifyRecord,
	logLeftAlone,
	otherOrgError,
	otherOrgOf,
	retireMovedEndpoint,
	warnEndpointStaysInOtherOrg,
} from './previousRegistration';
import type { EndpointRecord } from './staticData';
import { clearEndpointRecord, readEndpointRecord, writeEndpointRecord } from './staticData';
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
	return endpoints.filter((endpoint) => endpoint.url === url);
}

export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const url = requireWebhookUrl(this);
	const record = readEndpointRecord(this.getWorkflowStaticData('node'));
	// A stored record for another URL belongs to another registration (a copied workflow, or a
	// changed N8N_WEBHOOK_URL); create() makes ours without touching it.
	if (record === undefined || record.endpointUrl !== url) return false;
	const selection = await readTriggerSelection(this);
	// An invalid selection is reported by create(), with the reason.
	if (!selection.ok) return false;

	const endpoint = await findEndpoint(this, record.endpointId);
	if (endpoint === undefined) return false;
	return endpoint.url === url && endpoint.enabled && sameSubscriptions(endpoint.eventTypes, selection.subscriptions);
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
		throw new NodeOperationError(this.getNode(), `FullStory cannot reach this trigger's URL ${url}: ${unreachable}`, {
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
	if (previous !== undefined) await settleBeforeCreate(this, previous, url, instanceId, orgId);
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

	if (endpoint.url !== url) {
		throw new NodeOperationError(this.getNode(), 'FullStory registered a different URL than the one sent', {
			description: `Sent ${url}, FullStory answered ${endpoint.url}. Deactivate and activate the workflow again.`,
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
 * Before registering: what the previous record leaves to do. Activation goes on whatever happens
 * here, because receiving at the new URL matters most; what cannot be removed is logged at warn.
 */
async function settleBeforeCreate(
	context: IHookFunctions,
	previous: EndpointRecord,
	url: string,
	instanceId: string,
	orgId: string,
): Promise<void> {
	const kind = classifyRecord(previous, url, instanceId);
	if ((kind === 'current' || kind === 'moved') && otherOrgOf(previous, orgId) !== undefined) {
		warnEndpointStaysInOtherOrg(context, previous, orgId);
		return;
	}
	if (kind === 'moved') {
		// Logged at warn with id and URL by retireMovedEndpoint.
		await retireMovedEndpoint(context, previous, url).catch(() => undefined);
		return;
	}
	logLeftAlone(context, previous, kind, url);
}

/** The org check costs a `GET /me`, so it runs only when the record would be acted on. */
async function requireSameOrg(context: IHookFunctions, record: EndpointRecord, kind: PreviousRegistration): Promise<void> {
	if (record.orgId === undefined || (kind !== 'current' && kind !== 'moved')) return;
	const { orgId } = await getKeyIdentity(context);
	if (otherOrgOf(record, orgId) !== undefined) throw otherOrgError(context, record, orgId);
}

export async function deleteWebhook(this: IHookFunctions): Promise<boolean> {
	const staticData = this.getWorkflowStaticData('node');
	const url = this.getNodeWebhookUrl('default');
	const record = readEndpointRecord(staticData);
	const kind = record !== undefined && url !== undefined ? classifyRecord(record, url, this.getInstanceId()) : undefined;

	if (record !== undefined && url !== undefined && kind !== undefined) {
		await requireSameOrg(this, record, kind);
		// The usual case: our stored endpoint, deleted by id.
		if (kind === 'current') await deleteEndpointIfPresent(this, record.endpointId);
		// A failure throws and keeps the record, so the next delete or create tries again.
		else if (kind === 'moved') await retireMovedEndpoint(this, record, url);
		else logLeftAlone(this, record, kind, url);
	}

	// Always, also after a delete by id: a stale id, a lost create, or a retried delete whose 404
	// may not have been ours must not leave an endpoint for this URL behind.
	if (url !== undefined && url !== '') {
		for (const endpoint of await endpointsWithUrl(this, url)) await deleteEndpointIfPresent(this, endpoint.id);
	}
	clearEndpointRecord(staticData);
	return true;
}
