/**
 * The documented redelivery pattern, driven in a real n8n: the shipped example workflow
 * (FullStory Trigger → Remove Duplicates on `eventKey` → "Handle Event"), what reached each node,
 * and which executions failed. Shared by the e2e tests and the dedupe benchmark.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { nodeOutput } from '../rest/execution-data';
import { isArrayOf, isJsonObject, isString, type JsonObject } from '../rest/guards';
import type { ExecutionSummary, WorkflowInput } from '../rest/n8n-api';
import { findRepoRoot } from '../install/paths';
import { mapConcurrently } from '../process/pool';
import type { Stack } from './stack';
import { credentialRef, decodedExecution } from './stack';

export const EXAMPLE_FILE = 'fullstory-events-deduplicated.json';
export const TRIGGER_NODE = 'FullStory Trigger';
export const HANDLER_NODE = 'Handle Event';

export interface ImportedExample extends WorkflowInput {
	/** The trigger's subcategory parameters, e.g. `segmentAlertSubcategories`. */
	triggerParameters: JsonObject;
}

/** The example as a user imports it, with the stack's credential chosen on its FullStory nodes. */
export function importedExample(stack: Stack, file = EXAMPLE_FILE): ImportedExample {
	const example: unknown = JSON.parse(readFileSync(join(findRepoRoot(), 'examples', file), 'utf8'));
	if (!isJsonObject(example) || !isString(example.name) || !isArrayOf(example.nodes, isJsonObject) || !isJsonObject(example.connections)) {
		throw new Error(`examples/${file} is not a workflow`);
	}
	const nodes = example.nodes.map((node) => (node.credentials === undefined ? node : { ...node, credentials: credentialRef(stack) }));
	const trigger = nodes.find((node) => node.name === TRIGGER_NODE);
	return {
		name: example.name,
		nodes,
		connections: example.connections,
		settings: isJsonObject(example.settings) ? example.settings : {},
		triggerParameters: isJsonObject(trigger?.parameters) ? trigger.parameters : {},
	};
}

/** Creates and publishes the example; returns the workflow id. */
export async function publishExample(stack: Stack): Promise<string> {
	const { triggerParameters: _parameters, ...input } = importedExample(stack);
	const workflow = await stack.api.createWorkflow(input);
	const status = await stack.api.publish(workflow.id, workflow.versionId);
	if (status.status !== 'published') throw new Error(`e2e: the example did not publish: ${JSON.stringify(status)}`);
	return workflow.id;
}

/** `eventKey`s out of one node, over every execution of the workflow (none where it did not run). */
export async function eventKeysAt(stack: Stack, workflowId: string, nodeName: string): Promise<string[]> {
	const executions = await stack.api.executions(workflowId);
	const perExecution = await mapConcurrently(executions, 4, async (execution) => {
		const decoded = await decodedExecution(stack, execution.id);
		return decoded.runs.has(nodeName) ? nodeOutput(decoded, nodeName).map((item) => String(item.eventKey)) : [];
	});
	return perExecution.flat();
}

/** The executions that did not succeed, each with the node it stopped at and its error. */
export async function failuresAmong(stack: Stack, executions: ExecutionSummary[]) {
	const failed = executions.filter((execution) => execution.status !== 'success');
	return await Promise.all(
		failed.map(async (execution) => {
			const decoded = await decodedExecution(stack, execution.id);
			return { id: execution.id, status: execution.status, node: decoded.lastNodeExecuted, error: decoded.error };
		}),
	);
}
