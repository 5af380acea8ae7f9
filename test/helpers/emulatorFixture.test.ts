/** useTestEmulator: one emulator for the block, reset before each test, its handle read lazily. */
import { useTestEmulator } from './emulatorFixture';

const emulator = useTestEmulator();

describe('useTestEmulator', () => {
	it('runs the emulator for the tests of the block that called it', async () => {
		expect(emulator.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		const reply = await emulator.api('GET', '/me');
		expect(reply.status).toBe(200);
	});

	it('leaves state behind for the next test to find reset (1/2: make some)', async () => {
		await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/fixture', secret: 's', eventTypes: [{ eventName: 'note.created' }] },
		});
		expect(await emulator.client.endpoints()).toHaveLength(1);
	});

	it('starts each test from the seed state (2/2: none left)', async () => {
		expect(await emulator.client.endpoints()).toHaveLength(0);
	});
});

describe('useTestEmulator without the reset', () => {
	const kept = useTestEmulator({ resetBeforeEach: false, orgId: 'o-FIXTURE-na1' });

	it('passes the emulator options on (1/2)', async () => {
		expect(kept.orgId).toBe('o-FIXTURE-na1');
		await kept.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/kept', secret: 's', eventTypes: [{ eventName: 'note.created' }] },
		});
	});

	it('keeps state between tests when asked to (2/2)', async () => {
		expect(await kept.client.endpoints()).toHaveLength(1);
	});

	it('is another emulator than the file-level one', () => {
		expect(kept.baseUrl).not.toBe(emulator.baseUrl);
	});
});

describe('a handle read outside tests and hooks', () => {
	const early = useTestEmulator();
	// Read while jest collects the tests, before any beforeAll has run.
	const readEarly = (() => {
		try {
			return early.baseUrl;
		} catch (error) {
			return error;
		}
	})();

	it('throws instead of handing out undefined', () => {
		expect(readEarly).toBeInstanceOf(Error);
		expect(String(readEarly)).toMatch(/only running inside tests and hooks/);
		expect(early.baseUrl).toMatch(/^http:/);
	});
});
