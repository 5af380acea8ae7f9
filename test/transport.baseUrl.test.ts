/**
 * A custom Base URL through the transport: only a scheme, host, port and path are accepted, each
 * refusal says what is wrong and how to fix it before anything is sent, and the API path is joined
 * to the base path with exactly one slash, so no `?` or `#` can swallow it.
 */
import { listEventTypes } from '../nodes/api/webhooks/api';
import { createContext } from './helpers/context';
import { operationRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

/** A server that records the paths it is asked for and answers an empty event type list. */
async function withRecordingServer(run: (origin: string, paths: string[]) => Promise<void>): Promise<void> {
	const paths: string[] = [];
	await withLocalServer(
		(request, response) => {
			paths.push(request.url ?? '');
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"eventDefs":[]}');
		},
		async (origin) => await run(origin, paths),
	);
}

function contextWithBaseUrl(baseUrl: string | undefined) {
	const credentials = { apiKey: 'key-for-test', region: 'custom' };
	return createContext({ credentials: baseUrl === undefined ? credentials : { ...credentials, baseUrl } });
}

describe('the API path is joined to the base path with exactly one slash', () => {
	it.each([
		['', '/webhooks/v1/event-types'],
		['/', '/webhooks/v1/event-types'],
		['/proxy/fullstory', '/proxy/fullstory/webhooks/v1/event-types'],
		['/proxy/fullstory///', '/proxy/fullstory/webhooks/v1/event-types'],
		['/a@b/x', '/a@b/x/webhooks/v1/event-types'],
	])('base path %j → %s', async (basePath, expected) => {
		await withRecordingServer(async (origin, paths) => {
			await listEventTypes(contextWithBaseUrl(`${origin}${basePath}`).context);
			expect(paths).toEqual([expected]);
		});
	});
});

describe('a custom Base URL that is more than scheme, host, port and path is refused before any request', () => {
	it.each([
		['#', "contains a fragment ('#')", /Remove '#' and everything after it/],
		['/#/admin', "contains a fragment ('#')", /Remove '#'/],
		['?', "contains a query ('?')", /Remove '\?' and everything after it/],
		['/?target=', "contains a query ('?')", /Remove '\?'/],
	])('origin + %j: %s', async (suffix, problem, fix) => {
		await withRecordingServer(async (origin, paths) => {
			const { context, requests } = contextWithBaseUrl(`${origin}${suffix}`);
			const error = await operationRejection(listEventTypes(context));
			expect(error.message).toBe(`The FullStory credential cannot be used: the credential's base URL ${problem}`);
			expect(error.description).toMatch(fix);
			expect(requests).toHaveLength(0);
			expect(paths).toHaveLength(0);
		});
	});

	it.each([
		['http://user:secret-pass@127.0.0.1:1', "contains a user name or password (user:password@)", /up to and including '@'/],
		['http://@127.0.0.1:1', "contains a user name or password (user:password@)", /API key alone/],
		['http:///127.0.0.1:1', 'has no host after http(s)://', /host right after the two slashes/],
		['https://', 'has no host after http(s)://', /host right after the two slashes/],
		['ftp://127.0.0.1', 'must start with http:// or https://', /http or https URL/],
		['127.0.0.1:8787', 'must start with http:// or https://', /http or https URL/],
		['http://127.0.0.1:1\\x', 'contains a backslash (\\)', /forward slashes/],
		['http://127.0.0.1:1/a b', 'contains a space or a control character', /Remove the spaces/],
		['http://127.0.0.1:1/a\tb', 'contains a space or a control character', /tabs or line breaks/],
		['http://127.0.0.1:99999', 'is not a valid URL', /Check the host and the port/],
		[`http://127.0.0.1:1/${'p'.repeat(2048)}`, 'is longer than 2048 characters', /only the scheme, host, port and path/],
	])('%j: %s', async (baseUrl, problem, fix) => {
		const { context, requests } = contextWithBaseUrl(baseUrl);
		const error = await operationRejection(listEventTypes(context));
		expect(error.message).toBe(`The FullStory credential cannot be used: the credential's base URL ${problem}`);
		expect(error.description).toMatch(fix);
		expect(`${error.message} ${error.description ?? ''}`).not.toContain('secret-pass');
		expect(requests).toHaveLength(0);
	});

	it.each([[''], ['   '], [undefined]])('%j: says none is set and how to set one', async (baseUrl) => {
		const { context, requests } = contextWithBaseUrl(baseUrl);
		const error = await operationRejection(listEventTypes(context));
		expect(error.message).toBe('The FullStory credential cannot be used: the credential uses a custom base URL but none is set');
		expect(error.description).toMatch(/enter a Base URL such as https:\/\/api\.fullstory\.com, or choose a region/);
		expect(requests).toHaveLength(0);
	});

	it('80,000 trailing slashes are refused at once, for being too long', async () => {
		const { context } = contextWithBaseUrl(`http://127.0.0.1:1${'/'.repeat(80_000)}`);
		const started = performance.now();
		const error = await operationRejection(listEventTypes(context));
		expect(performance.now() - started).toBeLessThan(200);
		expect(error.message).toMatch(/is longer than 2048 characters$/);
	});
});
