/**
 * The action node's canvas subtitle in words ("Get many event types"), taken from each
 * operation's `action` text, so it cannot drift from the operations the node offers.
 */
import type { INodeProperties } from 'n8n-workflow';

import { isRecord } from '../../transport/guards';

function resourcesOf(property: INodeProperties): string[] {
	const shown = property.displayOptions?.show?.resource;
	return Array.isArray(shown) ? shown.filter((value): value is string => typeof value === 'string') : [];
}

export function operationSubtitle(properties: INodeProperties[]): string {
	const actions: Record<string, string> = {};
	for (const property of properties.filter((candidate) => candidate.name === 'operation')) {
		for (const option of property.options ?? []) {
			if (!isRecord(option) || typeof option.value !== 'string' || typeof option.action !== 'string') continue;
			for (const resource of resourcesOf(property)) actions[`${resource}:${option.value}`] = option.action;
		}
	}
	return `={{ (${JSON.stringify(actions)})[$parameter["resource"] + ":" + $parameter["operation"]] }}`;
}
