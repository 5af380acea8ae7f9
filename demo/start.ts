/**
 * `npm start`: the demo. n8n 2.40.7 with this package installed the in-app way, the FullStory
 * emulator in this process, a demo owner, a credential pointed at the emulator, the example
 * workflows imported and the trigger workflow published, then a ready block on stdout. Progress
 * goes to stderr. Ctrl-C (or SIGTERM/SIGHUP) stops n8n and the emulator and exits 0.
 *
 * The n8n folder (`.cache/demo/`) persists, so the owner, credential and workflows survive
 * restarts; the emulator does not, which is why the trigger is published again on every start.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorClient } from '../emulator/client/client';
import { startEmulator, type EmulatorHandle } from '../emulator/server';
import { readyBlock } from './banner';
import {
	DEFAULT_EMULATOR_PORT,
	DEFAULT_N8N_PORT,
	DemoError,
	EMULATOR_PORT_ENV,
	N8N_PORT_ENV,
	demoFolder,
	portFromEnv,
} from './config';
import { emulatorCredentialData, ensureCredential } from './credential';
import { demoApiKey } from './emulatorKey';
import { signIn } from './owner';
import { assertPortFree, portError } from './ports';
import { takeOverSignals } from './signals';
import { republishTrigger, type PublishedTrigger } from './trigger';
import { ensureWorkflows, readExamples } from './workflows';
import { ensureN8nInstalled, type N8nInstall } from '../harness/install/install';
import { log, phase, seconds } from '../harness/process/log';
import { N8nApi } from '../harness/rest/n8n-api';
import { N8nProcess } from '../harness/process/n8n-process';
import { buildPackage, installTarball, packPackage } from '../harness/install/package-install';
import { findRepoRoot } from '../harness/install/paths';

const running: { emulator?: EmulatorHandle; n8n?: N8nProcess; watchdog?: NodeJS.Timeout } = {};
let stopping: Promise<void> | undefined;
let firstSignalAt = 0;

/** n8n first (it may still be answering a delivery), then the emulator; each is safe to call twice. */
async function stopAll(): Promise<void> {
	clearInterval(running.watchdog);
	const { n8n, emulator } = running;
	running.n8n = undefined;
	running.emulator = undefined;
	try {
		await n8n?.stop();
	} finally {
		await emulator?.close();
	}
}

function onSignal(signal: NodeJS.Signals): void {
	if (stopping !== undefined) {
		// One Ctrl-C can arrive twice (from the terminal, and from npm where the shell execs node); a later one means "now".
		if (Date.now() - firstSignalAt < 2_000) return;
		log(`${signal} again: exiting at once (the harness's exit hook SIGKILLs n8n)`);
		process.exit(1);
	}
	firstSignalAt = Date.now();
	log(`${signal}: stopping n8n and the FullStory emulator`);
	stopping = stopAll().then(
		() => {
			log('stopped');
			process.exit(0);
		},
		(error: unknown) => {
			log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
			process.exit(1);
		},
	);
}

/** A crashed n8n would leave a demo that looks alive; it ends the demo instead. */
function watchN8n(n8n: N8nProcess): NodeJS.Timeout {
	return setInterval(() => {
		const pid = n8n.pid;
		if (pid === undefined || stopping !== undefined) return;
		try {
			process.kill(pid, 0);
		} catch {
			log(`n8n (pid ${pid}) exited on its own; see ${n8n.logFile}`);
			stopping = stopAll().finally(() => process.exit(1));
		}
	}, 2_000);
}

/** Built and installed on every start, so the demo always runs the code in the working tree. */
async function installCurrentPackage(repoRoot: string, userFolder: string): Promise<void> {
	await buildPackage(repoRoot);
	const packDir = mkdtempSync(join(tmpdir(), 'n8n-demo-pack-'));
	try {
		await installTarball(userFolder, await packPackage(repoRoot, packDir), 'in-app');
	} finally {
		rmSync(packDir, { recursive: true, force: true });
	}
}

/** With the folder's own key only: the fixed seeded keys are the tests', printed in this repository. */
async function startEmulatorOn(port: number, apiKey: string): Promise<EmulatorHandle> {
	try {
		return await startEmulator({ port, strict: false, apiKey, seededKeys: false });
	} catch (error) {
		throw portError(error, port, EMULATOR_PORT_ENV, 'the FullStory emulator');
	}
}

async function startN8n(install: N8nInstall, userFolder: string, port: number): Promise<N8nProcess> {
	try {
		return await takeOverSignals(() => N8nProcess.start({ install, userFolder, port, logLevel: 'info' }), onSignal);
	} catch (error) {
		// Free a minute ago, taken now: say so instead of showing n8n's log tail.
		await assertPortFree(port, N8N_PORT_ENV, 'n8n');
		throw error;
	}
}

async function main(): Promise<void> {
	const started = Date.now();
	const repoRoot = findRepoRoot();
	const n8nPort = portFromEnv(N8N_PORT_ENV, DEFAULT_N8N_PORT);
	const emulatorPort = portFromEnv(EMULATOR_PORT_ENV, DEFAULT_EMULATOR_PORT);
	if (n8nPort === emulatorPort) throw new DemoError(`${N8N_PORT_ENV} and ${EMULATOR_PORT_ENV} are both ${n8nPort}; give them different ports.`);
	// Both ports are checked before the slow steps, so a taken port fails in a second, not after a build.
	await assertPortFree(n8nPort, N8N_PORT_ENV, 'n8n');
	await assertPortFree(emulatorPort, EMULATOR_PORT_ENV, 'the FullStory emulator');

	const install = await ensureN8nInstalled(repoRoot);
	const folder = demoFolder(repoRoot);
	mkdirSync(folder, { recursive: true });
	await phase('build, pack and install n8n-nodes-fullstory (in-app way)', () => installCurrentPackage(repoRoot, folder));

	const apiKey = demoApiKey(folder);
	const emulator = await startEmulatorOn(emulatorPort, apiKey);
	running.emulator = emulator;
	const { defaultOrgId } = emulator.info();
	log(`FullStory emulator listening on ${emulator.baseUrl} (org ${defaultOrgId}, not strict)`);

	const n8n = await startN8n(install, folder, n8nPort);
	running.n8n = n8n;
	running.watchdog = watchN8n(n8n);

	const api = new N8nApi(n8n.baseUrl);
	const { created, owner } = await signIn(api, folder);
	log(created ? 'created the demo owner' : 'logged in as the demo owner');

	const { credential, action } = await ensureCredential(api, emulatorCredentialData(apiKey, emulator.baseUrl));
	const what = { created: 'created', moved: 'updated: it pointed elsewhere', rewritten: 'data re-saved' }[action];
	log(`credential "${credential.name}" (id ${credential.id}) ${what}; it points at ${emulator.baseUrl}`);

	const workflows = await ensureWorkflows(api, readExamples(repoRoot), credential);
	for (const { workflow, imported } of workflows) log(`workflow "${workflow.name}" (id ${workflow.id}) ${imported ? 'imported' : 'already there'}`);

	const client = new EmulatorClient(emulator.baseUrl);
	let trigger: PublishedTrigger | undefined;
	for (const { workflow } of workflows.filter((w) => w.published)) {
		trigger = await phase(`publish "${workflow.name}"`, () => republishTrigger(api, workflow, n8n.baseUrl, client));
		log(`trigger registered: endpoint ${trigger.endpointId} -> ${trigger.url}`);
	}
	if (trigger === undefined) throw new DemoError('No example workflow contains the FullStory Trigger.');

	process.stdout.write(
		`\n${readyBlock({
			n8nUrl: n8n.baseUrl,
			login: owner,
			emulatorUrl: emulator.baseUrl,
			apiKey,
			orgId: defaultOrgId,
			workflows,
			triggerUrl: trigger.url,
			logFile: n8n.logFile,
			repoRoot,
		})}\n\n`,
	);
	log(`demo ready in ${seconds(Date.now() - started)}`);
}

main().catch(async (error: unknown) => {
	if (error instanceof DemoError) process.stderr.write(`\n${error.message}\n\n`);
	else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	// A Ctrl-C already stopping everything gets to finish; otherwise nothing started may outlive us.
	if (stopping === undefined) {
		stopping = stopAll();
		await stopping.catch((stopError: unknown) => log(`stopping after the failure failed: ${String(stopError)}`));
		process.exit(1);
	}
});
