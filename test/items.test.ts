/** Tolerant parsing of FullStory's responses and the shaping of delivery items. */
import { createHash } from 'crypto';

import { parseEndpoint, parseEndpointPage, parseEventTypeList, parseSubcategoryPage } from '../nodes/api/webhooks/guards';
import { parseDeliveryEnvelope } from '../nodes/FullStoryTrigger/delivery/envelope';
import { parseApiErrorBody } from '../nodes/transport/guards';
import { sameSubscriptions } from '../nodes/eventTypes/subscriptions';
import { eventKey, rawEvent, shapeEvent } from '../nodes/FullStoryTrigger/delivery/items';

describe('guards read every spelling seen', () => {
	it('endpoint in camelCase, snake_case and the catalog spelling', () => {
		const expected = { id: 'x', url: 'https://a.example.com', enabled: true, eventTypes: [{ eventName: 'note.created' }] };
		expect(parseEndpoint({ id: 'x', url: 'https://a.example.com', enabled: true, eventTypes: [{ eventName: 'note.created' }] })).toEqual(expected);
		expect(parseEndpoint({ id: 'x', url: 'https://a.example.com', enabled: true, event_types: [{ event_name: 'note.created' }] })).toEqual(expected);
		expect(parseEndpoint({ id: 'x', url: 'https://a.example.com', enabled: true, events: ['note.created'] })).toEqual(expected);
	});

	it('a missing `enabled` is false (protobuf JSON omits defaults), never true', () => {
		expect(parseEndpoint({ id: 'x', url: 'u', eventTypes: [] })?.enabled).toBe(false);
	});

	it('rejects what is not an endpoint', () => {
		expect(parseEndpoint({ id: 'x' })).toBeUndefined();
		expect(parseEndpoint({ id: 'x', url: 'u', enabled: 'yes', eventTypes: [] })).toBeUndefined();
		expect(parseEndpoint({ id: 'x', url: 'u', enabled: true, eventTypes: [{ nope: 1 }] })).toBeUndefined();
		expect(parseEndpoint('<html>')).toBeUndefined();
	});

	it('pages with either token spelling; an empty token ends the list', () => {
		expect(parseEndpointPage({ endpoints: [], nextPaginationToken: 'abc' })).toEqual({ items: [], nextPaginationToken: 'abc' });
		expect(parseEndpointPage({ endpoints: [], next_pagination_token: 'abc' })).toEqual({ items: [], nextPaginationToken: 'abc' });
		expect(parseEndpointPage({ endpoints: [], nextPaginationToken: '' })).toEqual({ items: [] });
		expect(parseEndpointPage({})).toEqual({ items: [] });
	});

	it('event types and subcategories in both casings', () => {
		expect(parseEventTypeList({ event_defs: [{ event_name: 'a.b', display_name: 'A', has_subcategories: true }] })).toEqual([
			{ eventName: 'a.b', displayName: 'A', hasSubcategories: true },
		]);
		expect(parseEventTypeList({ eventDefs: [{ eventName: 'a.b' }] })).toEqual([{ eventName: 'a.b', displayName: 'a.b', hasSubcategories: false }]);
		expect(parseSubcategoryPage({ subcategory_defs: [{ subcategory: 'Q2c', display_name: 'Alert' }] })).toEqual({
			items: [{ subcategory: 'Q2c', displayName: 'Alert' }],
		});
	});

	it('error bodies with a string or numeric code, and nothing else', () => {
		expect(parseApiErrorBody({ message: 'm', code: 'forbidden' })).toEqual({ message: 'm', code: 'forbidden' });
		expect(parseApiErrorBody({ message: 'm', code: 403 })).toEqual({ message: 'm', code: '403' });
		expect(parseApiErrorBody({ message: 'm' })).toBeUndefined();
	});

	it('delivery envelopes', () => {
		expect(parseDeliveryEnvelope({ eventName: 'note.created', version: 1, data: {} })).toEqual({ eventName: 'note.created', version: 1, data: {} });
		expect(parseDeliveryEnvelope({ eventName: 'note.created', version: '1', data: {} })).toBeUndefined();
		expect(parseDeliveryEnvelope({ eventName: 'note.created', version: 1, data: [] })).toBeUndefined();
	});
});

describe('items', () => {
	const body = Buffer.from('{"eventName":"metric.alert","version":1,"data":{"id":"a5f","timestamp":"2024-04-01T10:00:00.0Z","value":114}}');
	const envelope = { eventName: 'metric.alert', version: 1, data: { id: 'a5f', timestamp: '2024-04-01T10:00:00.0Z', value: 114 } };

	it('puts the envelope fields first, normalises timestamps, adds the key', () => {
		expect(shapeEvent(envelope, body)).toEqual({
			eventName: 'metric.alert',
			version: 1,
			id: 'a5f',
			timestamp: '2024-04-01T10:00:00.000Z',
			value: 114,
			eventKey: 'metric.alert:a5f',
		});
	});

	it('keeps a timestamp it cannot read as it was', () => {
		expect(shapeEvent({ ...envelope, data: { timestamp: 'yesterday' } }, body).timestamp).toBe('yesterday');
	});

	it('lets the envelope win over a same-named event field', () => {
		expect(shapeEvent({ ...envelope, data: { eventName: 'spoof', version: 9 } }, body)).toMatchObject({ eventName: 'metric.alert', version: 1 });
	});

	it('keys events without an id by the hash of the raw bytes', () => {
		const crash = { eventName: 'nativemobile.event.crash', version: 1, data: { id: 'not-an-event-id' } };
		expect(eventKey(crash, body)).toBe(`sha256:${createHash('sha256').update(body).digest('hex')}`);
	});

	it('compares subscription sets regardless of order and repetition', () => {
		const a = [{ eventName: 'x.y' }, { eventName: 'a.b', subcategory: '1' }];
		expect(sameSubscriptions(a, [...a].reverse().concat(a[0]))).toBe(true);
		expect(sameSubscriptions(a, [{ eventName: 'x.y' }, { eventName: 'a.b', subcategory: '2' }])).toBe(false);
	});
});

describe('raw output headers', () => {
	const body = Buffer.from('{"eventName":"note.created","version":1,"data":{"id":"n-1"}}');
	const envelope = { eventName: 'note.created', version: 1, data: { id: 'n-1' } };
	const headersOf = (headers: Record<string, string | string[] | undefined>) => rawEvent(envelope, body, headers).headers;

	it('keeps the body headers, the user agent and FullStory\'s own headers, whatever their case', () => {
		expect(
			headersOf({
				'Content-Type': 'application/json',
				'content-length': '60',
				'user-agent': 'FullStory',
				'Fullstory-Delivery-Id': 'd-1',
				'x-fullstory-trace': ['a', 'b'],
				'X-FS-Attempt': '2',
			}),
		).toEqual({
			'Content-Type': 'application/json',
			'content-length': '60',
			'user-agent': 'FullStory',
			'Fullstory-Delivery-Id': 'd-1',
			'x-fullstory-trace': ['a', 'b'],
			'X-FS-Attempt': '2',
		});
	});

	it.each([
		'cookie',
		'authorization',
		'proxy-authorization',
		'x-forwarded-for',
		'x-forwarded-proto',
		'forwarded',
		'x-real-ip',
		'host',
		'x-api-key',
		'fullstory-signature',
		'Fullstory-Signature',
		'x-fs-signature',
		'x-fullstory-signature',
		'__proto__',
	])('drops %s', (name) => {
		expect(headersOf({ [name]: 'value', 'content-type': 'application/json' })).toEqual({ 'content-type': 'application/json' });
	});

	it('drops a header without a value', () => {
		expect(headersOf({ 'user-agent': undefined })).toEqual({});
	});
});
