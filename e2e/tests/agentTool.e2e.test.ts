/**
 * n8n's AI Agent uses the FullStory node as a tool, in a real n8n 2.40.7: a manually run workflow
 * of Manual Trigger → AI Agent (v3.1), with the OpenAI Chat Model (v1.3) pointed at a scripted
 * loopback model (harness/stubs/chatModel.ts) and the FullStory tool node on Event > Create
 * (`n8n-nodes-fullstory.fullStoryTool`, which n8n generates from `usableAsTool: true`), its event
 * name, user and properties left to the model with `$fromAI()`.
 * - What n8n tells the model: the tool is named after the node, its description is the
 *   operation's `action` plus n8n's " in FullStory", and its arguments are the `$fromAI` keys, all
 *   required (a `json` key goes with no type). The first request is kept in
 *   `build/e2e-results/agent-tool-model-request.json`.
 * - A good call stores exactly the event the model asked for, on the user's most recent session;
 *   the node's output item goes back to the model, and the agent answers with its final message.
 *   Properties given as JSON text (what a model may send for a key with no type) are stored alike.
 * - A bad call (a property name FullStory refuses, or no event name) sends nothing to FullStory:
 *   n8n hands the node's error message back to the model as the tool's result (the execution
 *   still succeeds), and the agent answers.
 * - The OpenAI key reaches the stub only; the secrets audit ends the file.
 * No setting is needed: community nodes are tools with no flag since n8n 1.85.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { nodeOutput } from '../../harness/rest/execution-data';
import type { JsonObject } from '../../harness/rest/guards';
import { isArrayOf, isString } from '../../harness/rest/guards';
import type { Credential, WorkflowInput } from '../../harness/rest/n8n-api';
import type { ChatCompletionRequest, ChatModelStub, ChatScript } from '../../harness/stubs/chatModel';
import { startChatModelStub } from '../../harness/stubs/chatModel';
import type { Stack } from '../../harness/stacks/stack';
import { ACTION_TYPE, credentialRef, decodedExecution, e2eOutputDir, startStack } from '../../harness/stacks/stack';
import { itLeaksNoSecrets } from './secretsAudit';

/** n8n names the tool type after the action node: `<name>Tool` (n8n's tool-generation/ai-tools.js). */
const TOOL_TYPE = `${ACTION_TYPE}Tool`;
/** Event > Create's `action` (nodes/FullStory/actions/event/index.ts), the tool's description by default. */
const ACTION_TEXT = 'Send a server event';
const TOOL_NODE = 'Send FullStory Event';
const PROMPT = 'A payment of 42 EUR by customer-9 succeeded';
/** This run's own, so finding it anywhere but in the stub's requests is a leak. */
const OPENAI_KEY = `sk-stub-${randomUUID()}`;

const FROM_AI = {
	eventName: 'The event name, e.g. Payment Succeeded',
	customerId: 'The ID of the customer the event is about',
	properties: 'The event properties as one JSON object, e.g. {"amount": 42}',
};

const GOOD_CALL: ChatScript = {
	toolArguments: { eventName: 'Payment Succeeded', customerId: 'customer-9', properties: { amount: 42, currency: 'EUR' } },
	finalMessage: 'I sent "Payment Succeeded" for customer-9 to FullStory.',
};

let stack: Stack;
let model: ChatModelStub;
let openAi: Credential;

beforeAll(async () => {
	stack = await startStack({ name: 'agent-tool' });
	model = await startChatModelStub({ tool: /fullstory/i, script: GOOD_CALL });
	openAi = await stack.api.createCredential('OpenAI (stub)', 'openAiApi', { apiKey: OPENAI_KEY, url: model.baseUrl });
});
afterAll(async () => {
	await model?.stop();
	await stack?.stop();
});

function node(name: string, type: string, typeVersion: number, position: [number, number], parameters: JsonObject, credentials?: JsonObject): JsonObject {
	return { id: randomUUID(), name, type, typeVersion, position, parameters, ...(credentials === undefined ? {} : { credentials }) };
}

/** `$fromAI(key, description, type)` as the editor's "let the model define this" writes it. */
function fromAi(key: keyof typeof FROM_AI, type: 'string' | 'json'): string {
	return `={{ $fromAI('${key}', ${JSON.stringify(FROM_AI[key])}, '${type}') }}`;
}

/** The workflow as n8n 2.40.7's editor builds it: the node versions it creates, defaults left out. */
function agentWorkflow(name: string): WorkflowInput {
	return {
		name,
		nodes: [
			node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
			node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [220, 0], { promptType: 'define', text: PROMPT, options: {} }),
			// v1.3 talks to OpenAI's Responses API unless "Use Responses API" is off; off, it is the
			// Chat Completions API the stub speaks (LmChatOpenAi.node.js supplyData).
			node(
				'OpenAI Chat Model',
				'@n8n/n8n-nodes-langchain.lmChatOpenAi',
				1.3,
				[120, 220],
				{ model: { __rl: true, mode: 'id', value: 'stub-chat-model' }, responsesApiEnabled: false, options: {} },
				{ openAiApi: { id: openAi.id, name: openAi.name } },
			),
			node(
				TOOL_NODE,
				TOOL_TYPE,
				1,
				[340, 220],
				{
					resource: 'event',
					operation: 'create',
					name: fromAi('eventName', 'string'),
					// Link To stays at its default, the user's most recent session, by their uid.
					user: fromAi('customerId', 'string'),
					propertiesInput: 'json',
					propertiesJson: fromAi('properties', 'json'),
				},
				credentialRef(stack),
			),
		],
		connections: {
			Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			[TOOL_NODE]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

interface AgentRun {
	status: string;
	/** This run's chat completion requests, in order. */
	completions: ChatCompletionRequest[];
	decoded: Awaited<ReturnType<typeof decodedExecution>>;
	/** The paths of this run's requests to FullStory (the emulator). */
	fullstoryPaths: string[];
}

/** Creates the workflow, runs it once with the model following `script`, and gathers what each side saw. */
async function runAgent(name: string, script: ChatScript): Promise<AgentRun> {
	model.script = script;
	const completionsBefore = model.completions().length;
	const since = (await stack.fullstory.requests()).at(-1)?.seq ?? 0;
	const workflow = await stack.api.createWorkflow(agentWorkflow(name));
	await stack.api.runManually(workflow.id, 'Start');
	const [execution] = await stack.api.waitForExecutions(workflow.id, 1, 60_000);
	return {
		status: execution.status,
		completions: model.completions().slice(completionsBefore),
		decoded: await decodedExecution(stack, execution.id),
		fullstoryPaths: (await stack.fullstory.requests({ since })).map((request) => request.path),
	};
}

/** What n8n sent back to the model as the tool's result (the last message of the last request), parsed. */
function toolResult(run: AgentRun): unknown {
	const message = run.completions.at(-1)?.messages.at(-1);
	expect(message?.role).toBe('tool');
	return isString(message?.content) ? JSON.parse(message.content) : message?.content;
}

function agentOutput(run: AgentRun): unknown {
	return nodeOutput(run.decoded, 'AI Agent')[0]?.output;
}

it('the agent calls the FullStory tool n8n described to the model, and FullStory holds that event once', async () => {
	const eventsBefore = (await stack.fullstory.events()).length;
	const run = await runAgent('Agent sends a FullStory event', GOOD_CALL);
	expect(run.decoded.error).toBeUndefined();
	expect(run.status).toBe('success');
	writeFileSync(join(e2eOutputDir(), 'agent-tool-model-request.json'), `${JSON.stringify(run.completions[0]?.body, null, '\t')}\n`);

	// Two model turns, both plain JSON (no streaming) on the one route: the tool call, then the answer.
	expect(run.completions.map((request) => request.stream)).toEqual([false, false]);
	expect(new Set(model.requests.map((request) => `${request.method} ${request.url}`))).toEqual(new Set(['POST /v1/chat/completions']));
	const [first, second] = run.completions;
	expect(first.messages).toEqual([{ role: 'user', content: PROMPT }]);
	expect(first.tools).toHaveLength(1);
	const [tool] = first.tools;
	expect(tool.name).toBe('Send_FullStory_Event');
	expect(tool.description).toBe(`${ACTION_TEXT} in FullStory`);
	expect(tool.parameters).toMatchObject({
		type: 'object',
		properties: {
			eventName: { type: 'string', description: FROM_AI.eventName },
			customerId: { type: 'string', description: FROM_AI.customerId },
			// n8n's json-type schema loses its anyOf on the way to JSON schema: a description only.
			properties: { description: FROM_AI.properties },
		},
		additionalProperties: false,
	});
	const required = tool.parameters.required;
	expect(isArrayOf(required, isString) ? [...required].sort() : required).toEqual(['customerId', 'eventName', 'properties']);

	const events = await stack.fullstory.events();
	expect(events).toHaveLength(eventsBefore + 1);
	expect(events.at(-1)).toMatchObject({ source: 'api', name: 'Payment Succeeded', user: { uid: 'customer-9' }, session: { use_most_recent: true }, properties: { amount: 42, currency: 'EUR' } });

	// The node's output item went back as the result of the stub's call, and the agent gave the final message.
	expect(second.messages.at(-1)?.tool_call_id).toBe(model.toolCalls.at(-1)?.id);
	expect(toolResult(run)).toEqual([
		{ name: 'Payment Succeeded', user: { uid: 'customer-9' }, session: { use_most_recent: true }, properties: { amount: 42, currency: 'EUR' }, idempotencyKey: expect.any(String) },
	]);
	expect(agentOutput(run)).toEqual(expect.stringContaining(GOOD_CALL.finalMessage));
	expect(run.decoded.runs.get(TOOL_NODE)?.map((toolRun) => toolRun.status)).toEqual(['success']);
});

it('properties the model gives as JSON text are stored as the object', async () => {
	const script: ChatScript = {
		toolArguments: { eventName: 'Refund Issued', customerId: 'customer-9', properties: JSON.stringify({ amount: 12.5, reason: 'damaged' }) },
		finalMessage: 'The refund is in FullStory.',
	};
	const run = await runAgent('Agent sends properties as text', script);
	expect(run.status).toBe('success');
	expect((await stack.fullstory.events()).at(-1)).toMatchObject({ name: 'Refund Issued', properties: { amount: 12.5, reason: 'damaged' } });
	expect(agentOutput(run)).toEqual(expect.stringContaining(script.finalMessage));
});

const BAD_CALLS: Array<[string, JsonObject, string]> = [
	[
		'a property name FullStory refuses',
		{ eventName: 'Payment Failed', customerId: 'customer-9', properties: { 'amount-eur': 42 } },
		'Properties: property "amount-eur": "amount-eur" is not a valid name (a letter, then letters, digits or underscores)',
	],
	// n8n runs the tool node without checking the call against the schema it gave: the node's check answers.
	['no event name', { customerId: 'customer-9', properties: { amount: 42 } }, 'Event Name is empty'],
];

it.each(BAD_CALLS)("a tool call with %s sends nothing to FullStory, and the node's error goes back to the model", async (what, toolArguments, error) => {
	const eventsBefore = (await stack.fullstory.events()).length;
	const script: ChatScript = { toolArguments, finalMessage: `FullStory did not take it: ${what}.` };
	const run = await runAgent(`Agent tool call with ${what}`, script);
	expect(run.completions).toHaveLength(2);
	expect(toolResult(run)).toEqual([{ error }]);
	expect(run.fullstoryPaths.filter((path) => path.startsWith('/v2/events'))).toEqual([]);
	expect(await stack.fullstory.events()).toHaveLength(eventsBefore);
	expect(run.decoded.runs.get(TOOL_NODE)?.map((toolRun) => [toolRun.status, toolRun.error])).toEqual([['error', error]]);
	// A tool's failure is the model's to handle: the agent answers and the execution succeeds.
	expect(agentOutput(run)).toEqual(expect.stringContaining(script.finalMessage));
	expect(run.status).toBe('success');
});

it("the OpenAI key reaches the stub only: not n8n's log, any execution's data, or FullStory", async () => {
	expect(new Set(model.requests.map((request) => request.headers.authorization))).toEqual(new Set([`Bearer ${OPENAI_KEY}`]));
	const executions = await stack.api.executions();
	const texts = [stack.n8n.logText(), ...(await Promise.all(executions.map(async (execution) => (await stack.api.execution(execution.id)).data)))];
	expect(texts.filter((text) => text.includes(OPENAI_KEY))).toEqual([]);
	expect((await stack.fullstory.requests()).filter((request) => JSON.stringify(request).includes(OPENAI_KEY))).toEqual([]);
});

// The OpenAI key is the stub's, not FullStory's: the audit gathers its secrets from the emulator,
// so it is left to the test above.
itLeaksNoSecrets(() => stack, ['executions']);
