/**
 * Realistic `data` objects per event type, shaped exactly like the examples on the event pages
 * (docs/fullstory-api.md §4). Ids and timestamps are fresh on every call so that two deliveries
 * are two distinct events, which is what de-duplicating consumers need to be tested against.
 */
import { randomBytes, randomInt } from 'node:crypto';

import type { JsonObject } from '../guards';

export interface PayloadContext {
	orgId: string;
	/** Display name of the subcategory being delivered (custom event name, alert or segment name). */
	subcategoryName?: string;
	/** The URL a `test` event is sent to. */
	target?: string;
	now?: Date;
}

const APP = 'https://app.fullstory.com/ui';

function hex(bytes: number): string {
	return randomBytes(bytes).toString('hex');
}

function alphanumeric(length: number): string {
	const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
	return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
}

function digits(length: number): string {
	return Array.from({ length }, (_, index) => String(randomInt(index === 0 ? 1 : 0, 10))).join('');
}

function sessionUrl(orgId: string): string {
	return `${APP}/${orgId}/session/${digits(16)}:${digits(16)}!${digits(16)}`;
}

function secondsBefore(now: Date, seconds: number): string {
	return new Date(now.getTime() - seconds * 1000).toISOString();
}

function noteCreated({ orgId, now = new Date() }: PayloadContext): JsonObject {
	const userId = digits(16);
	return {
		id: alphanumeric(14).toLowerCase(),
		created: now.toISOString(),
		author: 'daniel@falko.co',
		text: 'Check out this session where someone runs into the "awkward modal" bug.',
		sessionUrl: sessionUrl(orgId),
		userUrl: `${APP}/${orgId}/segments/everyone/people/0/user/${userId}`,
		shareLink: `https://fsty.io/v/${alphanumeric(6)}`,
		pageInfo: {
			pageUrl: 'https://www.example.com/product/path',
			ipAddress: '10.12.14.16',
			userAgent:
				'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0',
			referrer: 'https://www.example.com/search',
			country: 'US',
			pageHeight: 652,
			pageWidth: 908,
		},
		notedTime: secondsBefore(now, 90),
	};
}

/** PLACEHOLDER: no payload of "New Segments" is documented; these are the Segments v1 object's fields (§4.2). */
function segmentCreated({ orgId, now = new Date(), subcategoryName }: PayloadContext): JsonObject {
	const id = `daniel@falko.co:${digits(16)}`;
	return {
		id,
		name: subcategoryName ?? 'Visitors who abandoned checkout',
		creator: 'daniel@falko.co',
		created: now.toISOString(),
		url: `${APP}/${orgId}/segments/${id}`,
	};
}

function segmentTrendAlert({ orgId, now = new Date(), subcategoryName }: PayloadContext): JsonObject {
	const alertId = digits(16);
	const segmentUrl = `${APP}/${orgId}/segments/daniel@falko.co:${digits(16)}`;
	const alertUrl = `${segmentUrl}/alerts/${alertId}`;
	return {
		id: hex(12),
		timestamp: now.toISOString(),
		value: 114,
		notificationUrl: `${alertUrl}/notifications/${digits(16)}`,
		alertConfig: {
			description: 'too many people abandoning checkout',
			threshold: 100,
			direction: 'ABOVE',
			duration: 'DAILY',
			alertUrl,
			alertCreator: 'daniel@falko.co',
			segmentUrl,
			segmentCreator: 'daniel@falko.co',
			segmentName: subcategoryName ?? 'Cancelled checkout flow',
		},
	};
}

function metricAlert({ orgId, now = new Date(), subcategoryName }: PayloadContext): JsonObject {
	const alertId = alphanumeric(12);
	const metricUrl = `${APP}/${orgId}/metrics/details/${alphanumeric(12)}`;
	const alertUrl = `${metricUrl}/alerts/${alertId}`;
	return {
		id: hex(12),
		alertId,
		timestamp: now.toISOString(),
		value: 114,
		notificationUrl: `${alertUrl}?triggerId=${alphanumeric(12)}`,
		alertConfig: {
			alertName: subcategoryName ?? 'Uncaught Exceptions Alert',
			alertDescription: 'Over 100 uncaught exceptions have occurred in the previous hour',
			alertCreator: 'daniel.falko@example.com',
			alertUrl,
			metricName: 'Hourly Uncaught Exceptions',
			metricDescription: 'Number of uncaught exceptions per hour.',
			metricCreator: 'daniel.falko@example.com',
			metricUrl,
		},
	};
}

function nativeMobileCrash({ orgId }: PayloadContext): JsonObject {
	return {
		appName: 'FalkoAndFriends',
		appPackageName: 'co.falko.app',
		appVersion: 'v1.1',
		deviceModel: 'LG Google Pixel',
		osVersion: 'Android 7.1.1',
		sessionUrl: sessionUrl(orgId),
	};
}

function customEvent({ orgId, now = new Date(), subcategoryName }: PayloadContext): JsonObject {
	return {
		name: subcategoryName ?? 'Product Added',
		properties: {
			cart_id_str: digits(11),
			product_id_str: alphanumeric(14).toLowerCase(),
			sku_str: 'L-100',
			price_real: 58.99,
			quantity_real: 1,
			position_int: 3,
		},
		errors: [{ errCode: 'invalidFieldName', field: '123foobar', value: '10203040' }],
		pageUrl: 'https://www.example.com/product/path',
		sessionUrl: sessionUrl(orgId),
		timestamp: now.toISOString(),
	};
}

/** The UI's "Test endpoint" ping (§4.8). */
function testEvent({ target }: PayloadContext): JsonObject {
	return {
		target: target ?? '',
		initiatedBy: 'daniel@falko.com',
		message: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit.',
		pirateQuote: 'Run a shot across the bow!',
	};
}

const BUILDERS = new Map<string, (context: PayloadContext) => JsonObject>([
	['note.created', noteCreated],
	['segment.created', segmentCreated],
	['segment.trend.alert', segmentTrendAlert],
	['metric.alert', metricAlert],
	['nativemobile.event.crash', nativeMobileCrash],
	['recording.event.custom', customEvent],
	['test', testEvent],
]);

/** Undefined for an event name the emulator has no sample for. */
export function samplePayload(eventName: string, context: PayloadContext): JsonObject | undefined {
	const build = BUILDERS.get(eventName);
	return build === undefined ? undefined : build(context);
}

/**
 * For a type added to an org's catalog (one FullStory might add later, with no event page to copy): the
 * fields the documented payloads share, and deliberately no `id`, so consumers are tested on events they
 * must de-duplicate without one (§4: "for other types use a content hash or a tuple").
 */
export function genericPayload({ orgId, now = new Date(), subcategoryName }: PayloadContext): JsonObject {
	return {
		...(subcategoryName === undefined ? {} : { name: subcategoryName }),
		pageUrl: 'https://www.example.com/product/path',
		sessionUrl: sessionUrl(orgId),
		timestamp: now.toISOString(),
	};
}
