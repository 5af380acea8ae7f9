import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

/** What an operation made of one input item: its output, or why it failed. */
export type ItemOutcome = { itemIndex: number; json: IDataObject } | { itemIndex: number; error: Error };

/** One operation: its parameters, and what it does for one input item. */
export interface ItemOperation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject | IDataObject[]>;
}

/**
 * An operation that handles all input items in one go (an import job sends them as one batch):
 * its outcome per item, in input order. The router still owns `continueOnFail` and pairing.
 */
export interface BatchOperation {
	description: INodeProperties[];
	executeBatch(this: IExecuteFunctions, itemIndexes: number[]): Promise<ItemOutcome[]>;
}

export type Operation = ItemOperation | BatchOperation;

export function isBatchOperation(operation: Operation): operation is BatchOperation {
	return 'executeBatch' in operation;
}

export type Resource = 'account' | 'annotation' | 'endpoint' | 'event' | 'eventSubcategory' | 'eventType' | 'importJob' | 'user';
