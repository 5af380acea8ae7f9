/**
 * Typed fakes of the n8n contexts the nodes run in. Their HTTP helper is n8n's own outbound HTTP
 * client (from n8n-core, the code n8n runs in production), with the credential's `authenticate`
 * header applied, so tests exercise the real request path against the emulator over HTTP.
 */
import { Container } from '@n8n/di';
import { OutboundHttp } from '@n8n/backend-network';
import { constructExecutionMetaData, returnJsonArray } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	IWebhookFunctions,
	NodeParameterValueType,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { FullStoryApi } from '../../credentials/FullStoryApi.credentials';

import type { LogEntry } from './logger';
import { recordingLogger } from './logger';

export type { LogEntry };

export interface ContextOptions {
	credentials?: ICredentialDataDecryptedObject;
	/** Node parameters; the same for every item unless `itemParameters` overrides them. */
	parameters?: IDataObject;
	itemParameters?: IDataObject[];
	inputItems?: IDataObject[];
	staticData?: IDataObject;
	webhookUrl?: string;
	/** What `getInstanceId()` answers: n8n derives it from the encryption key, so it is stable. */
	instanceId?: string;
	/** What `getExecutionId()` answers: one execution of the workflow (derived idempotency keys use it). */
	executionId?: string;
	/** What `$runIndex` is: which run of the node within the execution. */
	runIndex?: number;
	mode?: WorkflowExecuteMode;
	activationMode?: WorkflowActivateMode;
	continueOnFail?: boolean;
	/** Caps every request's timeout, so hang faults do not slow the suite down. */
	requestTimeoutMs?: number;
	node?: Partial<INode>;
	/** Collects the context's log lines (a new array when not given). */
	logs?: LogEntry[];
}

export interface FakeContext {
	context: IExecuteFunctions & IHookFunctions & ILoadOptionsFunctions;
	staticData: IDataObject;
	logs: LogEntry[];
	requests: IHttpRequestOptions[];
}

const credentialType = new FullStoryApi();

export const TEST_INSTANCE_ID = 'instance-under-test';
export const TEST_EXECUTION_ID = 'execution-under-test';

/** Applies the credential's generic `authenticate` block the way n8n resolves its expressions. */
function authenticate(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions): IHttpRequestOptions {
	const headers: IDataObject = { ...(options.headers ?? {}) };
	for (const [name, template] of Object.entries(credentialType.authenticate.properties.headers ?? {})) {
		headers[name] = String(template)
			.replace(/^=/, '')
			.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, key: string) => String(credentials[key] ?? ''));
	}
	return { ...options, headers };
}

function readParameter(
	parameters: IDataObject,
	name: string,
	fallback: unknown,
	extractValue: boolean,
): NodeParameterValueType | object {
	const path = name.split('.');
	let value: unknown = parameters;
	for (const key of path) {
		value = typeof value === 'object' && value !== null ? (value as IDataObject)[key] : undefined;
	}
	if (value === undefined) {
		if (fallback === undefined) throw new Error(`Test context: parameter "${name}" is not set`);
		return fallback as NodeParameterValueType;
	}
	if (extractValue && typeof value === 'object' && value !== null && '__rl' in value) {
		return (value as IDataObject).value as NodeParameterValueType;
	}
	return value as NodeParameterValueType;
}

export function createContext(options: ContextOptions = {}): FakeContext {
	const node: INode = {
		id: 'node-1',
		name: 'FullStory',
		type: 'n8n-nodes-fullstory.fullStory',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		...options.node,
	};
	const staticData: IDataObject = options.staticData ?? {};
	const logs: LogEntry[] = options.logs ?? [];
	const requests: IHttpRequestOptions[] = [];
	const credentials = options.credentials ?? {};
	const parameters = options.parameters ?? {};
	const logger = recordingLogger(logs);

	async function httpRequestWithAuthentication(this: unknown, type: string, request: IHttpRequestOptions) {
		if (type !== credentialType.name) throw new Error(`Test context: unexpected credential type ${type}`);
		const timeout =
			options.requestTimeoutMs !== undefined
				? Math.min(request.timeout ?? Infinity, options.requestTimeoutMs)
				: request.timeout;
		const authenticated = authenticate(credentials, { ...request, timeout });
		requests.push(authenticated);
		try {
			return await Container.get(OutboundHttp).requests().request(authenticated);
		} catch (error) {
			// What n8n-core's httpRequestWithAuthentication does with every failure.
			throw new NodeApiError(node, error as never);
		}
	}

	const context = {
		getNode: () => node,
		getCredentials: async () => credentials,
		getNodeParameter: (name: string, itemIndexOrFallback?: unknown, fallback?: unknown, opts?: { extractValue?: boolean }) => {
			// Execute contexts pass (name, itemIndex, fallback, options); hook contexts (name, fallback, options).
			if (typeof itemIndexOrFallback === 'number') {
				const itemParameters = { ...parameters, ...(options.itemParameters?.[itemIndexOrFallback] ?? {}) };
				return readParameter(itemParameters, name, fallback, opts?.extractValue === true);
			}
			const hookOptions = fallback as { extractValue?: boolean } | undefined;
			return readParameter(parameters, name, itemIndexOrFallback, hookOptions?.extractValue === true);
		},
		getCurrentNodeParameter: (name: string) => readParameter(parameters, name.replace(/^&/, ''), null, false),
		getInputData: () => (options.inputItems ?? [{}]).map((json) => ({ json })),
		getWorkflowStaticData: () => staticData,
		getNodeWebhookUrl: () => options.webhookUrl,
		getInstanceId: () => options.instanceId ?? TEST_INSTANCE_ID,
		getExecutionId: () => options.executionId ?? TEST_EXECUTION_ID,
		getWorkflowDataProxy: () => ({ $runIndex: options.runIndex ?? 0 }),
		getWebhookName: () => 'default',
		getMode: () => options.mode ?? 'trigger',
		getActivationMode: () => options.activationMode ?? 'activate',
		continueOnFail: () => options.continueOnFail === true,
		logger,
		helpers: {
			httpRequestWithAuthentication,
			returnJsonArray,
			constructExecutionMetaData,
		},
	};
	return { context: context as unknown as FakeContext['context'], staticData, logs, requests };
}

/** Credential data pointing the nodes at a running emulator. */
export function emulatorCredentials(baseUrl: string, apiKey: string): ICredentialDataDecryptedObject {
	return { apiKey, region: 'custom', baseUrl };
}

export type { IWebhookFunctions };
