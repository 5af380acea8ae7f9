/**
 * A stand-in for n8n's webhook server: a real HTTP server on 127.0.0.1 that hands every POST to
 * the trigger's `webhook()` with a context built from the real request, the way n8n does for a
 * typeVersion 1 trigger (raw body bytes kept, except for multipart), and records the executions
 * it would start.
 */
import { createServer, request as httpRequest } from 'http';
import type { IncomingMessage, Server, ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { returnJsonArray } from 'n8n-core';
import type { IDataObject, INode, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { LogEntry } from './logger';
import { recordingLogger } from './logger';

export interface WebhookCall {
	status: number;
	executions: IDataObject[][];
	responseBody: string;
	/** Whether webhook() asked for the raw body (`readRawBody`) of a request that had none. */
	readRawBodyCalled: boolean;
}

export interface FakeWebhookRequest {
	headers: Record<string, string | string[] | undefined>;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

export interface FakeWebhookResult {
	status: number;
	body: unknown;
	response: IWebhookResponseData;
	logs: LogEntry[];
}

interface WebhookContextOptions {
	request: FakeWebhookRequest;
	parameters: IDataObject;
	staticData: IDataObject;
	logs: LogEntry[];
	reply: (status: number, body: unknown) => void;
	/** What `getNodeWebhookUrl('default')` returns; undefined, as n8n gives for an unknown name. */
	webhookUrl?: string;
	/** What `getWorkflow().id` returns: the workflow the trigger belongs to. */
	workflowId: string;
}

let workflowsMade = 0;

/**
 * A new workflow id. Each webhook server, and each call without one, stands for a workflow of its
 * own, as each test's trigger is: per-workflow state in the node (warning limits) never carries over.
 */
function newWorkflowId(): string {
	workflowsMade++;
	return `test-workflow-${workflowsMade}`;
}

const node: INode = {
	id: 'trigger-1',
	name: 'FullStory Trigger',
	type: 'n8n-nodes-fullstory.fullStoryTrigger',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function webhookContext(options: WebhookContextOptions): IWebhookFunctions {
	const { request, parameters, staticData, logs, reply, webhookUrl, workflowId } = options;
	let status = 200;
	const response = {
		status(code: number) {
			status = code;
			return response;
		},
		json(body: unknown) {
			reply(status, body);
			return response;
		},
		send(body: unknown) {
			reply(status, body);
			return response;
		},
		end() {
			return response;
		},
	};
	const logger = recordingLogger(logs);
	const context = {
		getNode: () => node,
		getMode: () => 'webhook',
		getRequestObject: () => request,
		getResponseObject: () => response,
		getWorkflowStaticData: () => staticData,
		getNodeWebhookUrl: () => webhookUrl,
		getWorkflow: () => ({ id: workflowId, name: 'Test workflow', active: true }),
		getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
		logger,
		helpers: { returnJsonArray },
	};
	return context as unknown as IWebhookFunctions;
}

type Receive = (this: IWebhookFunctions) => Promise<IWebhookResponseData>;

/**
 * Calls `webhook()` once with a fake request; for unit tests without a socket.
 * @param workflowId the same id for calls meant to come to one workflow; a new one by default
 */
export async function callWebhook(
	receive: Receive,
	request: FakeWebhookRequest,
	parameters: IDataObject,
	staticData: IDataObject,
	workflowId: string = newWorkflowId(),
): Promise<FakeWebhookResult> {
	const logs: LogEntry[] = [];
	let status = 0;
	let body: unknown;
	const context = webhookContext({
		request,
		parameters,
		staticData,
		logs,
		reply: (code, sent) => {
			status = code;
			body = sent;
		},
		workflowId,
	});
	const response = await receive.call(context);
	if (response.workflowData !== undefined) status = 200;
	return { status, body, response, logs };
}

export interface RunningWebhookServer {
	/** The URL to register: what `getNodeWebhookUrl('default')` returns for this trigger. */
	url: string;
	calls: WebhookCall[];
	/** Items of every execution started, one array per execution. */
	executions: IDataObject[][];
	logs: LogEntry[];
	stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

/**
 * The request as n8n hands it to a typeVersion 1 webhook: raw bytes kept, except that n8n parses
 * multipart/form-data itself (formidable) and keeps none; the stream is then used up, so asking
 * for the bytes fails the way n8n's raw-body reader does.
 */
function n8nRequest(request: IncomingMessage, rawBody: Buffer, call: WebhookCall): FakeWebhookRequest {
	const contentType = request.headers['content-type'] ?? '';
	if (!/^multipart\/form-data/i.test(contentType)) return { headers: request.headers, rawBody };
	return {
		headers: request.headers,
		readRawBody: async () => {
			call.readRawBodyCalled = true;
			throw new Error('stream is not readable');
		},
	};
}

/**
 * @param state the trigger's parameters and static data; read on every request, like n8n does
 */
export async function startWebhookServer(
	receive: Receive,
	state: { parameters: IDataObject; staticData: IDataObject },
	path = '/webhook/test-workflow/webhook',
): Promise<RunningWebhookServer> {
	const calls: WebhookCall[] = [];
	const executions: IDataObject[][] = [];
	const logs: LogEntry[] = [];
	const workflowId = newWorkflowId();

	let url = '';

	async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const rawBody = await readBody(request);
		const call: WebhookCall = { status: 0, executions: [], responseBody: '', readRawBodyCalled: false };
		calls.push(call);
		const send = (status: number, body: unknown) => {
			call.status = status;
			call.responseBody = typeof body === 'string' ? body : JSON.stringify(body);
			response.writeHead(status, { 'content-type': 'application/json' }).end(call.responseBody);
		};
		const context = webhookContext({
			request: n8nRequest(request, rawBody, call),
			parameters: state.parameters,
			staticData: state.staticData,
			logs,
			reply: send,
			webhookUrl: url,
			workflowId,
		});
		const result = await receive.call(context);
		if (result.workflowData !== undefined) {
			const items = result.workflowData.flat().map((item) => item.json);
			executions.push(items);
			call.executions.push(items);
			send(200, { message: 'Workflow was started' });
		} else if (!result.noWebhookResponse) {
			send(200, { message: 'Webhook call received' });
		}
	}

	const server: Server = createServer((request, response) => {
		handle(request, response).catch((error: unknown) => {
			response.writeHead(500).end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	url = `http://127.0.0.1:${port}${path}`;
	return {
		url,
		calls,
		executions,
		logs,
		stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/**
 * POSTs bytes with exactly the given headers (any name, cookies and proxy headers included, which
 * fetch may refuse or rewrite) and resolves with the status; for requests the emulator cannot send.
 */
export function postToWebhook(url: string, body: Buffer, headers: Record<string, string>): Promise<number> {
	return new Promise((resolve, reject) => {
		const request = httpRequest(url, { method: 'POST', headers, agent: false }, (response) => {
			response.resume();
			response.on('end', () => resolve(response.statusCode ?? 0));
		});
		request.on('error', reject);
		request.end(body);
	});
}
