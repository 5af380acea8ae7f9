/**
 * The credential: its base-URL expression agrees with the transport's resolver for every region,
 * its header is the raw key after "Basic ", and its test request, sent as n8n sends it, passes
 * for an Admin or Architect key and fails for a wrong or a Standard key with the matching rule.
 */
import { FullStoryApi } from '../credentials/FullStoryApi.credentials';
import { resolveBaseUrl } from '../nodes/transport/baseUrl';
import type { TestEmulator } from './helpers/emulator';
import { startTestEmulator } from './helpers/emulator';

const credential = new FullStoryApi();
let emulator: TestEmulator;

beforeAll(async () => {
	emulator = await startTestEmulator();
});
afterAll(async () => await emulator.stop());

/** Evaluates the `={{ … }}` expression the way n8n would, for the plain JavaScript it contains. */
function evaluate(expression: string, credentials: Record<string, unknown>): unknown {
	const body = /^=\{\{([\s\S]*)\}\}$/.exec(expression)?.[1];
	if (body === undefined) throw new Error(`not an expression: ${expression}`);
	return new Function('$credentials', `return (${body});`)(credentials);
}

describe('base URL', () => {
	it.each([
		[{ region: 'default' }, 'https://api.fullstory.com'],
		[{ region: 'eu1' }, 'https://api.eu1.fullstory.com'],
		[{ region: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
		[{ region: 'custom', baseUrl: 'https://proxy.example.com/fullstory//' }, 'https://proxy.example.com/fullstory'],
	])('%j → %s, in the credential test and in the transport alike', (fields, expected) => {
		expect(evaluate(String(credential.test.request.baseURL), fields)).toBe(expected);
		expect(resolveBaseUrl(fields)).toEqual({ ok: true, baseUrl: expected });
	});
});

describe('credential test request', () => {
	async function runTest(apiKey: string) {
		const header = String(credential.authenticate.properties.headers?.Authorization)
			.replace(/^=/, '')
			.replace('{{$credentials.apiKey}}', apiKey);
		const baseUrl = evaluate(String(credential.test.request.baseURL), { region: 'custom', baseUrl: emulator.baseUrl });
		const response = await fetch(`${String(baseUrl)}${String(credential.test.request.url)}`, {
			method: credential.test.request.method,
			headers: { Authorization: header },
		});
		const rule = credential.test.rules?.find((candidate) => candidate.type === 'responseCode' && candidate.properties.value === response.status);
		return { status: response.status, message: rule?.properties.message };
	}

	it('sends "Basic " and the key as is (not base64 of user:password)', async () => {
		await emulator.client.clearRequests();
		await runTest(emulator.adminKey);
		const [logged] = await emulator.client.requests();
		expect(logged.headers.authorization).toBe(`Basic ${emulator.adminKey}`);
		expect(logged.path).toBe('/webhooks/v1/event-types');
	});

	it('passes for an Admin and an Architect key', async () => {
		expect((await runTest(emulator.adminKey)).status).toBe(200);
		expect((await runTest(emulator.architectKey)).status).toBe(200);
	});

	it('fails for a wrong key, saying to check the key', async () => {
		expect(await runTest('na1.wrong/key')).toEqual({ status: 401, message: expect.stringMatching(/rejected the API key/) });
	});

	it('fails for a Standard key, naming the roles needed', async () => {
		expect(await runTest(emulator.standardKey)).toEqual({ status: 403, message: expect.stringMatching(/Admin or Architect/) });
	});
});
