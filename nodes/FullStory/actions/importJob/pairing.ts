/**
 * Which input item each failure of an import job belongs to. FullStory lists a failed item with
 * the request it failed (docs/fullstory-server-api.md §3.3), not its position, so a failure is
 * paired with the request it repeats: the same JSON (keys in any order), or, if FullStory
 * normalised it, the same uid (users) or the same name, timestamp and user (events). Each request
 * takes at most one failure; a failure that matches none is reported as unpaired.
 */
import type { IDataObject } from 'n8n-workflow';

import type { ImportError, ImportKind } from '../../../api/importJobs/types';
import { isRecord } from '../../../transport/guards';

function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (isRecord(value)) {
		return `{${Object.keys(value)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/** A looser key for a request FullStory may have echoed back normalised. */
function identity(kind: ImportKind, request: IDataObject): string | undefined {
	if (kind === 'users') return typeof request.uid === 'string' ? `uid:${request.uid}` : undefined;
	if (typeof request.name !== 'string') return undefined;
	return `event:${canonical([request.name, request.timestamp ?? null, request.user ?? null, request.session ?? null])}`;
}

export interface Pairing {
	/** The failure of each request, by its position in `requests`. */
	failures: Map<number, ImportError>;
	unpaired: ImportError[];
}

export function pairFailures(kind: ImportKind, requests: IDataObject[], errors: ImportError[]): Pairing {
	const failures = new Map<number, ImportError>();
	const unpaired: ImportError[] = [];
	const byJson = new Map<string, number[]>();
	const byIdentity = new Map<string, number[]>();
	requests.forEach((request, index) => {
		const json = canonical(request);
		byJson.set(json, [...(byJson.get(json) ?? []), index]);
		const key = identity(kind, request);
		if (key !== undefined) byIdentity.set(key, [...(byIdentity.get(key) ?? []), index]);
	});
	const take = (candidates: number[] | undefined): number | undefined => candidates?.find((index) => !failures.has(index));
	for (const error of errors) {
		const key = error.request === undefined ? undefined : identity(kind, error.request);
		const index =
			(error.request === undefined ? undefined : take(byJson.get(canonical(error.request)))) ??
			(key === undefined ? undefined : take(byIdentity.get(key)));
		if (index === undefined) unpaired.push(error);
		else failures.set(index, error);
	}
	return { failures, unpaired };
}
