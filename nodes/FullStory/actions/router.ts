/**
 * Runs the chosen operation once per input item. The router owns the item loop, `continueOnFail`
 * and `pairedItem`, so operations only say what they do for one item.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toNodeError } from '../../transport/errors';
import { endpointOperations } from './endpoint';
import { eventSubcategoryOperations } from './eventSubcategory';
import { eventTypeOperations } from './eventType';
import type { Operation, Resource } from './types';

/** Every operation, by resource and value: the router's table, which the output-schema test walks too. */
export const operations: Record<Resource, Record<string, Operation>> = {
	endpoint: endpointOperations,
	eventType: eventTypeOperations,
	eventSubcategory: eventSubcategoryOperations,
};

function isResource(value: unknown): value is Resource {
	return typeof value === 'string' && Object.prototype.hasOwnProperty.call(operations, value);
}

function findOperation(resource: unknown, operation: unknown): Operation | undefined {
	if (!isResource(resource) || typeof operation !== 'string') return undefined;
	const byOperation = operations[resource];
	return Object.prototype.hasOwnProperty.call(byOperation, operation) ? byOperation[operation] : undefined;
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];

	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex);
			const operationName = this.getNodeParameter('operation', itemIndex);
			const operation = findOperation(resource, operationName);
			if (operation === undefined) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${String(operationName)}" is not supported for "${String(resource)}"`,
					{ itemIndex },
				);
			}
			const data = await operation.execute.call(this, itemIndex);
			output.push(
				...this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(data), { itemData: { item: itemIndex } }),
			);
		} catch (error) {
			if (this.continueOnFail()) {
				const message = error instanceof Error ? error.message : String(error);
				const description =
					error instanceof NodeApiError || error instanceof NodeOperationError ? error.description : undefined;
				output.push({ json: { error: message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } });
				continue;
			}
			throw toNodeError(this.getNode(), error, itemIndex);
		}
	}
	return [output];
}
