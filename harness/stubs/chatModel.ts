/**
 * A scripted chat model behind the OpenAI Chat Completions API, for n8n's OpenAI Chat Model node
 * (its "Use Responses API" switched off) on a loopback port. Each conversation goes: the first
 * request, which lists the agent's tools, is answered with one call of the tool whose name matches
 * `tool`, with the scripted arguments; the request that brings the tool's result back is answered
 * with the scripted final message. It decides from the request alone (is the last message a tool
 * result?), so several conversations may run one after another with a new `script` for each.
 * Every request is recorded, so a test can assert what n8n told the model.
 */
import type { JsonObject } from '../rest/guards';
import { isArrayOf, isBoolean, isJsonObject, isOptional, isString } from '../rest/guards';
import type { RecordedRequest, StubAnswer } from './stub-server';
import { startStubServer } from './stub-server';

/** A function the agent offers the model (`tools[].function` of a request). */
export interface ChatTool {
	name: string;
	description: string;
	/** The JSON schema of its arguments. */
	parameters: JsonObject;
}

export interface ChatMessage {
	role: string;
	/** Text, content parts, or null (an assistant message that only calls tools). */
	content: unknown;
	/** On a `tool` message: the call it answers. */
	tool_call_id?: string;
	tool_calls?: JsonObject[];
}

/** The parts of a `POST /v1/chat/completions` body the stub reads; the rest stays in `body`. */
export interface ChatCompletionRequest {
	model: string;
	messages: ChatMessage[];
	tools: ChatTool[];
	stream: boolean;
	body: JsonObject;
}

export interface ChatScript {
	/** What the model passes the tool (sent, as OpenAI does, as a JSON string). */
	toolArguments: JsonObject;
	/** The assistant's answer once the tool's result is back. */
	finalMessage: string;
}

export interface ChatModelStub {
	/** What an `openAiApi` credential's Base URL takes (ends in `/v1`, as OpenAI's does). */
	baseUrl: string;
	/** Every HTTP request, in order (headers included, to see which key n8n sent). */
	requests: RecordedRequest[];
	/** The chat completion requests so far, parsed, in order. */
	completions(): ChatCompletionRequest[];
	/** The tool calls answered so far: the call's id, the tool's name and the arguments given. */
	toolCalls: Array<{ id: string; tool: string; arguments: JsonObject }>;
	/** The script of the next conversations (set it before each run). */
	script: ChatScript;
	stop(): Promise<void>;
}

const COMPLETIONS_PATH = '/v1/chat/completions';

function isChatTool(value: unknown): value is { type: string; function: ChatTool } {
	return (
		isJsonObject(value) &&
		value.type === 'function' &&
		isJsonObject(value.function) &&
		isString(value.function.name) &&
		isString(value.function.description) &&
		isJsonObject(value.function.parameters)
	);
}

function isChatMessage(value: unknown): value is ChatMessage {
	return (
		isJsonObject(value) &&
		isString(value.role) &&
		isOptional(value, 'tool_call_id', isString) &&
		isOptional(value, 'tool_calls', (calls): calls is JsonObject[] => isArrayOf(calls, isJsonObject))
	);
}

/** The body parsed and checked, or the reason it is not a chat completion request. */
function parseCompletionRequest(text: string): ChatCompletionRequest | string {
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return 'the body is not JSON';
	}
	if (!isJsonObject(body) || !isString(body.model) || !isArrayOf(body.messages, isChatMessage)) return 'no model or messages';
	if (body.tools !== undefined && !isArrayOf(body.tools, isChatTool)) return 'a tool that is not a function with a name, description and parameters';
	if (!isOptional(body, 'stream', isBoolean)) return 'stream is not a boolean';
	const tools = (body.tools ?? []).map((tool) => tool.function);
	return { model: body.model, messages: body.messages, tools, stream: body.stream === true, body };
}

function openAiError(status: number, message: string): StubAnswer {
	return { status, body: { error: { message: `chat model stub: ${message}`, type: 'invalid_request_error', param: null, code: null } } };
}

function completion(request: ChatCompletionRequest, sequence: number, message: JsonObject, finishReason: string): JsonObject {
	return {
		id: `chatcmpl-stub-${sequence}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
		usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
	};
}

export async function startChatModelStub(options: { tool: RegExp; script: ChatScript }): Promise<ChatModelStub> {
	const toolCalls: ChatModelStub['toolCalls'] = [];
	const parsed: ChatCompletionRequest[] = [];
	const state: { script: ChatScript } = { script: options.script };

	const answerCompletion = (request: ChatCompletionRequest): StubAnswer => {
		// The OpenAI Chat Model node asks for one JSON answer unless the agent streams to a chat
		// (a Chat Trigger in streaming mode); a manual run does not, so SSE is refused loudly here.
		if (request.stream) return openAiError(400, 'stream: true is not scripted');
		const sequence = parsed.length;
		if (request.messages.at(-1)?.role === 'tool') {
			return { status: 200, body: completion(request, sequence, { role: 'assistant', content: state.script.finalMessage, refusal: null }, 'stop') };
		}
		const tool = request.tools.find((candidate) => options.tool.test(candidate.name));
		if (tool === undefined) {
			return openAiError(400, `no tool matches ${String(options.tool)} among [${request.tools.map((candidate) => candidate.name).join(', ')}]`);
		}
		const call = { id: `call_stub_${sequence}`, tool: tool.name, arguments: state.script.toolArguments };
		toolCalls.push(call);
		const message = {
			role: 'assistant',
			content: null,
			refusal: null,
			tool_calls: [{ id: call.id, type: 'function', function: { name: call.tool, arguments: JSON.stringify(call.arguments) } }],
		};
		return { status: 200, body: completion(request, sequence, message, 'tool_calls') };
	};

	const server = await startStubServer((request) => {
		const path = request.url.split('?')[0];
		// A run calls nothing else: `GET /v1/models` is only the editor's model list and the
		// credential test, and a model given by ID needs neither.
		if (request.method !== 'POST' || path !== COMPLETIONS_PATH) return openAiError(404, `no route ${request.method} ${path}`);
		const completionRequest = parseCompletionRequest(request.body);
		if (typeof completionRequest === 'string') return openAiError(400, completionRequest);
		const answer = answerCompletion(completionRequest);
		parsed.push(completionRequest);
		return answer;
	});

	return {
		baseUrl: `${server.url}/v1`,
		requests: server.requests,
		completions: () => [...parsed],
		toolCalls,
		get script() {
			return state.script;
		},
		set script(next: ChatScript) {
			state.script = next;
		},
		stop: () => server.close(),
	};
}
