/**
 * The credential: its base-URL expression, evaluated by n8n's own expression engine, agrees with
 * the transport's resolver for every region and for any custom value (accepted ones give the same
 * URL, refused ones give one no request can be sent to), in linear time; its header is the raw key
 * after "Basic "; and its test request, GET /me sent as n8n sends it, passes for a key of any role
 * (a Standard key included: what needs Admin or Architect says so in its own 403) and fails for a
 * wrong key with the matching rule.
 */
import { Container } from '@n8n/di';
import { OutboundHttp } from '@n8n/backend-network';
import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, INode, INodeTypes } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { FullStoryApi } from '../credentials/FullStoryApi.credentials';
import { FullStory } from '../nodes/FullStory/FullStory.node';
import { resolveBaseUrl } from '../nodes/transport/baseUrl';
import { REFUSED_BASE_URL } from '../nodes/transport/baseUrlExpression';
import { useTestEmulator } from './helpers/emulatorFixture';
import { rejection } from './helpers/rejection';

const credential = new FullStoryApi();
const emulator = useTestEmulator({ resetBeforeEach: false });

/** A workflow holding one FullStory node: what n8n evaluates a credential's expressions against. */
const node: INode = { id: 'node-1', name: 'FullStory', type: 'n8n-nodes-fullstory.fullStory', typeVersion: 1, position: [0, 0], parameters: {} };
const nodeType = new FullStory();
const nodeTypes: INodeTypes = { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) };
const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });

/** The credential test's base URL, as n8n's expression engine resolves it with `$credentials`. */
function testBaseUrl(credentials: ICredentialDataDecryptedObject): unknown {
	return workflow.expression.getSimpleParameterValue(node, String(credential.test.request.baseURL), 'internal', {
		$credentials: credentials,
	});
}

/** Where axios, under n8n's HTTP helpers, sends `url` under `baseURL`, or undefined when it cannot. */
function requestedUrl(baseUrl: string, url: string): URL | undefined {
	try {
		return new URL(`${baseUrl.replace(/\/?\/$/, '')}/${url.replace(/^\/+/, '')}`);
	} catch {
		return undefined;
	}
}

describe('base URL', () => {
	it.each([
		[{ region: 'default' }, 'https://api.fullstory.com'],
		[{ region: 'eu1' }, 'https://api.eu1.fullstory.com'],
		[{ region: 'custom', baseUrl: ' http://127.0.0.1:8787/ ' }, 'http://127.0.0.1:8787'],
		[{ region: 'custom', baseUrl: 'https://proxy.example.com/fullstory//' }, 'https://proxy.example.com/fullstory'],
		[{ region: 'custom', baseUrl: 'HTTPS://[::1]:8443/a@b' }, 'HTTPS://[::1]:8443/a@b'],
	])('%j → %s, in the credential test and in the transport alike', (fields, expected) => {
		expect(testBaseUrl(fields)).toBe(expected);
		expect(resolveBaseUrl(fields)).toEqual({ ok: true, baseUrl: expected });
	});

	it.each([
		['a fragment', 'http://127.0.0.1:8787/#'],
		['a query', 'http://127.0.0.1:8787?'],
		['a user name and password', 'http://user:pass@127.0.0.1:8787'],
		['an empty user name', 'http://@127.0.0.1:8787'],
		['a backslash', 'http://127.0.0.1:8787\\evil'],
		['no host', 'http:///127.0.0.1:8787'],
		['another scheme', 'ftp://127.0.0.1'],
		['a line break', 'http://127.0.0.1:8787/a\nb'],
		['nothing', ''],
		['more than 2,048 characters', `http://h/${'a'.repeat(2048)}`],
	])('%s: refused by both, and the credential test names no host', (_, baseUrl) => {
		expect(resolveBaseUrl({ region: 'custom', baseUrl }).ok).toBe(false);
		expect(testBaseUrl({ region: 'custom', baseUrl })).toBe(REFUSED_BASE_URL);
	});

	it('a refused base URL makes n8n send the test request nowhere', async () => {
		const error = await rejection(
			Container.get(OutboundHttp).requests().request({ baseURL: REFUSED_BASE_URL, url: String(credential.test.request.url), method: 'GET' }),
		);
		expect(error.message).toMatch(/Unsupported protocol invalid-base-url:/);
	});

	it('80,000 slashes: refused at once by both (the old /\\/+$/ took seconds)', () => {
		const baseUrl = `http://127.0.0.1:8787${'/'.repeat(80_000)}`;
		const started = performance.now();
		expect(resolveBaseUrl({ region: 'custom', baseUrl }).ok).toBe(false);
		expect(testBaseUrl({ region: 'custom', baseUrl })).toBe(REFUSED_BASE_URL);
		expect(performance.now() - started).toBeLessThan(200);
	});

	it('2,000 slashes, within the length cap: trimmed at once by both', () => {
		const baseUrl = `http://127.0.0.1:8787${'/'.repeat(2000)}`;
		const started = performance.now();
		expect(resolveBaseUrl({ region: 'custom', baseUrl })).toEqual({ ok: true, baseUrl: 'http://127.0.0.1:8787' });
		expect(testBaseUrl({ region: 'custom', baseUrl })).toBe('http://127.0.0.1:8787');
		expect(performance.now() - started).toBeLessThan(200);
	});

	/** Values near every rule's edge: schemes, user names, hosts, ports, paths, suffixes, spaces. */
	const customBaseUrl = fc
		.tuple(
			fc.constantFrom('', ' ', '\t'),
			fc.constantFrom('http://', 'https://', 'HTTP://', 'ftp://', 'http:/', 'http:///', 'http:\\\\', ''),
			fc.constantFrom('', 'u@', 'u:p@', '@', ':@'),
			fc.constantFrom('h', 'api.example.com', '127.0.0.1', '[::1]', '', 'ex ample', 'h%40x', 'bücher.de', '[::1'),
			fc.constantFrom('', ':8787', ':99999', ':', ':x'),
			fc.array(fc.constantFrom('', 'a', '..', '%2e', 'x y', '@', 'a\\b', 'é', '\u0000'), { maxLength: 4 }),
			fc.constantFrom('', '/', '//', '?', '#', '?q=1', '#f', '/?', '/#'),
			fc.constantFrom('', ' ', '\n'),
		)
		.map(([lead, scheme, user, host, port, path, suffix, trail]) => {
			const pathText = path.length === 0 ? '' : `/${path.join('/')}`;
			return `${lead}${scheme}${user}${host}${port}${pathText}${suffix}${trail}`;
		});

	it('any custom value: the same base URL when accepted; when refused, none the test request could go to', () => {
		fc.assert(
			fc.property(fc.oneof(customBaseUrl, fc.string({ maxLength: 40 }), fc.constantFrom(undefined, 42, true)), (baseUrl) => {
				const fields: ICredentialDataDecryptedObject = baseUrl === undefined ? { region: 'custom' } : { region: 'custom', baseUrl };
				const resolved = resolveBaseUrl(fields);
				const evaluated = testBaseUrl(fields);
				if (resolved.ok) {
					expect(evaluated).toBe(resolved.baseUrl);
					return;
				}
				// The expression cannot parse URLs: a value only the full parse refuses is passed on,
				// and the HTTP client cannot parse it either.
				if (evaluated !== REFUSED_BASE_URL) {
					expect(typeof evaluated).toBe('string');
					expect(requestedUrl(String(evaluated), String(credential.test.request.url))).toBeUndefined();
				}
			}),
			{ numRuns: 2000 },
		);
	});
});

describe('credential test request', () => {
	async function runTest(apiKey: string) {
		const header = String(credential.authenticate.properties.headers?.Authorization)
			.replace(/^=/, '')
			.replace('{{$credentials.apiKey}}', apiKey);
		const baseUrl = testBaseUrl({ region: 'custom', baseUrl: emulator.baseUrl });
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
		expect(logged.path).toBe('/me');
	});

	it('passes for an Admin, an Architect and a Standard key', async () => {
		for (const key of [emulator.adminKey, emulator.architectKey, emulator.standardKey]) {
			expect(await runTest(key)).toEqual({ status: 200, message: undefined });
		}
	});

	it('fails for a wrong key, saying to check the key', async () => {
		expect(await runTest('na1.wrong/key')).toEqual({ status: 401, message: expect.stringMatching(/rejected the API key/) });
	});

	it('a revoked key fails the same way', async () => {
		const revoked = 'na1.revoked-key/for-credential-test';
		await emulator.client.addKey({ key: revoked, role: 'USER', orgId: emulator.orgId });
		expect((await runTest(revoked)).status).toBe(200);
		await emulator.client.revokeKey(revoked);
		expect(await runTest(revoked)).toEqual({ status: 401, message: expect.stringMatching(/has not been revoked/) });
	});
});
