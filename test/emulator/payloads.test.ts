import { samplePayload } from '../../emulator/deliveries/payloads';

const ORG = 'o-1ABCDE-na1';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('sample payloads follow the event pages (fullstory-api.md §4)', () => {
	it('note.created (§4.1)', () => {
		const data = samplePayload('note.created', { orgId: ORG });
		expect(data).toEqual({
			id: expect.any(String),
			created: expect.stringMatching(RFC3339),
			author: expect.any(String),
			text: expect.any(String),
			sessionUrl: expect.stringContaining(`/ui/${ORG}/session/`),
			userUrl: expect.stringContaining(`/ui/${ORG}/`),
			shareLink: expect.stringMatching(/^https:\/\/fsty\.io\/v\//),
			pageInfo: {
				pageUrl: expect.any(String),
				ipAddress: expect.any(String),
				userAgent: expect.any(String),
				referrer: expect.any(String),
				country: expect.any(String),
				pageHeight: expect.any(Number),
				pageWidth: expect.any(Number),
			},
			notedTime: expect.stringMatching(RFC3339),
		});
	});

	it('segment.created uses the placeholder Segments v1 fields (§4.2: payload undocumented)', () => {
		expect(samplePayload('segment.created', { orgId: ORG })).toEqual({
			id: expect.any(String),
			name: expect.any(String),
			creator: expect.any(String),
			created: expect.stringMatching(RFC3339),
			url: expect.stringContaining(`/ui/${ORG}/segments/`),
		});
	});

	it('segment.trend.alert (§4.3), named after the subcategory', () => {
		const data = samplePayload('segment.trend.alert', { orgId: ORG, subcategoryName: 'Drop in daily signups' });
		expect(data).toEqual({
			id: expect.stringMatching(/^[0-9a-f]{24}$/),
			timestamp: expect.stringMatching(RFC3339),
			value: expect.any(Number),
			notificationUrl: expect.stringContaining('/notifications/'),
			alertConfig: {
				description: expect.any(String),
				threshold: expect.any(Number),
				direction: expect.stringMatching(/^(ABOVE|BELOW)$/),
				duration: expect.stringMatching(/^(DAILY|WEEKLY|MONTHLY)$/),
				alertUrl: expect.any(String),
				alertCreator: expect.any(String),
				segmentUrl: expect.any(String),
				segmentCreator: expect.any(String),
				segmentName: 'Drop in daily signups',
			},
		});
	});

	it('metric.alert (§4.4) uses notificationUrl as in the example', () => {
		const data = samplePayload('metric.alert', { orgId: ORG });
		expect(data).toEqual({
			id: expect.any(String),
			alertId: expect.any(String),
			timestamp: expect.stringMatching(RFC3339),
			value: expect.any(Number),
			notificationUrl: expect.stringContaining('?triggerId='),
			alertConfig: {
				alertName: 'Uncaught Exceptions Alert',
				alertDescription: expect.any(String),
				alertCreator: expect.any(String),
				alertUrl: expect.any(String),
				metricName: expect.any(String),
				metricDescription: expect.any(String),
				metricCreator: expect.any(String),
				metricUrl: expect.any(String),
			},
		});
	});

	it('nativemobile.event.crash (§4.5): strings only', () => {
		const data = samplePayload('nativemobile.event.crash', { orgId: ORG });
		expect(Object.keys(data ?? {}).sort()).toEqual(
			['appName', 'appPackageName', 'appVersion', 'deviceModel', 'osVersion', 'sessionUrl'].sort(),
		);
		expect(Object.values(data ?? {}).every((value) => typeof value === 'string')).toBe(true);
	});

	it('recording.event.custom (§4.6): name from the subcategory, timestamp inside data', () => {
		const data = samplePayload('recording.event.custom', { orgId: ORG, subcategoryName: 'Checkout Started' });
		expect(data).toEqual({
			name: 'Checkout Started',
			properties: expect.objectContaining({ price_real: expect.any(Number), sku_str: expect.any(String) }),
			errors: [{ errCode: 'invalidFieldName', field: expect.any(String), value: expect.any(String) }],
			pageUrl: expect.any(String),
			sessionUrl: expect.any(String),
			timestamp: expect.stringMatching(RFC3339),
		});
	});

	it('test (§4.8): target, initiatedBy, message, pirateQuote', () => {
		expect(samplePayload('test', { orgId: ORG, target: 'https://example.com/hook' })).toEqual({
			target: 'https://example.com/hook',
			initiatedBy: expect.any(String),
			message: expect.any(String),
			pirateQuote: 'Run a shot across the bow!',
		});
	});

	it('makes every call a distinct event', () => {
		const first = samplePayload('segment.trend.alert', { orgId: ORG });
		const second = samplePayload('segment.trend.alert', { orgId: ORG });
		expect(first?.id).not.toBe(second?.id);
	});

	it('has no sample for an unknown event, nor for inherited object keys', () => {
		expect(samplePayload('user.created', { orgId: ORG })).toBeUndefined();
		expect(samplePayload('constructor', { orgId: ORG })).toBeUndefined();
	});
});
