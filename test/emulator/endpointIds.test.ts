import { useTestEmulator } from '../helpers/emulatorFixture';
import { endpointOf, endpointPageOf } from './wire';

const URL_A = 'https://example.com/hooks/a';
const URL_B = 'https://example.com/hooks/b';
const URL_C = 'https://example.com/hooks/c';
const NOTES = [{ eventName: 'note.created' }];

const urlId = (url: string) => Buffer.from(url).toString('base64url');

describe('endpoint ids: derived from the URL, or opaque (config.endpointIds)', () => {
	const emulator = useTestEmulator();

	async function create(url: string) {
		return await emulator.api('POST', '/webhooks/v1/endpoints', { body: { url, secret: 's', eventTypes: NOTES } });
	}

	async function createdId(url: string): Promise<string> {
		const reply = await create(url);
		expect(reply.status).toBe(200);
		return endpointOf(reply.body).id;
	}

	async function update(id: string, body: unknown) {
		return await emulator.api('POST', `/webhooks/v1/endpoints/${id}`, { body });
	}

	it('derives ids from the URL by default, and re-keys on a URL change', async () => {
		expect((await emulator.client.config()).endpointIds).toBe('url');
		const id = await createdId(URL_A);
		expect(id).toBe(urlId(URL_A));
		expect(endpointOf((await update(id, { url: URL_B })).body).id).toBe(urlId(URL_B));
	});

	describe("in 'opaque' mode", () => {
		beforeEach(async () => {
			expect((await emulator.client.configure({ endpointIds: 'opaque' })).endpointIds).toBe('opaque');
		});

		it('gives random ids that do not decode to the URL', async () => {
			const first = await createdId(URL_A);
			const second = await createdId(URL_B);
			for (const [id, url] of [
				[first, URL_A],
				[second, URL_B],
			]) {
				expect(id).toMatch(/^[A-Za-z0-9_-]{16,}$/);
				expect(id).not.toBe(urlId(url));
				expect(Buffer.from(id, 'base64url').toString('utf8')).not.toContain('example.com');
			}
			expect(first).not.toBe(second);
			expect(endpointOf((await emulator.api('GET', `/webhooks/v1/endpoints/${first}`)).body).url).toBe(URL_A);
			expect((await emulator.api('GET', `/webhooks/v1/endpoints/${urlId(URL_A)}`)).status).toBe(404);
		});

		it('keeps the id when an update changes the URL', async () => {
			const id = await createdId(URL_A);
			const reply = await update(id, { url: URL_B, disabled: false });
			expect(reply.status).toBe(200);
			expect(endpointOf(reply.body)).toMatchObject({ id, url: URL_B });
			expect(endpointOf((await emulator.api('GET', `/webhooks/v1/endpoints/${id}`)).body).url).toBe(URL_B);
			const listed = endpointPageOf((await emulator.api('GET', '/webhooks/v1/endpoints')).body).endpoints;
			expect(listed.map((endpoint) => [endpoint.id, endpoint.url])).toEqual([[id, URL_B]]);
		});

		it('still refuses a URL the org already uses, on create and on update', async () => {
			const a = await createdId(URL_A);
			const duplicate = await create(URL_A);
			expect(duplicate.status).toBe(400);
			expect(duplicate.body).toEqual({ code: 'already_exists', message: expect.stringContaining(`(id ${a})`) });
			const b = await createdId(URL_B);
			const clash = await update(b, { url: URL_A });
			expect(clash.body).toEqual({ code: 'already_exists', message: expect.stringContaining(URL_A) });
			// A URL unique to another org is no clash.
			const legacy = await emulator.api('POST', '/webhooks/v1/endpoints', {
				key: emulator.legacyKey,
				body: { url: URL_A, secret: 's', eventTypes: NOTES },
			});
			expect(legacy.status).toBe(200);
		});

		it('gives a replacing create a fresh id when duplicateUrl is "replace"', async () => {
			await emulator.client.configure({ duplicateUrl: 'replace' });
			const first = await createdId(URL_A);
			const second = await createdId(URL_A);
			expect(second).not.toBe(first);
			expect((await emulator.api('GET', `/webhooks/v1/endpoints/${first}`)).status).toBe(404);
			expect((await emulator.client.endpoints()).map((endpoint) => endpoint.id)).toEqual([second]);
		});

		it('reports the opaque id in deliveries', async () => {
			const id = await createdId(URL_A);
			await emulator.client.deliver({ eventName: 'note.created', options: { drop: true } });
			expect((await emulator.client.deliveries()).map((entry) => entry.endpointId)).toEqual([id]);
		});
	});

	describe('switching modes while endpoints exist', () => {
		it('keeps existing ids, and re-keys only on a URL change in url mode', async () => {
			const id = await createdId(URL_A);
			await emulator.client.configure({ endpointIds: 'opaque' });
			expect(endpointOf((await update(id, { url: URL_B })).body).id).toBe(id);
			await emulator.client.configure({ endpointIds: 'url' });
			expect(endpointOf((await update(id, { secret: 'new' })).body).id).toBe(id);
			expect(endpointOf((await update(id, { url: URL_C })).body).id).toBe(urlId(URL_C));
		});

		it('refuses a URL whose id an endpoint kept across a URL change', async () => {
			const id = await createdId(URL_A);
			await emulator.client.configure({ endpointIds: 'opaque' });
			await update(id, { url: URL_B });
			await emulator.client.configure({ endpointIds: 'url' });
			const reply = await create(URL_A);
			expect(reply.status).toBe(400);
			expect(reply.body).toEqual({
				code: 'already_exists',
				message: expect.stringContaining(`held by the endpoint with url "${URL_B}"`),
			});
			expect(await emulator.client.endpoints()).toHaveLength(1);
		});
	});

	it('goes back to the start-up mode on reset', async () => {
		await emulator.client.configure({ endpointIds: 'opaque' });
		await emulator.client.reset();
		expect((await emulator.client.config()).endpointIds).toBe('url');
	});

	it('refuses an unknown mode, naming the field', async () => {
		const reply = await emulator.api('POST', '/__emulator/config', { key: null, body: { endpointIds: 'random' } });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'invalid_argument', message: 'endpointIds must be "url" or "opaque"' });
	});
});

describe('an emulator started with endpointIds: "opaque"', () => {
	const emulator = useTestEmulator({ endpointIds: 'opaque', resetBeforeEach: false });

	it('uses opaque ids from the start, and keeps them as its seed across a reset', async () => {
		expect((await emulator.client.info()).config.endpointIds).toBe('opaque');
		await emulator.client.reset();
		const reply = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: URL_A, secret: 's', eventTypes: NOTES },
		});
		expect(endpointOf(reply.body).id).not.toBe(urlId(URL_A));
		expect((await emulator.client.config()).endpointIds).toBe('opaque');
	});
});
