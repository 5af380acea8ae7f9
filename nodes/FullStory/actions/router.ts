/**
 * Runs the chosen operation once per input item, or once for all of them (a batch operation). The
 * router owns the item loop, `continueOnFail` and `pairedItem`, so operations only say what they
 * do for one item, or what became of each.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../transport/errors';
import { accountOperations } from './account';
import { annotationOperations } from './annotation';
import { endpointOperations } from './endpoint';
import { eventOperations } from './event';
import { eventSubcategoryOperations } from './eventSubcategory';
import { eventTypeOperations } from './eventType';
import { userOperations } from './user';
import { importJobOperations } from './importJob';
import type { ItemOutcome, Operation, Resource } from './types';
import { isBatchOperation } from './types';

/** Every operation, by resource and value: the router's table, which the output-schema test walks too. */
export const operations: Record<Resource, Record<string, Operation>> = {
	account: accountOperations,
	annotation: annotationOperations,
	endpoint: endpointOperations,
	event: eventOperations,
	eventSubcategory: eventSubcategoryOperations,
	eventType: eventTypeOperations,
	importJob: importJobOperations,
	user: userOperations,
};

function isResource(value: unknown): value is Resource {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(operations, value);
}

function findOperation(resource: unknown, operation: unknown): Operation | undefined {
	if (!isResource(resource) || typeof operation !== 'string') return undefined;
	const byOperation = operations[resource];
	return Object.prototype.hasOwnProperty.call(byOperation, operation) ? byOperation[operation] : undefined;
}

function unsupported(context: IExecuteFunctions, resource: unknown, operationName: unknown, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		context.getNode(),
		`The operation "${String(operationName)}" is not supported for "${String(resource)}"`,
		{ itemIndex },
	);
}

/** An item's error as its output under Continue On Fail: the message, and how to fix it. */
function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const description = error instanceof NodeApiError || error instanceof NodeOperationError ? error.description : undefined;
	return { json: { error: message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } };
}

async function routeBatch(context: IExecuteFunctions, execute: (itemIndexes: number[]) => Promise<ItemOutcome[]>, count: number): Promise<INodeExecutionData[]> {
	const outcomes = await execute(Array.from({ length: count }, (_, index) => index));
	return outcomes.map((outcome) => {
		if ('json' in outcome) return { json: outcome.json, pairedItem: { item: outcome.itemIndex } };
		if (context.continueOnFail()) return errorItem(outcome.error, outcome.itemIndex);
		throw toNodeError(context.getNode(), outcome.error, outcome.itemIndex);
	});
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	if (items.length === 0) return [output];

	// Resource and operation take no expressions, so the first item's are every item's.
	const first = findOperation(this.getNodeParameter('resource', 0), this.getNodeParameter('operation', 0));
	if (first !== undefined && isBatchOperation(first)) {
		try {
			return [await routeBatch(this, async (indexes) => await first.executeBatch.call(this, indexes), items.length)];
		} catch (error) {
			// A failure of the whole batch (nothing was sent, or the job could not be made) fails every item.
			if (!this.continueOnFail()) throw toNodeError(this.getNode(), error);
			return [items.map((_, itemIndex) => errorItem(error, itemIndex))];
		}
	}

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex);
			const operationName = this.getNodeParameter('operation', itemIndex);
			const operation = findOperation(resource, operationName);
			if (operation === undefined || isBatchOperation(operation)) throw unsupported(this, resource, operationName, itemIndex);
			const data = await operation.execute.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), { itemData: { item: itemIndex } }),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				output.push(errorItem(error, itemIndex));
				continue;
			}
			throw toNodeError(this.getNode(), error, itemIndex);
		}
	}
	return [output];
}
