/**
 * A FullStory Trigger wired to a running emulator: its hook context (for checkExists, create and
 * delete) and a webhook server standing in for n8n, sharing one static-data object, as n8n does.
 */
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { checkExists, create, deleteWebhook } from '../../nodes/FullStoryTrigger/registration/lifecycle';
import { receive } from '../../nodes/FullStoryTrigger/delivery/receive';
import type { LogEntry } from './context';
import { createContext, emulatorCredentials } from './context';
import type { TestEmulator } from './emulator';
import type { RunningWebhookServer } from './webhookServer';
import { startWebhookServer } from './webhookServer';

export interface HookOverrides {
	url?: string;
	apiKey?: string;
	requestTimeoutMs?: number;
	/** Another n8n instance (another encryption key), e.g. after a workflow was imported there. */
	instanceId?: string;
}

export interface TriggerUnderTest {
	parameters: IDataObject;
	staticData: IDataObject;
	server: RunningWebhookServer;
	url: string;
	logs: LogEntry[];
	hooks(overrides?: HookOverrides): IHookFunctions;
	checkExists(): Promise<boolean>;
	create(): Promise<boolean>;
	delete(): Promise<boolean>;
	/** What n8n does on activation: create unless checkExists says it is there. */
	activate(): Promise<void>;
	stop(): Promise<void>;
}

export async function startTrigger(
	emulator: TestEmulator,
	parameters: IDataObject,
	options: { path?: string; staticData?: IDataObject; requestTimeoutMs?: number } = {},
): Promise<TriggerUnderTest> {
	const staticData: IDataObject = options.staticData ?? {};
	const server = await startWebhookServer(receive, { parameters, staticData }, options.path);
	const logs: LogEntry[] = [];

	const hooks = (overrides: HookOverrides = {}) => {
		const fake = createContext({
			credentials: emulatorCredentials(emulator.baseUrl, overrides.apiKey ?? emulator.adminKey),
			parameters,
			staticData,
			webhookUrl: overrides.url ?? server.url,
			instanceId: overrides.instanceId,
			requestTimeoutMs: overrides.requestTimeoutMs ?? options.requestTimeoutMs,
			logs,
		});
		return fake.context as IHookFunctions;
	};

	const trigger: TriggerUnderTest = {
		parameters,
		staticData,
		server,
		url: server.url,
		logs,
		hooks,
		checkExists: async () => await checkExists.call(hooks()),
		create: async () => await create.call(hooks()),
		delete: async () => await deleteWebhook.call(hooks()),
		activate: async () => {
			if (!(await trigger.checkExists())) await trigger.create();
		},
		stop: async () => await server.stop(),
	};
	return trigger;
}

/** The first `count` subcategory values FullStory offers for an event type. */
export async function subcategoriesOf(emulator: TestEmulator, eventName: string, count = 1): Promise<string[]> {
	const reply = await emulator.api('GET', `/webhooks/v1/event-types/${eventName}/subcategories`);
	const body = reply.body as { subcategoryDefs: Array<{ subcategory: string }> };
	return body.subcategoryDefs.slice(0, count).map((definition) => definition.subcategory);
}

/** The endpoints FullStory (the emulator) holds for one URL, secrets included. */
export async function endpointsAt(emulator: TestEmulator, url: string) {
	return (await emulator.client.endpoints()).filter((endpoint) => endpoint.url === url);
}
