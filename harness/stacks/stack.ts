/**
 * One end-to-end stack for a test file: the FullStory emulator (strict, in this process) and a
 * real n8n 2.40.7 (or, with `n8nVersion: '1.x'`, n8n 1.123.81) on a fresh user folder with this
 * package installed from its tarball, an owner, and a FullStory credential pointing at the emulator.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { EmulatorClient } from '../../emulator/client/client';
import { SEED_KEYS } from '../../emulator/state/seed';
import type { EmulatorHandle } from '../../emulator/server';
import { startEmulator } from '../../emulator/server';
import type { DeliveryResult } from '../../emulator/deliveries/types';
import type { JsonObject } from '../rest/guards';
import type { ScannedText } from '../audit/secrets-scan';
import { ensureN8nInstalled } from '../install/install';
import type { Credential, ExecutionSummary, WorkflowInput } from '../rest/n8n-api';
import { N8nApi } from '../rest/n8n-api';
import type { N8nLogLevel } from '../process/n8n-process';
import { N8nProcess } from '../process/n8n-process';
import type { InstallStyle } from '../install/package-install';
import { installTarball } from '../install/package-install';
import type { N8nLine } from '../install/paths';
import { findRepoRoot } from '../install/paths';
import { decodeExecutionData, nodeOutput } from '../rest/execution-data';

export const TRIGGER_TYPE = 'n8n-nodes-fullstory.fullStoryTrigger';
export const ACTION_TYPE = 'n8n-nodes-fullstory.fullStory';
export const CREDENTIAL_TYPE = 'fullStoryApi';

export interface Stack {
	/** Names this stack's files in `build/e2e-results/` (its n8n log, its secrets audit). */
	name: string;
	/** Which pinned n8n line runs (absent: `2.x`). */
	n8nVersion?: N8nLine;
	emulator: EmulatorHandle;
	fullstory: EmulatorClient;
	n8n: N8nProcess;
	api: N8nApi;
	credential: Credential;
	apiKey: string;
	/**
	 * Every n8n process's log, for the secrets audit; a stack of one n8n leaves it out (the audit
	 * then reads `n8n`'s). Queue mode has several processes (queueStack.ts).
	 */
	logs?: () => ScannedText[];
	stop(): Promise<void>;
}

/** The package tarball globalSetup packed for this run. */
export function tarball(): string {
	const path = process.env.FULLSTORY_E2E_TARBALL;
	if (path === undefined || path === '') throw new Error('e2e: FULLSTORY_E2E_TARBALL is not set; run through jest (globalSetup packs it)');
	return path;
}

export interface StackOptions {
	/** Names the kept n8n log and the secrets audit, e.g. the test file's name. */
	name: string;
	installStyle?: InstallStyle;
	/**
	 * Default `debug`: every e2e file ends with a secrets audit of n8n's log (secretsAudit.ts), and
	 * debug is the level that writes the most.
	 */
	logLevel?: N8nLogLevel;
	env?: Record<string, string>;
	/** Which pinned n8n runs: `2.x` (default, n8n 2.40.7 under Node 24) or `1.x` (n8n 1.123.81 under Node 22). */
	n8nVersion?: N8nLine;
}

/** `build/e2e-results/`, where e2e runs leave what is worth reading afterwards. */
export function e2eOutputDir(): string {
	const folder = join(findRepoRoot(), 'build', 'e2e-results');
	mkdirSync(folder, { recursive: true });
	return folder;
}

export async function startStack(options: StackOptions): Promise<Stack> {
	const emulator = await startEmulator({ port: 0, strict: true });
	const fullstory = new EmulatorClient(emulator.baseUrl);
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-fullstory-e2e-'));
	let n8n: N8nProcess | undefined;
	try {
		await installTarball(userFolder, tarball(), options.installStyle ?? 'in-app');
		const n8nVersion = options.n8nVersion ?? '2.x';
		const install = await ensureN8nInstalled(findRepoRoot(), n8nVersion);
		n8n = await N8nProcess.start({ install, userFolder, logLevel: options.logLevel ?? 'debug', env: options.env });
		const api = new N8nApi(n8n.baseUrl, n8nVersion);
		await api.setupOwner();
		const apiKey = SEED_KEYS.admin;
		const credential = await api.createCredential('FullStory (emulator)', CREDENTIAL_TYPE, {
			apiKey,
			region: 'custom',
			baseUrl: emulator.baseUrl,
		});
		const running = n8n;
		return {
			name: options.name,
			n8nVersion,
			emulator,
			fullstory,
			n8n: running,
			api,
			credential,
			apiKey,
			stop: async () => {
				await running.stop();
				await emulator.close();
				// The log is kept for whoever reads a failure later (a CI run); the rest of the folder,
				// n8n's database, is not worth its space.
				copyFileSync(running.logFile, join(e2eOutputDir(), `n8n-${options.name}.log`));
				rmSync(userFolder, { recursive: true, force: true });
			},
		};
	} catch (error) {
		await n8n?.stop();
		await emulator.close();
		// Kept on a failed start: its n8n.log says why.
		throw error;
	}
}

export function credentialRef(stack: Stack): JsonObject {
	return { [CREDENTIAL_TYPE]: { id: stack.credential.id, name: stack.credential.name } };
}

/** A trigger node with a fresh webhook id, so every workflow gets its own URLs. */
export function triggerNode(stack: Stack, parameters: JsonObject, name = 'FullStory Trigger'): JsonObject {
	return {
		id: randomUUID(),
		name,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters,
		credentials: credentialRef(stack),
	};
}

export function productionUrl(stack: Stack, trigger: JsonObject): string {
	return `${stack.n8n.baseUrl}/webhook/${String(trigger.webhookId)}/webhook`;
}

export function testUrl(stack: Stack, trigger: JsonObject): string {
	return `${stack.n8n.baseUrl}/webhook-test/${String(trigger.webhookId)}/webhook`;
}

/** The items a node emitted in one execution. */
export async function outputOf(stack: Stack, execution: ExecutionSummary, nodeName: string): Promise<JsonObject[]> {
	const detail = await stack.api.execution(execution.id);
	return nodeOutput(decodeExecutionData(detail.data), nodeName);
}

/** The whole decoded execution, for failures and several nodes at once. */
export async function decodedExecution(stack: Stack, executionId: string) {
	return decodeExecutionData((await stack.api.execution(executionId)).data);
}

// The e2e tests take their pause from here; it lives with the harness's other waits.
export { sleep } from '../process/wait';

/** A workflow of `first` (usually a trigger) feeding a No Op named "Done". */
export function workflowIntoNoOp(name: string, first: JsonObject): WorkflowInput {
	return {
		name,
		nodes: [first, { id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [240, 0], parameters: {} }],
		connections: { [String(first.name)]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

/** The HTTP status of every attempt of one emulator delivery, -1 where none came back. */
export function statusesOf(result: DeliveryResult): number[] {
	return result.deliveries.flatMap((delivery) => delivery.attempts.map((attempt) => attempt.status ?? -1));
}

/** Endpoints FullStory (the emulator) holds for one URL. */
export async function endpointsAt(stack: Stack, url: string) {
	return (await stack.fullstory.endpoints()).filter((endpoint) => endpoint.url === url);
}
