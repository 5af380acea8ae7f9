/**
 * The idempotency key of one item's create call (FullStoryRequest.idempotencyKey): the user's own
 * (the Idempotency Key parameter, usually an expression such as a payment ID), or one derived
 * from where the call is made.
 *
 * A derived key hashes the n8n instance, execution, node, run and item, so:
 * - the transport's own retries and n8n's Retry On Fail (the same execution, `getExecutionId()`
 *   unchanged, and the same run index) send the same key, and FullStory does the work once;
 * - another item, another run of the node in a loop, another execution, or another n8n instance
 *   with a copy of the workflow sends another key.
 * Retrying a failed execution from the executions list starts a new execution with a new ID, so
 * its derived keys are new and FullStory does the work again; a key from the data, given by
 * expression, stays the same there too. The parameter's description says so.
 *
 * Nothing secret goes into a key: the hash input is ids only, and the output is a hex digest.
 */
import { createHash, randomBytes } from 'crypto';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MAX_IDEMPOTENCY_KEY_LENGTH, idempotencyKeyProblem } from '../../transport/idempotency';

export const IDEMPOTENCY_KEY_PARAMETER = 'idempotencyKey';

/** The parameter each create operation shows (under its options, or on its own). */
export const idempotencyKeyProperty: INodeProperties = {
	displayName: 'Idempotency Key',
	name: IDEMPOTENCY_KEY_PARAMETER,
	type: 'string',
	default: '',
	placeholder: 'e.g. payment-4711',
	description:
		'FullStory does the work of one key once and answers repeats with the first answer. Leave empty for a key of this execution and item, which keeps retries within the execution safe; set one from your data by expression (for example the payment ID) to make re-running a failed execution safe too.',
};

/** The key as the only option of an operation's Options collection (read as `options.idempotencyKey`). */
export const IDEMPOTENCY_OPTION = 'options.idempotencyKey';

/** Hex characters of the SHA-256 digest kept: 128 bits, ample for keys that never meet by chance. */
const DIGEST_LENGTH = 32;

const PREFIX = 'n8n-';

function digest(parts: Array<string | number>): string {
	return `${PREFIX}${createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, DIGEST_LENGTH)}`;
}

/**
 * The execution's ID, or undefined when n8n gives none: `getExecutionId()` is typed string, but
 * n8n-core returns `additionalData.executionId` as is, which some contexts leave unset, and
 * n8n-core's own stand-in for a missing one is `__UNKNOWN__`.
 */
function executionIdOf(context: IExecuteFunctions): string | undefined {
	const id: unknown = context.getExecutionId();
	return typeof id === 'string' && id !== '' && id !== '__UNKNOWN__' ? id : undefined;
}

/** The run of this node within the execution (0, then 1, ... in a loop); `$runIndex` of expressions. */
function runIndexOf(context: IExecuteFunctions, itemIndex: number): number | undefined {
	const runIndex: unknown = context.getWorkflowDataProxy(itemIndex).$runIndex;
	return typeof runIndex === 'number' ? runIndex : undefined;
}

/** The key the user gave for this item, trimmed; undefined when the parameter is empty or absent. */
function userKey(context: IExecuteFunctions, itemIndex: number, parameter: string): string | undefined {
	const value: unknown = context.getNodeParameter(parameter, itemIndex, '');
	// An expression such as {{ $json.id }} may give a number.
	const key = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
	if (typeof key !== 'string') {
		throw new NodeOperationError(context.getNode(), 'Idempotency Key must be text', {
			description: 'Give a string or a number, for example {{ $json.paymentId }}, or leave it empty.',
			itemIndex,
		});
	}
	const trimmed = key.trim();
	if (trimmed === '') return undefined;
	const problem = idempotencyKeyProblem(trimmed);
	if (problem !== undefined) {
		throw new NodeOperationError(context.getNode(), `Idempotency Key cannot be used: ${problem}`, {
			description: `Use at most ${MAX_IDEMPOTENCY_KEY_LENGTH} printable ASCII characters, for example the ID of the record this item is about.`,
			itemIndex,
		});
	}
	return trimmed;
}

export interface IdempotencyKeyOptions {
	/** The parameter holding the user's key (a dotted path for one inside a collection); default `idempotencyKey`. */
	parameter?: string;
	/**
	 * Tells apart several create calls made for the same item (e.g. `chunk-2` of a batch), which
	 * must not share a key: FullStory would answer the second with the first's answer.
	 */
	part?: string;
}

/**
 * The idempotency key for item `itemIndex`'s call. The user's key as given, or with a `part`, a
 * digest of it and the part; otherwise a digest of instance, execution, node, run, item and part.
 * When n8n gives no execution ID or run index, a random key: safe against the transport's
 * retries, not Retry On Fail, and never shared with another execution by accident.
 */
export function itemIdempotencyKey(context: IExecuteFunctions, itemIndex: number, options: IdempotencyKeyOptions = {}): string {
	const part = options.part ?? '';
	const given = userKey(context, itemIndex, options.parameter ?? IDEMPOTENCY_KEY_PARAMETER);
	if (given !== undefined) return part === '' ? given : digest(['user', given, part]);

	const executionId = executionIdOf(context);
	const runIndex = runIndexOf(context, itemIndex);
	if (executionId === undefined || runIndex === undefined) return `${PREFIX}${randomBytes(DIGEST_LENGTH / 2).toString('hex')}`;
	return digest(['item', context.getInstanceId(), executionId, context.getNode().id, runIndex, itemIndex, part]);
}
