/** The rejection helpers fail the test they are in when the promise does not reject as expected. */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { apiRejection, nodeRejection, operationRejection, rejection } from './rejection';

const node: INode = { id: 'n', name: 'FullStory', type: 'n8n-nodes-fullstory.fullStory', typeVersion: 1, position: [0, 0], parameters: {} };

describe('rejection helpers', () => {
	it('hand back the error, typed by its class', async () => {
		const refused = new NodeOperationError(node, 'refused', { description: 'why' });
		expect(await operationRejection(Promise.reject(refused))).toBe(refused);
		expect((await nodeRejection(Promise.reject(refused))).description).toBe('why');
		expect((await rejection(Promise.reject(new TypeError('bad')))).message).toBe('bad');
		const failed = new NodeApiError(node, { message: 'down', httpCode: '503' });
		expect((await apiRejection(Promise.reject(failed))).httpCode).toBe('503');
	});

	it('fail when the promise resolves', async () => {
		await expect(rejection(Promise.resolve({ ok: true }))).rejects.toThrow('Expected a rejection with Error, but it resolved with { ok: true }');
	});

	it('fail when the promise rejects with another class, naming it', async () => {
		await expect(apiRejection(Promise.reject(new NodeOperationError(node, 'refused')))).rejects.toThrow(
			'Expected a rejection with NodeApiError, but it rejected with NodeOperationError: refused',
		);
		await expect(nodeRejection(Promise.reject(new Error('plain')))).rejects.toThrow('but it rejected with Error: plain');
		await expect(rejection(Promise.reject('a string'))).rejects.toThrow("but it rejected with 'a string'");
	});
});
