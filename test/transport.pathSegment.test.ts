/**
 * Ids and names in API paths: each goes in as exactly one encoded segment, and `.`, `..` and the
 * empty segment, which URL parsers would resolve to another path, are refused before any request
 * with an error naming the field (and the item, in the action node).
 */
import { NodeOperationError } from 'n8n-workflow';

import {
	deleteEndpoint,
	deleteEndpointIfPresent,
	findEndpoint,
	getEndpoint,
	listSubcategories,
	updateEndpoint,
} from '../nodes/api/webhooks/api';
import { FullStory } from '../nodes/FullStory/FullStory.node';
import { encodePath, pathSegment } from '../nodes/transport/path';
import { failAction, runAction } from './helpers/actionNode';
import { createContext, emulatorCredentials } from './helpers/context';
import { useTestEmulator } from './helpers/emulatorFixture';
import { operationRejection } from './helpers/rejection';
import { withLocalServer } from './transport.localServer';

const emulator = useTestEmulator();

function contextFor() {
	return createContext({ credentials: emulatorCredentials(emulator.baseUrl, emulator.adminKey) }).context;
}

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('encodePath', () => {
	it('puts each value in as one segment, whatever it holds', () => {
		expect(encodePath(['/webhooks/v1/endpoints', pathSegment('a/b?c#d %2e', 'Endpoint ID')])).toEqual({
			ok: true,
			path: '/webhooks/v1/endpoints/a%2Fb%3Fc%23d%20%252e',
		});
		expect(encodePath(['/v2/users/', pathSegment('...', 'User ID'), '/events'])).toEqual({ ok: true, path: '/v2/users/.../events' });
		expect(encodePath('/me')).toEqual({ ok: true, path: '/me' });
	});

	it.each([
		['.', "Endpoint ID '.' is not a valid FullStory ID"],
		['..', "Endpoint ID '..' is not a valid FullStory ID"],
		['', 'Endpoint ID is empty'],
		['\uD800', 'Endpoint ID contains a broken character and is not a valid FullStory ID'],
	])('refuses %j', (value, message) => {
		const encoded = encodePath(['/webhooks/v1/endpoints', pathSegment(value, 'Endpoint ID')]);
		expect(encoded).toEqual({ ok: false, problem: { message, description: expect.stringMatching(/Enter the Endpoint ID as FullStory shows it\.$/) } });
	});
});

describe('the Webhooks calls refuse a dot or empty segment before any request', () => {
	const calls: Array<[string, (id: string) => Promise<unknown>]> = [
		['getEndpoint', async (id) => await getEndpoint(contextFor(), id, 3)],
		['findEndpoint', async (id) => await findEndpoint(contextFor(), id)],
		['updateEndpoint', async (id) => await updateEndpoint(contextFor(), id, { disabled: true }, 3)],
		['deleteEndpoint', async (id) => await deleteEndpoint(contextFor(), id, 3)],
		['deleteEndpointIfPresent', async (id) => await deleteEndpointIfPresent(contextFor(), id)],
	];

	it.each(calls.flatMap(([name, call]) => ['.', '..', ''].map((id) => [name, id, call] as const)))(
		'%s(%j)',
		async (_, id, call) => {
			const error = await operationRejection(call(id));
			expect(error.message).toBe(id === '' ? 'Endpoint ID is empty' : `Endpoint ID '${id}' is not a valid FullStory ID`);
			expect(await emulator.client.requests()).toHaveLength(0);
		},
	);

	it('the item index travels with the error', async () => {
		const error = await operationRejection(getEndpoint(contextFor(), '..', 3));
		expect(error.context.itemIndex).toBe(3);
	});

	it.each(['.', '..'])('listSubcategories(%j) names the event type field', async (eventName) => {
		const error = await operationRejection(listSubcategories(contextFor(), eventName, { itemIndex: 1 }));
		expect(error.message).toBe(`Event Type '${eventName}' is not a valid FullStory ID`);
		expect(error.context.itemIndex).toBe(1);
		expect(await emulator.client.requests()).toHaveLength(0);
	});
});

describe('the action node', () => {
	it.each([
		['get', {}],
		['delete', {}],
		// Update checks the event types with FullStory first; the ID is refused before that.
		['update', { eventTypes: ['note.created'], updateFields: { enabled: false } }],
	])('%s with Endpoint ID ".." stops before any call, naming the field', async (operation, parameters) => {
		const error = await failAction(emulator, { resource: 'endpoint', operation, endpoint: byId(' .. '), ...parameters });
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe("Endpoint ID '..' is not a valid FullStory ID");
		expect(error.context.itemIndex).toBe(0);
		expect(await emulator.client.requests()).toHaveLength(0);
	});

	it('names the item: the first item runs, the second is refused', async () => {
		const { output } = await runAction(
			emulator,
			{ resource: 'eventSubcategory', operation: 'getAll', returnAll: true },
			{ itemParameters: [{ eventName: 'recording.event.custom' }, { eventName: '..' }], continueOnFail: true },
		);
		expect(output.length).toBeGreaterThan(1);
		for (const entry of output.slice(0, -1)) expect(entry).toMatchObject({ json: { eventName: 'recording.event.custom' }, pairedItem: { item: 0 } });
		expect(output.at(-1)).toEqual({
			json: { error: "Event Type '..' is not a valid FullStory ID", description: expect.any(String) },
			pairedItem: { item: 1 },
		});
		expect((await emulator.client.requests()).map((entry) => entry.path)).toEqual([
			'/webhooks/v1/event-types/recording.event.custom/subcategories',
		]);
	});

	it('an ID from the answer of a server that is not FullStory is refused as well (By URL)', async () => {
		const seen: string[] = [];
		const endpoints = [{ id: '..', url: 'https://n8n.example.com/hook', enabled: true, eventTypes: [] }];
		const answer = (method = '', url = '') => {
			seen.push(`${method} ${url}`);
			return JSON.stringify({ endpoints });
		};
		await withLocalServer(
			(request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end(answer(request.method, request.url)),
			async (origin) => {
				const fake = createContext({
					credentials: emulatorCredentials(origin, 'key'),
					parameters: { resource: 'endpoint', operation: 'delete', endpoint: { __rl: true, mode: 'url', value: 'https://n8n.example.com/hook' } },
				});
				const error = await operationRejection(new FullStory().execute.call(fake.context));
				expect(error.message).toBe("Endpoint ID '..' is not a valid FullStory ID");
				expect(seen).toEqual(['GET /webhooks/v1/endpoints?limit=100']);
			},
		);
	});
});
