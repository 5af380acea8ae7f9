/**
 * Harness smoke run (not a jest test): install (or reuse) n8n, start it on a fresh folder with the
 * generated probe package (and, with --with-package, the real package), set up the owner, check
 * that the community node types loaded, restart, stop, and print the timings.
 *
 *   node build/harness/checks/smoke.js [--with-package[=in-app|plain-npm]] [--log-level=debug] [--keep]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureN8nInstalled } from '../install/install';
import { log, seconds } from '../process/log';
import { N8nApi } from '../rest/n8n-api';
import { N8nProcess, type N8nLogLevel } from '../process/n8n-process';
import { buildAndInstallPackage, installTarball, packPackage, type InstallStyle } from '../install/package-install';
import { findRepoRoot } from '../install/paths';
import { PROBE_NODE_TYPE, PROBE_TRIGGER_TYPE, writeProbePackage } from '../install/probe-package';

interface SmokeArgs {
	withPackage: InstallStyle | undefined;
	logLevel: N8nLogLevel;
	keep: boolean;
}

function parseArgs(argv: string[]): SmokeArgs {
	const args: SmokeArgs = { withPackage: undefined, logLevel: 'info', keep: false };
	for (const arg of argv) {
		if (arg === '--with-package' || arg === '--with-package=in-app') args.withPackage = 'in-app';
		else if (arg === '--with-package=plain-npm') args.withPackage = 'plain-npm';
		else if (arg === '--keep') args.keep = true;
		else if (arg.startsWith('--log-level=')) {
			const level = arg.slice('--log-level='.length);
			if (level !== 'error' && level !== 'warn' && level !== 'info' && level !== 'debug') throw new Error(`bad log level ${level}`);
			args.logLevel = level;
		} else throw new Error(`unknown argument ${arg}`);
	}
	return args;
}

async function timed<T>(timings: Record<string, string>, name: string, work: () => Promise<T>): Promise<T> {
	const started = Date.now();
	const result = await work();
	timings[name] = seconds(Date.now() - started);
	return result;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	const repoRoot = findRepoRoot();
	const timings: Record<string, string> = {};
	const install = await timed(timings, 'ensureN8nInstalled', () => ensureN8nInstalled(repoRoot));

	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-smoke-'));
	await timed(timings, 'probe package: write + pack + install', async () => {
		const tarball = await packPackage(writeProbePackage());
		await installTarball(userFolder, tarball, 'in-app');
	});
	if (args.withPackage !== undefined) {
		const style = args.withPackage;
		await timed(timings, `real package: build + pack + install (${style})`, () => buildAndInstallPackage(repoRoot, userFolder, style));
	}

	const n8n = await timed(timings, 'first start until /healthz/readiness', () =>
		N8nProcess.start({ install, userFolder, logLevel: args.logLevel }),
	);
	try {
		const api = new N8nApi(n8n.baseUrl);
		const owner = await timed(timings, 'owner setup', () => api.setupOwner());
		log(`owner ${owner.email} (id ${owner.id})`);

		const nodeTypes = await timed(timings, 'GET /types/nodes.json', () => api.nodeTypes());
		const credentialTypes = await api.credentialTypes();
		// Built-in packages are n8n-nodes-base and @n8n/n8n-nodes-langchain; everything else came from .n8n/nodes.
		const community = [...new Set(nodeTypes.map((t) => t.name))].filter(
			(name) => !name.startsWith('n8n-nodes-base.') && !name.startsWith('@n8n/'),
		);
		log(`${nodeTypes.length} node types, ${credentialTypes.length} credential types; community: ${community.join(', ') || 'none'}`);
		for (const expected of [PROBE_NODE_TYPE, PROBE_TRIGGER_TYPE]) {
			if (!community.includes(expected)) throw new Error(`probe node type ${expected} not loaded; log tail:\n${n8n.logTail(40)}`);
		}
		if (args.withPackage !== undefined && !community.some((name) => name.startsWith('n8n-nodes-fullstory.'))) {
			throw new Error(`no n8n-nodes-fullstory.* node type loaded; log tail:\n${n8n.logTail(40)}`);
		}

		await timed(timings, 'restart until /healthz/readiness', () => n8n.restart());
		// A new client (new browser id) must log in; the old cookie is bound to the old browser id.
		const again = new N8nApi(n8n.baseUrl);
		await timed(timings, 'login after restart', () => again.login());
		const reloaded = await again.nodeTypes();
		if (!reloaded.some((t) => t.name === PROBE_NODE_TYPE)) throw new Error('probe node type missing after restart');
	} finally {
		await timed(timings, 'stop (SIGTERM, group gone)', () => n8n.stop());
	}

	process.stdout.write(`${JSON.stringify({ n8n: n8n.baseUrl, userFolder, logFile: n8n.logFile, timings }, null, 2)}\n`);
	if (!args.keep) rmSync(userFolder, { recursive: true, force: true });
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
