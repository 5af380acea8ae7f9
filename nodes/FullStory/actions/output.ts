import type { IDataObject } from 'n8n-workflow';

import type { WebhookEndpoint } from '../../api/webhooks/types';

/** An endpoint as an output item: FullStory's documented fields, in a fixed order. */
export function endpointItem(endpoint: WebhookEndpoint): IDataObject {
	return {
		id: endpoint.id,
		url: endpoint.url,
		enabled: endpoint.enabled,
		eventTypes: endpoint.eventTypes.map(({ eventName, subcategory }) =>
			subcategory === undefined ? { eventName } : { eventName, subcategory },
		),
		...(endpoint.created !== undefined ? { created: endpoint.created } : {}),
		...(endpoint.modified !== undefined ? { modified: endpoint.modified } : {}),
	};
}
