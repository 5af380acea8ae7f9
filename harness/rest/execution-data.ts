/**
 * Turns `GET /rest/executions/:id` `data` (a flatted string, see flatted.ts) into what tests
 * assert on: per node, per run, per output, the items' `json`.
 *
 * Shape (n8n-workflow IRunExecutionData): `{ resultData: { runData: { [nodeName]: ITaskData[] },
 * lastNodeExecuted?, error? }, ... }`; ITaskData: `{ executionStatus?, error?, data?: { main:
 * (INodeExecutionData[] | null)[] } }`; an item: `{ json, binary?, pairedItem? }`.
 */
import { parseFlatted } from './flatted';
import { isArrayOf, isJsonObject, isString, type JsonObject } from './guards';

export interface NodeRun {
	/** `success`, `error`, … (absent in some old runs). */
	status: string | undefined;
	/** The node's error message when the run failed. */
	error: string | undefined;
	/** `main` outputs: one array of item `json`s per output (empty array for an unused output). */
	outputs: JsonObject[][];
}

export interface DecodedExecution {
	/** Node name → its runs (a node runs more than once in loops). */
	runs: Map<string, NodeRun[]>;
	lastNodeExecuted: string | undefined;
	/** The workflow-level error message, if the execution failed. */
	error: string | undefined;
	/** The decoded object, for assertions this summary does not cover. */
	raw: JsonObject;
}

function errorMessage(value: unknown): string | undefined {
	if (!isJsonObject(value)) return undefined;
	return isString(value.message) ? value.message : JSON.stringify(value).slice(0, 300);
}

function decodeOutputs(data: unknown): JsonObject[][] {
	if (!isJsonObject(data) || !Array.isArray(data.main)) return [];
	return data.main.map((output: unknown) =>
		isArrayOf(output, isJsonObject) ? output.map((item) => (isJsonObject(item.json) ? item.json : {})) : [],
	);
}

function decodeRun(task: unknown): NodeRun {
	if (!isJsonObject(task)) return { status: undefined, error: undefined, outputs: [] };
	return {
		status: isString(task.executionStatus) ? task.executionStatus : undefined,
		error: errorMessage(task.error),
		outputs: decodeOutputs(task.data),
	};
}

export function decodeExecutionData(flatted: string): DecodedExecution {
	const raw = parseFlatted(flatted);
	if (!isJsonObject(raw) || !isJsonObject(raw.resultData)) throw new Error('e2e: execution data has no resultData');
	const { resultData } = raw;
	const runs = new Map<string, NodeRun[]>();
	if (isJsonObject(resultData.runData)) {
		for (const [node, tasks] of Object.entries(resultData.runData)) {
			runs.set(node, Array.isArray(tasks) ? tasks.map(decodeRun) : []);
		}
	}
	return {
		runs,
		lastNodeExecuted: isString(resultData.lastNodeExecuted) ? resultData.lastNodeExecuted : undefined,
		error: errorMessage(resultData.error),
		raw,
	};
}

/** The items one node emitted on one output in one run (defaults: first run, first output). */
export function nodeOutput(decoded: DecodedExecution, nodeName: string, runIndex = 0, outputIndex = 0): JsonObject[] {
	const run = decoded.runs.get(nodeName)?.[runIndex];
	if (run === undefined) {
		throw new Error(`e2e: node "${nodeName}" has no run ${runIndex}; ran: ${[...decoded.runs.keys()].join(', ') || 'nothing'}`);
	}
	return run.outputs[outputIndex] ?? [];
}
