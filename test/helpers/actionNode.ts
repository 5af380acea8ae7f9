/** Runs the FullStory action node's execute() for a list of items against a running emulator. */
import type { IDataObject, INodeExecutionData, NodeError } from 'n8n-workflow';

import { FullStory } from '../../nodes/FullStory/FullStory.node';
import type { FakeContext } from './context';
import { createContext, emulatorCredentials } from './context';
import type { TestEmulator } from './emulator';
import { nodeRejection } from './rejection';

export interface ActionRun {
	output: INodeExecutionData[];
	fake: FakeContext;
}

/** Runs so far, for each run's own execution ID. */
let executions = 0;

export async function runAction(
	emulator: TestEmulator,
	parameters: IDataObject,
	options: { itemParameters?: IDataObject[]; continueOnFail?: boolean; apiKey?: string; executionId?: string } = {},
): Promise<ActionRun> {
	const itemCount = options.itemParameters?.length ?? 1;
	const fake = createContext({
		credentials: emulatorCredentials(emulator.baseUrl, options.apiKey ?? emulator.adminKey),
		parameters,
		itemParameters: options.itemParameters,
		inputItems: Array.from({ length: itemCount }, () => ({})),
		continueOnFail: options.continueOnFail,
		// Each run is an execution of its own, as in n8n, unless a test repeats one (Retry On Fail).
		executionId: options.executionId ?? `execution-${++executions}`,
	});
	const [output] = await new FullStory().execute.call(fake.context);
	return { output, fake };
}

/** The same, for a run expected to fail: the node error it threw (NodeOperationError or NodeApiError). */
export async function failAction(
	emulator: TestEmulator,
	parameters: IDataObject,
	options: { apiKey?: string } = {},
): Promise<NodeError> {
	return await nodeRejection(runAction(emulator, parameters, options));
}
