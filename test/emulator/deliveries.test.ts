import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

import { EmulatorControlError } from '../../emulator/client/client';
import { isJsonObject } from '../../emulator/guards';
import type { ReceivedRequest } from './receiver';
import { hmac, signatureParts, verifies } from './signatureHeader';
import { endpointOf, subcategoryPageOf } from './wire';
import { useDeliveryRig } from './deliveryRig';

function envelopeOf(request: ReceivedRequest): { eventName: unknown; version: unknown; data: Record<string, unknown> } {
	const parsed: unknown = JSON.parse(request.rawBody.toString('utf8'));
	if (!isJsonObject(parsed) || !isJsonObject(parsed.data)) throw new Error('not an envelope');
	return { eventName: parsed.eventName, version: parsed.version, data: parsed.data };
}

function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}

describe('delivery simulator (fullstory-api.md §3, §4, §7.9)', () => {
	const rig = useDeliveryRig();

	async function createEndpoint(path: string, secret: string, eventTypes: unknown[], key?: string): Promise<string> {
		const reply = await rig.emulator.api('POST', '/webhooks/v1/endpoints', {
			key,
			body: { url: `${rig.receiver.url}${path}`, secret, eventTypes },
		});
		expect(reply.status).toBe(200);
		return endpointOf(reply.body).id;
	}

	async function subcategories(eventName: string) {
		const reply = await rig.emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`);
		return subcategoryPageOf(reply.body).subcategoryDefs;
	}

	it('POSTs the compact envelope with a Fullstory-Signature that verifies over the raw bytes', async () => {
		const id = await createEndpoint('/hook', 'whsec-abc', [{ eventName: 'note.created' }]);
		const result = await rig.emulator.client.deliver({ eventName: 'note.created' });

		expect(rig.receiver.received).toHaveLength(1);
		const [request] = rig.receiver.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/hook');
		expect(request.headers['content-type']).toBe('application/json');
		expect(request.rawBody.toString('utf8')).toBe(result.body);
		expect(result.body).toBe(JSON.stringify(JSON.parse(result.body)));
		expect(envelopeOf(request)).toMatchObject({ eventName: 'note.created', version: 1 });
		expect(Object.keys(JSON.parse(result.body))).toEqual(['eventName', 'version', 'data']);

		const { o, t } = signatureParts(request.headers['fullstory-signature']);
		expect(o).toBe(rig.emulator.orgId);
		expect(t).toMatch(/^\d{10}$/);
		expect(Math.abs(Number(t) - nowSeconds())).toBeLessThan(60);
		expect(verifies(request, 'whsec-abc')).toBe(true);
		expect(verifies(request, 'whsec-abd')).toBe(false);
		expect(request.headers['x-fs-signature']).toBeUndefined();

		expect(result.deliveries).toEqual([
			{
				endpointId: id,
				url: `${rig.receiver.url}/hook`,
				signature: request.headers['fullstory-signature'],
				attempts: [
					{
						deliveryId: expect.any(String),
						signature: request.headers['fullstory-signature'],
						status: 200,
						responseBody: 'ok',
					},
				],
			},
		]);
	});

	it('reproduces the known-answer vector end to end with an exact timestamp and raw body', async () => {
		const vectors: unknown = JSON.parse(readFileSync(join(__dirname, '../fixtures/signature-vectors.json'), 'utf8'));
		if (!isJsonObject(vectors) || !Array.isArray(vectors.vectors) || !isJsonObject(vectors.vectors[1])) {
			throw new Error('unexpected vectors file');
		}
		const { secret, body, header, timestamp } = vectors.vectors[1];
		if (typeof secret !== 'string' || typeof body !== 'string' || typeof timestamp !== 'string') {
			throw new Error('unexpected vector');
		}
		await createEndpoint('/vector', secret, [{ eventName: 'note.created' }]);
		await rig.emulator.client.deliver({ eventName: 'note.created', body, options: { timestamp } });
		expect(rig.receiver.received[0].headers['fullstory-signature']).toBe(header);
		expect(rig.receiver.received[0].rawBody.toString('utf8')).toBe(body);
	});

	it('reaches only enabled endpoints subscribed to the event', async () => {
		await createEndpoint('/notes', 's1', [{ eventName: 'note.created' }]);
		await createEndpoint('/crashes', 's2', [{ eventName: 'nativemobile.event.crash' }]);
		const disabledId = await createEndpoint('/disabled', 's3', [{ eventName: 'note.created' }]);
		await rig.emulator.api('POST', `/webhooks/v1/endpoints/${disabledId}`, { body: { disabled: true } });
		await createEndpoint('/both', 's4', [{ eventName: 'nativemobile.event.crash' }, { eventName: 'note.created' }]);

		const result = await rig.emulator.client.deliver({ eventName: 'note.created' });
		expect(result.deliveries.map((delivery) => delivery.url).sort()).toEqual(
			[`${rig.receiver.url}/both`, `${rig.receiver.url}/notes`].sort(),
		);
		expect(rig.receiver.received.map((request) => request.path).sort()).toEqual(['/both', '/notes']);
		expect(verifies(rig.receiver.receivedAt('/notes')[0], 's1')).toBe(true);
		expect(verifies(rig.receiver.receivedAt('/both')[0], 's4')).toBe(true);
	});

	it('filters by subcategory: the exact one, or subscriptions without one', async () => {
		await rig.emulator.client.configure({ requireSubcategory: false });
		const [first, second] = await subcategories('recording.event.custom');
		await createEndpoint('/first', 's', [{ eventName: 'recording.event.custom', subcategory: first.subcategory }]);
		await createEndpoint('/second', 's', [{ eventName: 'recording.event.custom', subcategory: second.subcategory }]);
		await createEndpoint('/all', 's', [{ eventName: 'recording.event.custom' }]);

		await rig.emulator.client.deliver({ eventName: 'recording.event.custom', subcategory: first.subcategory });
		expect(rig.receiver.received.map((request) => request.path).sort()).toEqual(['/all', '/first']);
		// The payload agrees with the subcategory delivered: the custom event's name is its display name.
		expect(envelopeOf(rig.receiver.receivedAt('/first')[0]).data.name).toBe(first.displayName);

		rig.receiver.received.length = 0;
		await rig.emulator.client.deliver({ eventName: 'recording.event.custom' });
		expect(rig.receiver.received.map((request) => request.path).sort()).toEqual(['/all', '/first', '/second']);
	});

	it('names alerts after the subcategory delivered', async () => {
		const [segmentAlert] = await subcategories('segment.trend.alert');
		const [metricAlert] = await subcategories('metric.alert');
		await createEndpoint('/alerts', 's', [
			{ eventName: 'segment.trend.alert', subcategory: segmentAlert.subcategory },
			{ eventName: 'metric.alert', subcategory: metricAlert.subcategory },
		]);
		await rig.emulator.client.deliver({ eventName: 'segment.trend.alert', subcategory: segmentAlert.subcategory });
		await rig.emulator.client.deliver({ eventName: 'metric.alert', subcategory: metricAlert.subcategory });
		const [segment, metric] = rig.receiver.received.map(envelopeOf);
		expect(segment.data.alertConfig).toMatchObject({ segmentName: segmentAlert.displayName });
		expect(metric.data.alertConfig).toMatchObject({ alertName: metricAlert.displayName });
	});

	it('sends the test event to the target regardless of subscriptions, signed with its secret', async () => {
		const id = await createEndpoint('/tested', 'test-secret', [{ eventName: 'note.created' }]);
		await rig.emulator.api('POST', `/webhooks/v1/endpoints/${id}`, { body: { disabled: true } });
		await createEndpoint('/other', 'other', [{ eventName: 'note.created' }]);

		const result = await rig.emulator.client.deliver({ eventName: 'test', target: { endpointId: id } });
		expect(rig.receiver.received.map((request) => request.path)).toEqual(['/tested']);
		expect(verifies(rig.receiver.received[0], 'test-secret')).toBe(true);
		expect(envelopeOf(rig.receiver.received[0])).toEqual({
			eventName: 'test',
			version: 1,
			data: {
				target: `${rig.receiver.url}/tested`,
				initiatedBy: expect.any(String),
				message: expect.any(String),
				pirateQuote: expect.any(String),
			},
		});
		expect(result.deliveries[0].endpointId).toBe(id);
	});

	it('sends the test event to a bare URL with the secret given, as the UI does before saving', async () => {
		const result = await rig.emulator.client.deliver({
			eventName: 'test',
			target: { url: `${rig.receiver.url}/unsaved`, secret: 'typed-in' },
		});
		expect(result.deliveries[0]).toMatchObject({ endpointId: null, attempts: [{ status: 200 }] });
		expect(verifies(rig.receiver.received[0], 'typed-in')).toBe(true);
	});

	it('requires a target for the test event', async () => {
		const error = await rig.emulator.client.deliver({ eventName: 'test' }).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(EmulatorControlError);
		expect(error).toMatchObject({ status: 400, code: 'required_field', message: expect.stringContaining('target') });
	});

	it('sends any event to a target, subscribed or not', async () => {
		const id = await createEndpoint('/target', 's', [{ eventName: 'note.created' }]);
		await rig.emulator.client.deliver({ eventName: 'nativemobile.event.crash', target: { endpointId: id } });
		expect(envelopeOf(rig.receiver.received[0]).eventName).toBe('nativemobile.event.crash');
	});

	it.each([
		[{ eventName: 'user.created' }, 'eventName "user.created"'],
		[{ eventName: 'recording.event.custom', subcategory: 'nope' }, 'subcategory "nope"'],
		[{ eventName: 'note.created', target: { endpointId: 'missing' } }, 'target.endpointId "missing"'],
		[{ eventName: 'note.created', orgId: 'o-NOPE-na1' }, 'orgId "o-NOPE-na1"'],
	])('refuses the delivery %j with 400', async (request, fragment) => {
		const error = await rig.emulator.client.deliver(request).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ status: 400, message: expect.stringContaining(fragment) });
	});

	it('refuses an event outside the org plan', async () => {
		await rig.emulator.client.setCatalog({ eventNames: ['note.created'] });
		const error = await rig.emulator.client.deliver({ eventName: 'metric.alert' }).catch((caught: unknown) => caught);
		expect(error).toMatchObject({ status: 400 });
	});

	it('uses the given data verbatim, and fresh ids for generated data', async () => {
		await createEndpoint('/data', 's', [{ eventName: 'note.created' }]);
		await rig.emulator.client.deliver({ eventName: 'note.created', data: { id: 'given', text: 'ünïcödé ✓' } });
		expect(envelopeOf(rig.receiver.received[0]).data).toEqual({ id: 'given', text: 'ünïcödé ✓' });
		expect(verifies(rig.receiver.received[0], 's')).toBe(true);

		await rig.emulator.client.deliver({ eventName: 'note.created' });
		await rig.emulator.client.deliver({ eventName: 'note.created' });
		const [one, two] = rig.receiver.received.slice(1).map((request) => envelopeOf(request).data.id);
		expect(one).toEqual(expect.any(String));
		expect(one).not.toBe(two);
	});

	it('signs for the org of the endpoint (legacy short org id)', async () => {
		await createEndpoint('/legacy', 'legacy-secret', [{ eventName: 'note.created' }], rig.emulator.legacyKey);
		await createEndpoint('/modern', 'modern-secret', [{ eventName: 'note.created' }]);
		await rig.emulator.client.deliver({ eventName: 'note.created', orgId: rig.emulator.legacyOrgId });
		expect(rig.receiver.received.map((request) => request.path)).toEqual(['/legacy']);
		expect(signatureParts(rig.receiver.received[0].headers['fullstory-signature']).o).toBe('TN1');
		expect(verifies(rig.receiver.received[0], 'legacy-secret')).toBe(true);
	});

	describe('options', () => {
		it('times: redelivers the same signed bytes', async () => {
			await createEndpoint('/again', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created', options: { times: 3 } });
			expect(rig.receiver.received).toHaveLength(3);
			const bodies = new Set(rig.receiver.received.map((request) => request.rawBody.toString('base64')));
			const headers = new Set(rig.receiver.received.map((request) => request.headers['fullstory-signature']));
			expect(bodies.size).toBe(1);
			expect(headers.size).toBe(1);
			expect(result.deliveries[0].attempts.map((attempt) => attempt.status)).toEqual([200, 200, 200]);
		});

		it('resign: signs each redelivery with a later t', async () => {
			await createEndpoint('/resigned', 's', [{ eventName: 'note.created' }]);
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { times: 3, resign: true } });
			const stamps = rig.receiver.received.map((request) => Number(signatureParts(request.headers['fullstory-signature']).t));
			expect(stamps[1]).toBeGreaterThan(stamps[0]);
			expect(stamps[2]).toBeGreaterThan(stamps[1]);
			expect(rig.receiver.received.every((request) => verifies(request, 's'))).toBe(true);
			expect(new Set(rig.receiver.received.map((request) => request.rawBody.toString('base64'))).size).toBe(1);
		});

		it('wrongSecret: a well-formed signature that does not verify', async () => {
			await createEndpoint('/wrong', 'right', [{ eventName: 'note.created' }]);
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { wrongSecret: true } });
			expect(signatureParts(rig.receiver.received[0].headers['fullstory-signature']).o).toBe(rig.emulator.orgId);
			expect(verifies(rig.receiver.received[0], 'right')).toBe(false);
		});

		it('timestampOffsetSeconds: a stale (or future) t, still correctly signed', async () => {
			await createEndpoint('/stale', 's', [{ eventName: 'note.created' }]);
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { timestampOffsetSeconds: -600 } });
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { timestampOffsetSeconds: 600 } });
			const [stale, future] = rig.receiver.received.map((request) =>
				Number(signatureParts(request.headers['fullstory-signature']).t),
			);
			expect(Math.abs(stale - (nowSeconds() - 600))).toBeLessThan(60);
			expect(Math.abs(future - (nowSeconds() + 600))).toBeLessThan(60);
			expect(rig.receiver.received.every((request) => verifies(request, 's'))).toBe(true);
		});

		it('timestampUnit ms: a 13-digit t', async () => {
			await createEndpoint('/ms', 's', [{ eventName: 'note.created' }]);
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { timestampUnit: 'ms' } });
			const { t } = signatureParts(rig.receiver.received[0].headers['fullstory-signature']);
			expect(t).toMatch(/^\d{13}$/);
			expect(verifies(rig.receiver.received[0], 's')).toBe(true);
		});

		it('headerName: the same value under another header only', async () => {
			await createEndpoint('/renamed', 's', [{ eventName: 'note.created' }]);
			await rig.emulator.client.deliver({ eventName: 'note.created', options: { headerName: 'X-FS-Signature' } });
			const [request] = rig.receiver.received;
			expect(request.headers['fullstory-signature']).toBeUndefined();
			expect(verifies(request, 's', 'x-fs-signature')).toBe(true);
		});

		it('omitSignature: no signature header at all', async () => {
			await createEndpoint('/unsigned', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created', options: { omitSignature: true } });
			expect(rig.receiver.received[0].headers['fullstory-signature']).toBeUndefined();
			expect(result.deliveries[0].signature).toBeNull();
		});

		it('tamperBody: one byte changed after signing, still valid JSON', async () => {
			await createEndpoint('/tampered', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created', options: { tamperBody: true } });
			const [request] = rig.receiver.received;
			expect(request.rawBody.toString('utf8')).toBe(result.body);
			expect(() => JSON.parse(result.body)).not.toThrow();
			expect(verifies(request, 's')).toBe(false);
			const original = Buffer.from(result.body.replace('"version":2', '"version":1'));
			const { o, t, v } = signatureParts(request.headers['fullstory-signature']);
			expect(original.length).toBe(request.rawBody.length);
			expect(original.filter((byte, index) => byte !== request.rawBody[index])).toHaveLength(1);
			expect(hmac(original, 's', o, t)).toBe(v);
		});

		it('drop: recorded, not sent', async () => {
			await createEndpoint('/dropped', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created', options: { drop: true } });
			expect(rig.receiver.received).toEqual([]);
			expect(result.deliveries[0]).toMatchObject({ attempts: [], signature: expect.stringMatching(/^o:/) });
			expect(await rig.emulator.client.deliveries()).toMatchObject([{ url: `${rig.receiver.url}/dropped`, dropped: true }]);
		});
	});

	describe('outcomes', () => {
		it('reports the status each endpoint answered', async () => {
			rig.receiver.respondWith(500, '/failing');
			rig.receiver.respondWith(202, '/accepting');
			await createEndpoint('/failing', 's', [{ eventName: 'note.created' }]);
			await createEndpoint('/accepting', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created', options: { times: 2 } });
			const statuses = Object.fromEntries(
				result.deliveries.map((delivery) => [delivery.url, delivery.attempts.map((attempt) => attempt.status)]),
			);
			expect(statuses).toEqual({
				[`${rig.receiver.url}/failing`]: [500, 500],
				[`${rig.receiver.url}/accepting`]: [202, 202],
			});
		});

		it("records the start of each receiver's answer, at most 4 KB of it", async () => {
			rig.receiver.respondWith({ status: 401, body: 'Signature does not match' }, '/rejecting');
			rig.receiver.respondWith({ status: 200, body: 'x'.repeat(10_000) }, '/chatty');
			await createEndpoint('/rejecting', 's', [{ eventName: 'note.created' }]);
			await createEndpoint('/chatty', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created' });
			const answers = Object.fromEntries(
				result.deliveries.map((delivery) => [delivery.url, delivery.attempts.map((attempt) => attempt.responseBody)]),
			);
			expect(answers).toEqual({
				[`${rig.receiver.url}/rejecting`]: ['Signature does not match'],
				[`${rig.receiver.url}/chatty`]: ['x'.repeat(4096)],
			});
			const logged = (await rig.emulator.client.deliveries()).map((entry) => entry.responseBody?.length);
			expect(logged.sort()).toEqual([24, 4096]);
		});

		it('reports a network error code when nothing listens', async () => {
			const closedPort = await new Promise<number>((resolve) => {
				const probe = createServer().listen(0, '127.0.0.1', () => {
					const address = probe.address();
					const port = address !== null && typeof address === 'object' ? address.port : 0;
					probe.close(() => resolve(port));
				});
			});
			await rig.emulator.api('POST', '/webhooks/v1/endpoints', {
				body: { url: `http://127.0.0.1:${closedPort}/gone`, secret: 's', eventTypes: [{ eventName: 'note.created' }] },
			});
			const result = await rig.emulator.client.deliver({ eventName: 'note.created' });
			expect(result.deliveries[0].attempts).toEqual([{ deliveryId: expect.any(String), signature: expect.any(String), error: 'ECONNREFUSED' }]);
		});

		it('gives up on an attempt after deliveryTimeoutMs', async () => {
			await rig.emulator.client.configure({ deliveryTimeoutMs: 100 });
			rig.receiver.respondWith('hang', '/slow');
			await createEndpoint('/slow', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created' });
			expect(result.deliveries[0].attempts).toEqual([{ deliveryId: expect.any(String), signature: expect.any(String), error: 'ETIMEDOUT' }]);
		});

		it('logs every attempt with the headers sent', async () => {
			rig.receiver.respondWith(410, '/gone');
			const id = await createEndpoint('/gone', 's', [{ eventName: 'note.created' }]);
			const result = await rig.emulator.client.deliver({ eventName: 'note.created' });
			const log = await rig.emulator.client.deliveries();
			expect(log).toEqual([
				{
					seq: expect.any(Number),
					time: expect.any(String),
					deliveryId: result.deliveries[0].attempts[0].deliveryId,
					attempt: 1,
					orgId: rig.emulator.orgId,
					eventName: 'note.created',
					endpointId: id,
					url: `${rig.receiver.url}/gone`,
					headers: {
						'Content-Type': 'application/json',
						'Content-Length': String(Buffer.byteLength(result.body)),
						'Fullstory-Signature': result.deliveries[0].signature,
					},
					body: result.body,
					status: 410,
					responseBody: 'ok',
				},
			]);
			await rig.emulator.client.clearDeliveries();
			expect(await rig.emulator.client.deliveries()).toEqual([]);
		});
	});
});
