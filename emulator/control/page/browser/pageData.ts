/**
 * The page's data half: the control API under `/__emulator/`, called with `fetch` and narrowed to what
 * the page shows. What it fetches never keeps more than that: an endpoint's secret, a delivery's headers
 * and signature never reach the page's state. It needs no DOM, so the tests run this very code in a
 * `vm` context against a live emulator (test/emulator/pageScript.ts).
 *
 * Served as text (`pageData.toString()`, see ../script.ts), so the function must be self-contained: it
 * may use its parameter and the browser's globals, and only types from other modules. That is also why
 * it has small narrowing helpers of its own instead of emulator/guards.ts.
 */
import type { EventTypeRef } from '../../../api/types';
import type {
	FaultFields,
	FaultRequest,
	JsonObject,
	PageAnswer,
	PageApi,
	PageCatalog,
	PageDeliveryRow,
	PageEndpoint,
	PageEvent,
	PageFault,
	PageJob,
	PageModule,
	PageRoot,
	PageUser,
} from './types';

/* istanbul ignore file: coverage counters inside the function would be served with it and fail in the browser
   (here, not at the top: a comment over type-only imports compiles away with them). */
export function pageData(root: PageRoot): PageModule {
	const CONTROL = '/__emulator';
	/** How much of a receiver's answer the page shows. */
	const ANSWER_CHARS = 200;
	const TEST_EVENT = 'test';

	function isObject(value: unknown): value is JsonObject {
		return typeof value === 'object' && value !== null && !Array.isArray(value);
	}

	function str(value: unknown): string {
		return typeof value === 'string' ? value : '';
	}

	function optionalNumber(value: unknown): number | undefined {
		return typeof value === 'number' ? value : undefined;
	}

	/** The objects of an array answer; anything else reads as none. */
	function list(value: unknown): JsonObject[] {
		return Array.isArray(value) ? value.filter(isObject) : [];
	}

	/** The field of an object answer; anything else has no fields. */
	function field(payload: unknown, name: string): unknown {
		return isObject(payload) ? payload[name] : undefined;
	}

	function clip(value: unknown, max: number): string {
		const text = str(value);
		return text.length > max ? text.slice(0, max) + '\u2026' : text;
	}

	function errorText(error: unknown): string {
		const message = isObject(error) ? error.message : undefined;
		return String(message || error);
	}

	async function call(method: string, path: string, body?: unknown): Promise<unknown> {
		const headers: Record<string, string> = { Accept: 'application/json' };
		const init: RequestInit = { method, headers };
		if (body !== undefined) {
			headers['Content-Type'] = 'application/json';
			init.body = JSON.stringify(body);
		}
		const response = await root.fetch(CONTROL + path, init);
		const text = await response.text();
		let payload: unknown = null;
		try {
			payload = text === '' ? null : JSON.parse(text);
		} catch {
			payload = null;
		}
		if (!response.ok) {
			const reported = field(payload, 'message');
			const message = typeof reported === 'string' ? reported : clip(text, ANSWER_CHARS);
			throw new Error(method + ' ' + CONTROL + path + ' answered ' + response.status + ': ' + message);
		}
		return payload;
	}

	function eventRef(raw: JsonObject): EventTypeRef {
		const kept: EventTypeRef = { eventName: str(raw.eventName) };
		if (typeof raw.subcategory === 'string') kept.subcategory = raw.subcategory;
		return kept;
	}

	/** An endpoint as the page keeps it: no secret. */
	function publicEndpoint(raw: JsonObject): PageEndpoint {
		return {
			id: str(raw.id),
			url: str(raw.url),
			enabled: raw.enabled === true,
			orgId: str(raw.orgId),
			eventTypes: list(raw.eventTypes).map(eventRef),
		};
	}

	function endpointIdOf(raw: JsonObject): string | null {
		return typeof raw.endpointId === 'string' ? raw.endpointId : null;
	}

	/** One attempt of the delivery log as the page keeps it: no headers (the signature), no body. */
	function deliveryRow(raw: JsonObject): PageDeliveryRow {
		const row: PageDeliveryRow = {
			seq: optionalNumber(raw.seq) ?? 0,
			time: str(raw.time),
			eventName: str(raw.eventName),
			attempt: optionalNumber(raw.attempt) ?? 1,
			orgId: str(raw.orgId),
			endpointId: endpointIdOf(raw),
			url: str(raw.url),
			dropped: raw.dropped === true,
			answer: clip(raw.responseBody, ANSWER_CHARS),
		};
		const status = optionalNumber(raw.status);
		if (status !== undefined) row.status = status;
		if (typeof raw.error === 'string') row.error = raw.error;
		return row;
	}

	/** A fault as the page lists it. */
	function publicFault(raw: JsonObject): PageFault {
		return {
			id: str(raw.id),
			kind: str(raw.kind),
			remaining: optionalNumber(raw.remaining) ?? 0,
			method: str(raw.method),
			path: str(raw.path),
		};
	}

	/** A v2 user as the page lists it: its identity, its state, how many properties (not what they are). */
	function publicUser(raw: JsonObject): PageUser {
		return {
			id: str(raw.id),
			uid: str(raw.uid),
			displayName: str(raw.display_name),
			email: str(raw.email),
			beingDeleted: typeof raw.deleteRequested === 'string',
			propertyCount: isObject(raw.properties) ? Object.keys(raw.properties).length : 0,
		};
	}

	/** "uid xyz", "id 123" or "": which of a ref's fields is set (the first of `names`). */
	function refText(ref: unknown, names: string[]): string {
		if (!isObject(ref)) return '';
		for (const name of names) {
			if (typeof ref[name] === 'string') return name + ' ' + ref[name];
		}
		return ref.use_most_recent === true ? 'most recent' : '';
	}

	function publicEvent(raw: JsonObject): PageEvent {
		return {
			seq: optionalNumber(raw.seq) ?? 0,
			received: str(raw.received),
			name: str(raw.name),
			user: refText(raw.user, ['uid', 'id']),
			session: refText(raw.session, ['id', 'uid']),
			source: str(raw.source),
			jobId: str(raw.jobId),
		};
	}

	function publicJob(raw: JsonObject): PageJob {
		return {
			id: str(raw.id),
			kind: str(raw.kind),
			status: str(raw.status),
			created: str(raw.created),
			finished: str(raw.finished),
			requestCount: optionalNumber(raw.requestCount) ?? 0,
			imports: optionalNumber(raw.imports) ?? 0,
			errors: optionalNumber(raw.errors) ?? 0,
		};
	}

	function orgQuery(orgId: string): string {
		return '?orgId=' + encodeURIComponent(orgId);
	}

	/** POST /deliver's answer, one line per copy sent to an endpoint: no signature, no body. */
	function answersOf(result: unknown): PageAnswer[] {
		const answers: PageAnswer[] = [];
		for (const delivery of list(field(result, 'deliveries'))) {
			const where = { endpointId: endpointIdOf(delivery), url: str(delivery.url) };
			const attempts = list(delivery.attempts);
			if (attempts.length === 0) answers.push({ dropped: true, answer: '', ...where });
			for (const attempt of attempts) {
				const answer: PageAnswer = { dropped: false, answer: clip(attempt.responseBody, ANSWER_CHARS), ...where };
				const status = optionalNumber(attempt.status);
				if (status !== undefined) answer.status = status;
				if (typeof attempt.error === 'string') answer.error = attempt.error;
				answers.push(answer);
			}
		}
		return answers;
	}

	/** "200", "error: ...", "dropped": what a delivery got back. */
	function outcomeText(row: PageAnswer): string {
		if (row.dropped) return 'dropped';
		if (typeof row.status === 'number') return String(row.status);
		if (row.error) return 'error: ' + row.error;
		return 'no answer';
	}

	function wholeNumber(value: string | undefined, name: string): number | undefined {
		const text = str(value).trim();
		if (text === '') return undefined;
		if (!/^\d+$/.test(text)) throw new Error(name + ' must be a whole number');
		return Number(text);
	}

	/** The fault form's fields (strings, as inputs give them) to POST /__emulator/faults's body. */
	function faultSpec(fields: FaultFields): FaultRequest {
		const spec: FaultRequest = { kind: str(fields.kind) };
		const count = wholeNumber(fields.count, 'count');
		if (count !== undefined) spec.count = count;
		const method = str(fields.method).trim();
		if (method !== '') spec.method = method;
		const path = str(fields.path).trim();
		if (path !== '') spec.path = path;
		if (spec.kind === 'status429') {
			const retryAfterSeconds = wholeNumber(fields.retryAfterSeconds, 'Retry-After');
			if (retryAfterSeconds !== undefined) spec.retryAfterSeconds = retryAfterSeconds;
		}
		if (spec.kind === 'hang') {
			const hangMs = wholeNumber(fields.hangMs, 'hang ms');
			if (hangMs !== undefined) spec.hangMs = hangMs;
		}
		return spec;
	}

	// A subcategory is an opaque base64 protobuf naming the org and key/value pairs (emulator/state/subcategoryBlobs.ts);
	// the display name is the "Name" pair when there is one. Anything else: unknown, shown shortened.

	function base64Bytes(text: string): Uint8Array {
		const binary = root.atob(text);
		const bytes = new Uint8Array(binary.length);
		for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
		return bytes;
	}

	interface ProtoField {
		number: number;
		bytes: Uint8Array;
	}

	/** The length-delimited fields of a protobuf message; throws on anything else. */
	function protoFields(bytes: Uint8Array): ProtoField[] {
		const fields: ProtoField[] = [];
		let pos = 0;
		function varint(): number {
			let value = 0;
			let scale = 1;
			for (;;) {
				if (pos >= bytes.length || scale > 34359738368) throw new Error('bad varint');
				const byte = bytes[pos++];
				value += (byte & 127) * scale;
				if (byte < 128) return value;
				scale *= 128;
			}
		}
		while (pos < bytes.length) {
			const tag = varint();
			if (tag % 8 !== 2) throw new Error('not a length-delimited field');
			const length = varint();
			if (pos + length > bytes.length) throw new Error('field past the end');
			fields.push({ number: Math.floor(tag / 8), bytes: bytes.subarray(pos, pos + length) });
			pos += length;
		}
		return fields;
	}

	function utf8(bytes: Uint8Array): string {
		return new root.TextDecoder('utf-8').decode(bytes);
	}

	/** The subcategory's display name, or undefined when it cannot be known from the value. */
	function subcategoryName(blob: string): string | undefined {
		try {
			const pairs = protoFields(base64Bytes(str(blob))).filter((part) => part.number === 2);
			for (const pair of pairs) {
				const inner = protoFields(pair.bytes);
				const key = inner.find((part) => part.number === 1);
				const value = inner.find((part) => part.number === 3);
				if (key !== undefined && value !== undefined && utf8(key.bytes) === 'Name') return utf8(value.bytes);
			}
		} catch {
			return undefined;
		}
		return undefined;
	}

	/** "Metric Alert (metric.alert): Checkout Conversion Drop". */
	function eventLabel(ref: EventTypeRef, displayNames: Record<string, string>): string {
		const eventName = str(ref.eventName);
		const displayName = Object.hasOwn(displayNames, eventName) ? str(displayNames[eventName]) : '';
		const label = displayName === '' ? eventName : displayName + ' (' + eventName + ')';
		if (typeof ref.subcategory !== 'string') return label;
		const name = subcategoryName(ref.subcategory);
		return label + ': ' + (name === undefined ? 'subcategory ' + clip(ref.subcategory, 16) : name);
	}

	function displayNamesOf(catalog: PageCatalog): Record<string, string> {
		const names: Record<string, string> = {};
		for (const def of catalog.eventDefs) names[def.eventName] = def.displayName;
		return names;
	}

	/** Only answers that settled; one that failed (say, an endpoint deleted meanwhile) becomes an error line. */
	async function settledAnswers(
		targets: PageEndpoint[],
		send: (target: PageEndpoint) => Promise<PageAnswer[]>,
	): Promise<PageAnswer[]> {
		const results = await Promise.allSettled(targets.map(async (target) => await send(target)));
		const answers: PageAnswer[] = [];
		results.forEach((result, index) => {
			if (result.status === 'fulfilled') answers.push(...result.value);
			else answers.push({ endpointId: targets[index].id, url: targets[index].url, dropped: false, answer: '', error: errorText(result.reason) });
		});
		return answers;
	}

	const api: PageApi = {
		catalog: async (orgId) => {
			const payload = await call('GET', '/catalog' + (orgId ? '?orgId=' + encodeURIComponent(orgId) : ''));
			return {
				orgId: str(field(payload, 'orgId')),
				eventDefs: list(field(payload, 'eventDefs')).map((def) => ({
					eventName: str(def.eventName),
					displayName: str(def.displayName),
					hasSubcategories: def.hasSubcategories === true,
				})),
			};
		},
		/** Every org's endpoints, without their secrets. */
		endpoints: async () => list(field(await call('GET', '/endpoints'), 'endpoints')).map(publicEndpoint),
		/** A realistic signed delivery of the event to the default org's enabled, subscribed endpoints. */
		deliver: async (eventName) => answersOf(await call('POST', '/deliver', { eventName })),
		/** FullStory's "Test endpoint": the test event to this one endpoint, whatever it subscribes to. */
		testEndpoint: async (endpoint) =>
			answersOf(await call('POST', '/deliver', { eventName: TEST_EVENT, orgId: endpoint.orgId, target: { endpointId: endpoint.id } })),
		/** The test event to every enabled endpoint of the org. */
		testAll: async (endpoints, orgId) =>
			await settledAnswers(
				endpoints.filter((endpoint) => endpoint.enabled && endpoint.orgId === orgId),
				api.testEndpoint,
			),
		faults: async () => list(field(await call('GET', '/faults'), 'faults')).map(publicFault),
		addFault: async (fields) => str(field(await call('POST', '/faults', faultSpec(fields)), 'id')),
		clearFaults: async () => {
			await call('DELETE', '/faults');
		},
		deliveries: async (since) =>
			list(field(await call('GET', '/deliveries' + (since > 0 ? '?since=' + since : '')), 'deliveries')).map(deliveryRow),
		clearDeliveries: async () => {
			await call('DELETE', '/deliveries');
		},
		users: async (orgId) => list(field(await call('GET', '/users' + orgQuery(orgId)), 'users')).map(publicUser),
		events: async (orgId, last) =>
			list(field(await call('GET', '/events' + orgQuery(orgId) + '&last=' + last), 'events')).map(publicEvent),
		jobs: async (orgId) => list(field(await call('GET', '/jobs' + orgQuery(orgId)), 'jobs')).map(publicJob),
	};

	return Object.freeze({
		api,
		answersOf,
		deliveryRow,
		displayNamesOf,
		eventLabel,
		faultSpec,
		outcomeText,
		publicEndpoint,
		publicEvent,
		publicJob,
		publicUser,
		subcategoryName,
		errorText,
	});
}
