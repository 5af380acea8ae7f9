/**
 * Who receives a simulated delivery, and with which body. Without a target: every ENABLED endpoint of the
 * org subscribed to the event, where a subscription without a subcategory covers all of them and a delivery
 * without a subcategory reaches every subscription to the event. With a target: that endpoint only,
 * whatever its subscriptions (as the UI's "Test endpoint" button does, §4.8). The body is the caller's
 * `data`, else the event page's sample, else (a type added to the org's catalog) a generic payload.
 */
import { invalidArgument, requiredField } from '../errors';
import type { JsonObject } from '../guards';
import { fail, ok, type Outcome } from '../http';
import { genericPayload, samplePayload, type PayloadContext } from './payloads';
import type { EmulatorStore } from '../state/store';
import type { SubcategoryDef } from '../api/types';
import type { StoredEndpoint } from '../state/types';
import type { DeliveryRequest, DeliveryTarget } from './types';

export const TEST_EVENT = 'test';

export interface PlannedTarget {
	endpointId: string | null;
	url: string;
	secret: string;
}

export interface DeliveryPlan {
	orgId: string;
	eventName: string;
	/** The exact bytes to sign (before any deliberate tampering). */
	body: string;
	targets: PlannedTarget[];
}

function isSubscribed(endpoint: StoredEndpoint, eventName: string, subcategory: string | undefined): boolean {
	return endpoint.eventTypes.some(
		(ref) =>
			ref.eventName === eventName &&
			(subcategory === undefined || ref.subcategory === undefined || ref.subcategory === subcategory),
	);
}

function resolveTarget(store: EmulatorStore, orgId: string, target: DeliveryTarget): Outcome<PlannedTarget> {
	if (target.endpointId !== undefined) {
		const endpoint = store.findEndpoint(orgId, target.endpointId);
		if (endpoint === undefined) {
			return fail(invalidArgument(`target.endpointId "${target.endpointId}" is not an endpoint of org ${orgId}`));
		}
		return ok({ endpointId: endpoint.id, url: endpoint.url, secret: target.secret ?? endpoint.secret });
	}
	if (target.url !== undefined) {
		const endpoint = store.findEndpointByUrl(orgId, target.url);
		return ok({
			endpointId: endpoint?.id ?? null,
			url: target.url,
			secret: target.secret ?? endpoint?.secret ?? '',
		});
	}
	return fail(requiredField('target needs endpointId or url'));
}

function findSubcategory(
	store: EmulatorStore,
	orgId: string,
	request: DeliveryRequest,
): Outcome<SubcategoryDef | undefined> {
	if (request.subcategory === undefined) return ok(undefined);
	const def = store.catalog(orgId).findSubcategory(request.eventName, request.subcategory);
	if (def === undefined) {
		const { subcategory, eventName } = request;
		return fail(
			invalidArgument(`subcategory "${subcategory}" is not a subcategory of ${eventName} in org ${orgId}`),
		);
	}
	return ok(def);
}

export function planDelivery(store: EmulatorStore, request: DeliveryRequest): Outcome<DeliveryPlan> {
	const orgId = request.orgId ?? store.defaultOrgId;
	if (!store.hasOrg(orgId)) return fail(invalidArgument(`orgId "${orgId}" is not a known organization`));
	const { eventName } = request;
	const isTest = eventName === TEST_EVENT;
	if (!isTest && store.catalog(orgId).find(eventName) === undefined) {
		return fail(
			invalidArgument(`eventName "${eventName}" is not in the catalog of org ${orgId} and is not "test"`),
		);
	}
	const subcategory = findSubcategory(store, orgId, request);
	if (!subcategory.ok) return subcategory;

	let targets: PlannedTarget[];
	if (request.target !== undefined) {
		const target = resolveTarget(store, orgId, request.target);
		if (!target.ok) return target;
		targets = [target.value];
	} else if (isTest) {
		return fail(requiredField('target is required for the test event'));
	} else {
		targets = store
			.endpointsOf(orgId)
			.filter((endpoint) => endpoint.enabled && isSubscribed(endpoint, eventName, request.subcategory))
			.map(({ id, url, secret }) => ({ endpointId: id, url, secret }));
	}

	const sample = (): JsonObject => {
		const context: PayloadContext = { orgId, subcategoryName: subcategory.value?.displayName, target: targets[0]?.url };
		return samplePayload(eventName, context) ?? genericPayload(context);
	};
	const data = request.data ?? sample();
	const body = request.body ?? JSON.stringify({ eventName, version: 1, data });
	return ok({ orgId, eventName, body, targets });
}
