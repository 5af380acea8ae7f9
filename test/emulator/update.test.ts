import { useTestEmulator } from '../helpers/emulatorFixture';
import { endpointOf, subcategoryPageOf } from './wire';

const URL_A = 'https://example.com/hooks/a';
const ID_A = Buffer.from(URL_A).toString('base64url');
const URL_B = 'https://example.com/hooks/b';
const ID_B = Buffer.from(URL_B).toString('base64url');

describe('update endpoint: the §2.5 rules, one by one', () => {
	const emulator = useTestEmulator();
	let subcategories: string[];

	beforeEach(async () => {
		const page = await emulator.api('GET', '/webhooks/v1/event-types/recording.event.custom/subcategories');
		subcategories = subcategoryPageOf(page.body).subcategoryDefs.map((def) => def.subcategory);
		const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: URL_A, secret: 'secret-1', eventTypes: [{ eventName: 'note.created' }] },
		});
		expect(created.status).toBe(200);
	});

	async function update(id: string, body: unknown) {
		return await emulator.api('POST', `/webhooks/v1/endpoints/${id}`, { body });
	}

	async function stored(id = ID_A) {
		const endpoint = (await emulator.client.endpoints()).find((candidate) => candidate.id === id);
		if (endpoint === undefined) throw new Error(`no stored endpoint ${id}`);
		return endpoint;
	}

	it('disables with disabled: true', async () => {
		const reply = await update(ID_A, { disabled: true });
		expect(reply.status).toBe(200);
		expect(endpointOf(reply.body).enabled).toBe(false);
	});

	it('re-enables a disabled endpoint when an update leaves out disabled', async () => {
		await update(ID_A, { disabled: true });
		const reply = await update(ID_A, { secret: 'secret-2' });
		expect(endpointOf(reply.body).enabled).toBe(true);
	});

	it('re-enables on an empty body too, and on disabled: false', async () => {
		await update(ID_A, { disabled: true });
		expect(endpointOf((await emulator.api('POST', `/webhooks/v1/endpoints/${ID_A}`)).body).enabled).toBe(true);
		await update(ID_A, { disabled: true });
		expect(endpointOf((await update(ID_A, { disabled: false })).body).enabled).toBe(true);
	});

	it('keeps a disabled endpoint disabled only when disabled: true is sent again', async () => {
		await update(ID_A, { disabled: true });
		const reply = await update(ID_A, { disabled: true, secret: 'secret-2' });
		expect(endpointOf(reply.body).enabled).toBe(false);
	});

	it('rejects a disabled value that is not a boolean', async () => {
		const reply = await update(ID_A, { disabled: 'true' });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'invalid_argument', message: 'disabled must be a boolean' });
	});

	it('leaves event types unchanged when eventTypes is absent or empty', async () => {
		await update(ID_A, { secret: 'x' });
		expect((await stored()).eventTypes).toEqual([{ eventName: 'note.created' }]);
		const reply = await update(ID_A, { eventTypes: [] });
		expect(endpointOf(reply.body).eventTypes).toEqual([{ eventName: 'note.created' }]);
	});

	it('replaces event types when a list is given, validated like create', async () => {
		const reply = await update(ID_A, {
			eventTypes: [
				{ eventName: 'recording.event.custom', subcategory: subcategories[0] },
				{ eventName: 'recording.event.custom', subcategory: subcategories[1] },
			],
		});
		expect(endpointOf(reply.body).eventTypes).toEqual([
			{ eventName: 'recording.event.custom', subcategory: subcategories[0] },
			{ eventName: 'recording.event.custom', subcategory: subcategories[1] },
		]);
		const invalid = await update(ID_A, { eventTypes: [{ eventName: 'recording.event.custom' }] });
		expect(invalid.status).toBe(400);
		expect(invalid.body).toEqual({
			code: 'required_field',
			message: 'eventTypes[0].subcategory is required for recording.event.custom',
		});
	});

	it('changes nothing when the update is rejected', async () => {
		await update(ID_A, { disabled: true });
		const before = await stored();
		const reply = await update(ID_A, { url: 'not a url', secret: 'new' });
		expect(reply.status).toBe(400);
		expect(await stored()).toEqual(before);
	});

	it('keeps the secret when it is absent or empty, and replaces it otherwise', async () => {
		await update(ID_A, {});
		expect((await stored()).secret).toBe('secret-1');
		await update(ID_A, { secret: '' });
		expect((await stored()).secret).toBe('secret-1');
		const reply = await update(ID_A, { secret: 'secret-2' });
		expect((await stored()).secret).toBe('secret-2');
		expect(reply.text).not.toContain('secret-2');
	});

	it('keeps the URL and id when url is absent or empty', async () => {
		const reply = await update(ID_A, { url: '' });
		expect(endpointOf(reply.body)).toMatchObject({ id: ID_A, url: URL_A });
	});

	it('re-keys the endpoint when the URL changes: new id from the new URL, old id 404', async () => {
		const reply = await update(ID_A, { url: URL_B });
		expect(reply.status).toBe(200);
		expect(endpointOf(reply.body)).toMatchObject({ id: ID_B, url: URL_B, eventTypes: [{ eventName: 'note.created' }] });
		expect((await emulator.api('GET', `/webhooks/v1/endpoints/${ID_A}`)).status).toBe(404);
		expect((await emulator.api('GET', `/webhooks/v1/endpoints/${ID_B}`)).status).toBe(200);
		expect((await update(ID_A, { disabled: false })).status).toBe(404);
		expect((await stored(ID_B)).secret).toBe('secret-1');
	});

	it('refuses a URL another endpoint of the org already uses', async () => {
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: URL_B, secret: 's', eventTypes: [{ eventName: 'note.created' }] },
		});
		const reply = await update(ID_A, { url: URL_B });
		expect(reply.status).toBe(400);
		expect(reply.body).toEqual({ code: 'already_exists', message: expect.stringContaining(URL_B) });
		expect((await emulator.api('GET', `/webhooks/v1/endpoints/${ID_A}`)).status).toBe(200);
	});

	it('bumps modified and keeps created', async () => {
		const before = await stored();
		const reply = await update(ID_A, { disabled: false });
		const after = endpointOf(reply.body);
		expect(after.created).toBe(before.created);
		expect(Date.parse(after.modified)).toBeGreaterThan(Date.parse(before.modified));
		expect(after.modified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
	});

	it('404s an unknown id', async () => {
		const reply = await update('aHR0cHM6Ly91bmtub3duLmV4YW1wbGU', { disabled: true });
		expect(reply.status).toBe(404);
		expect(reply.body).toEqual({ message: 'Requested resource does not exist', code: 'resource_not_found' });
	});
});
