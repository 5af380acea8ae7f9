/**
 * The Webhook Endpoint locator's list: FullStory's endpoints, each named by what it receives and
 * where it sends it, searchable by either.
 */
import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { listEndpoints } from '../../../api/webhooks/api';
import type { WebhookEndpoint } from '../../../api/webhooks/types';
import { knownEventType } from '../../../eventTypes/catalog';

/** "Note Created, Custom Event ×2": what an endpoint receives, in words. */
function eventsInWords(endpoint: WebhookEndpoint): string {
	const counts = new Map<string, number>();
	for (const { eventName } of endpoint.eventTypes) counts.set(eventName, (counts.get(eventName) ?? 0) + 1);
	const words = [...counts].map(([eventName, count]) => {
		const name = knownEventType(eventName)?.displayName ?? eventName;
		return count > 1 ? `${name} ×${count}` : name;
	});
	return words.length > 0 ? words.join(', ') : 'no events';
}

/**
 * Host and path with long segments (n8n's webhook ids) cut to their start, and the `/webhook`
 * every n8n trigger URL ends with left out, so entries for several n8n workflows stay apart
 * within the width the editor gives them.
 */
function shortAddress(url: string): string {
	try {
		const parsed = new URL(url);
		const segments = parsed.pathname.split('/').map((segment) => (segment.length > 12 ? `${segment.slice(0, 8)}…` : segment));
		const n8nTrigger = /^\/webhook(-test)?\/[^/]+\/webhook$/.test(parsed.pathname);
		return `${parsed.host}${(n8nTrigger ? segments.slice(0, -1) : segments).join('/')}`;
	} catch {
		return url;
	}
}

export async function searchEndpoints(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const endpoints = await listEndpoints(this);
	const needle = filter?.toLowerCase() ?? '';
	return {
		results: endpoints
			.map((endpoint) => ({ endpoint, events: eventsInWords(endpoint) }))
			.filter(({ endpoint, events }) => `${endpoint.url} ${events}`.toLowerCase().includes(needle))
			.map(({ endpoint, events }) => ({
				name: `${events} → ${shortAddress(endpoint.url)}${endpoint.enabled ? '' : ' (disabled)'}`,
				value: endpoint.id,
				url: endpoint.url,
			})),
	};
}
