/**
 * The action node's per-item idempotency key (nodes/FullStory/actions/idempotency.ts): derived
 * from the instance, execution, node, run and item, so the same on Retry On Fail (the same
 * execution and run) and different for another item, run, execution, node or instance; the user's
 * own key (a plain string or an expression's value) as given; a `part` per extra call; a random key
 * when n8n gives no execution ID; never anything secret, always a header value of at most 255.
 */
import type { IDataObject } from 'n8n-workflow';

import { IDEMPOTENCY_KEY_PARAMETER, idempotencyKeyProperty, itemIdempotencyKey } from '../nodes/FullStory/actions/idempotency';
import { idempotencyKeyProblem } from '../nodes/transport/idempotency';
import { createContext } from './helpers/context';
import { operationRejection } from './helpers/rejection';

const API_KEY = 'na1.secret-api-key/abcdef';

interface Where {
	executionId?: unknown;
	runIndex?: unknown;
	nodeId?: string;
	instanceId?: string;
	parameters?: IDataObject;
	itemParameters?: IDataObject[];
}

/** An execute context whose execution ID and run index are `where`'s (the shared fake has neither). */
function contextAt(where: Where = {}) {
	const { context } = createContext({
		credentials: { apiKey: API_KEY, region: 'default' },
		parameters: where.parameters ?? {},
		itemParameters: where.itemParameters,
		instanceId: where.instanceId,
		node: { id: where.nodeId ?? 'node-1' },
	});
	return Object.assign(context, {
		getExecutionId: () => ('executionId' in where ? where.executionId : '1042'),
		getWorkflowDataProxy: () => ({ $runIndex: 'runIndex' in where ? where.runIndex : 0 }),
	});
}

const DERIVED = /^n8n-[0-9a-f]{32}$/;

describe('a derived key', () => {
	it('is n8n- and 32 hex digits: a header value, nothing secret in it', () => {
		const key = itemIdempotencyKey(contextAt(), 0);
		expect(key).toMatch(DERIVED);
		expect(idempotencyKeyProblem(key)).toBeUndefined();
		expect(key).not.toContain(API_KEY);
		expect(key).not.toContain('1042');
	});

	it('is the same for the same execution, node, run and item: Retry On Fail sends the same key', () => {
		// Retry On Fail runs the node again in the same execution (n8n-core WorkflowExecute), with the same run index.
		expect(itemIdempotencyKey(contextAt(), 3)).toBe(itemIdempotencyKey(contextAt(), 3));
	});

	it.each<[string, Where, number]>([
		['another item', {}, 1],
		['another execution (a retry from the executions list)', { executionId: '1043' }, 0],
		['another run of the node (a loop)', { runIndex: 1 }, 0],
		['another node', { nodeId: 'node-2' }, 0],
		['another n8n instance with a copy of the workflow', { instanceId: 'other-instance' }, 0],
	])('differs for %s', (_, where, itemIndex) => {
		expect(itemIdempotencyKey(contextAt(where), itemIndex)).not.toBe(itemIdempotencyKey(contextAt(), 0));
	});

	it('differs per part, for several calls made for one item', () => {
		const context = contextAt();
		const keys = new Set([itemIdempotencyKey(context, 0), itemIdempotencyKey(context, 0, { part: 'chunk-1' }), itemIdempotencyKey(context, 0, { part: 'chunk-2' })]);
		expect(keys.size).toBe(3);
		expect(itemIdempotencyKey(context, 0, { part: 'chunk-2' })).toBe(itemIdempotencyKey(contextAt(), 0, { part: 'chunk-2' }));
	});

	it.each([
		['no execution ID', { executionId: undefined }],
		['an empty one', { executionId: '' }],
		["n8n-core's placeholder", { executionId: '__UNKNOWN__' }],
		['no run index', { runIndex: undefined }],
	])('is random when n8n gives %s, so no two executions can share it', (_, where) => {
		const first = itemIdempotencyKey(contextAt(where), 0);
		expect(first).toMatch(DERIVED);
		expect(itemIdempotencyKey(contextAt(where), 0)).not.toBe(first);
	});
});

describe("the user's key", () => {
	it('is used as given, trimmed, for each item its own (an expression such as {{ $json.paymentId }})', () => {
		const context = contextAt({ itemParameters: [{ idempotencyKey: ' payment-4711 ' }, { idempotencyKey: 'payment-4712' }] });
		expect(itemIdempotencyKey(context, 0)).toBe('payment-4711');
		expect(itemIdempotencyKey(context, 1)).toBe('payment-4712');
	});

	it('is the same in another execution, unlike a derived key: a retried execution sends it again', () => {
		const parameters = { idempotencyKey: 'payment-4711' };
		expect(itemIdempotencyKey(contextAt({ parameters, executionId: '1043' }), 0)).toBe(itemIdempotencyKey(contextAt({ parameters }), 0));
	});

	it('may be a number, as an expression can give', () => {
		expect(itemIdempotencyKey(contextAt({ parameters: { idempotencyKey: 4711 } }), 0)).toBe('4711');
	});

	it('with a part, is a digest of both: stable across executions, distinct per part', () => {
		const key = (executionId: string, part: string) =>
			itemIdempotencyKey(contextAt({ parameters: { idempotencyKey: 'payment-4711' }, executionId }), 0, { part });
		expect(key('1042', 'chunk-1')).toMatch(DERIVED);
		expect(key('1042', 'chunk-1')).toBe(key('1043', 'chunk-1'));
		expect(key('1042', 'chunk-1')).not.toBe(key('1042', 'chunk-2'));
	});

	it('empty or blank: a derived key instead', () => {
		expect(itemIdempotencyKey(contextAt({ parameters: { idempotencyKey: '   ' } }), 0)).toMatch(DERIVED);
	});

	it('is read from another parameter when told, e.g. inside an options collection', () => {
		const context = contextAt({ parameters: { options: { idempotencyKey: 'from-options' } } });
		expect(itemIdempotencyKey(context, 0, { parameter: 'options.idempotencyKey' })).toBe('from-options');
	});

	it.each([
		['too long', 'k'.repeat(256), /more than the 255 allowed/],
		['with a line break', 'a\nb', /printable ASCII/],
	])('%s: refused, naming the parameter and the item', async (_, idempotencyKey, problem) => {
		const error = await operationRejection((async () => itemIdempotencyKey(contextAt({ parameters: { idempotencyKey } }), 0))());
		expect(error.message).toMatch(/^Idempotency Key cannot be used: /);
		expect(error.message).toMatch(problem);
		expect(error.context.itemIndex).toBe(0);
	});

	it('not text: refused', async () => {
		const error = await operationRejection((async () => itemIdempotencyKey(contextAt({ parameters: { idempotencyKey: { id: 1 } } }), 0))());
		expect(error.message).toBe('Idempotency Key must be text');
	});
});

it('the parameter: a plain string field, empty by default', () => {
	expect(idempotencyKeyProperty).toMatchObject({ name: IDEMPOTENCY_KEY_PARAMETER, type: 'string', default: '' });
});
