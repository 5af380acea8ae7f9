/**
 * Builds a community package, packs it, and installs the tarball into an n8n user folder the way
 * n8n loads community packages: `<N8N_USER_FOLDER>/.n8n/nodes/node_modules/<package>`.
 *
 * Two install styles, because the package must work with both:
 * - `in-app`: like n8n's own installer — peer dependencies (n8n-workflow) left out, so the package
 *   resolves n8n's copy at run time (see `installInApp` for the exact steps);
 * - `plain-npm`: a user's `npm install <tarball>` — npm 7+ also installs the peer next to the
 *   package, and Node then resolves that copy instead of n8n's.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expectShape, isArrayOf, isJsonObject, isString, type JsonObject } from '../rest/guards';
import { phase } from '../process/log';
import { cleanEnv, runCommand } from './run-command';

export type InstallStyle = 'in-app' | 'plain-npm';

/** `npm run build` in the package root (the package's own build: tsc + icons into dist/). */
export async function buildPackage(packageRoot: string): Promise<void> {
	await phase(`npm run build (${packageRoot})`, () => runCommand('npm', ['run', 'build'], { cwd: packageRoot, env: cleanEnv() }));
}

type PackEntry = JsonObject & { filename: string };

function isPackEntry(value: unknown): value is PackEntry {
	return isJsonObject(value) && isString(value.filename);
}

/** `npm pack` into `destination` (default: a new temp folder); returns the tarball's path. */
export async function packPackage(packageRoot: string, destination?: string): Promise<string> {
	const outDir = destination ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-pack-'));
	const stdout = await phase(`npm pack (${packageRoot})`, () =>
		runCommand('npm', ['pack', '--json', '--pack-destination', outDir], {
			cwd: packageRoot,
			env: cleanEnv(),
			captureStdout: true,
		}),
	);
	const entries = expectShape(JSON.parse(stdout), (value) => isArrayOf(value, isPackEntry), 'npm pack --json');
	const first = entries[0];
	if (first === undefined) throw new Error('e2e: npm pack produced no tarball');
	const tarball = join(outDir, first.filename);
	if (!existsSync(tarball)) throw new Error(`e2e: npm pack reported ${tarball}, which does not exist`);
	return tarball;
}

/** The folder n8n scans for community packages (`<N8N_USER_FOLDER>/.n8n/nodes`). */
export function communityNodesDir(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

type Manifest = JsonObject & { name: string; version: string };
const isManifest = (v: unknown): v is Manifest => isJsonObject(v) && isString(v.name) && isString(v.version);

function readManifest(file: string): Manifest {
	return expectShape(JSON.parse(readFileSync(file, 'utf8')), isManifest, file);
}

/** Records the package in the folder's manifest, as n8n's installer does (n8n reads it on start). */
function recordDependency(nodesDir: string, name: string, version: string): void {
	const file = join(nodesDir, 'package.json');
	const current: unknown = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
	const manifest: JsonObject = isJsonObject(current) ? current : { name: 'installed-nodes', private: true };
	const dependencies = isJsonObject(manifest.dependencies) ? manifest.dependencies : {};
	manifest.dependencies = { ...dependencies, [name]: version };
	writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/**
 * n8n 2.40.7's in-app installer (CommunityPackagesService.downloadPackage), step for step:
 * unpack the tarball into `node_modules/<name>`, drop devDependencies, peerDependencies and
 * optionalDependencies from its package.json, run a shallow `npm install` inside it for its own
 * runtime dependencies, then list it in the folder's package.json.
 */
async function installInApp(nodesDir: string, tarball: string): Promise<Manifest> {
	const unpacked = mkdtempSync(join(tmpdir(), 'n8n-e2e-unpack-'));
	try {
		await runCommand('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1'], { cwd: unpacked });
		const manifest = readManifest(join(unpacked, 'package.json'));
		const target = join(nodesDir, 'node_modules', manifest.name);
		rmSync(target, { recursive: true, force: true });
		mkdirSync(dirname(target), { recursive: true });
		cpSync(unpacked, target, { recursive: true });
		const { devDependencies: _dev, peerDependencies: _peer, optionalDependencies: _optional, ...runtime } = manifest;
		writeFileSync(join(target, 'package.json'), JSON.stringify(runtime, null, 2));
		await phase(`npm install (shallow, for ${manifest.name}'s own dependencies)`, () =>
			runCommand(
				'npm',
				['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
				{ cwd: target, env: cleanEnv() },
			),
		);
		recordDependency(nodesDir, manifest.name, manifest.version);
		return manifest;
	} finally {
		rmSync(unpacked, { recursive: true, force: true });
	}
}

/**
 * What a user's `npm install <tarball>` in the nodes folder does: npm 7+ also installs the peer
 * dependency (n8n-workflow, latest) next to the package, and Node resolves that copy first.
 */
async function installPlainNpm(nodesDir: string, tarball: string): Promise<void> {
	const manifest = join(nodesDir, 'package.json');
	// Without a manifest here npm would walk up the tree and install somewhere else.
	if (!existsSync(manifest)) writeFileSync(manifest, `${JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2)}\n`);
	const args = ['install', tarball, '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--bin-links=false'];
	await phase(`npm ${args.join(' ')} (in ${nodesDir})`, () => runCommand('npm', args, { cwd: nodesDir, env: cleanEnv() }));
}

/**
 * Installs a packed tarball where n8n 2.40.7 loads community packages from. Call it before
 * starting n8n (packages are loaded at start-up), or restart n8n afterwards.
 */
export async function installTarball(userFolder: string, tarball: string, style: InstallStyle = 'in-app'): Promise<string> {
	const dir = communityNodesDir(userFolder);
	mkdirSync(dir, { recursive: true });
	if (style === 'in-app') await phase(`install ${tarball} the in-app way`, () => installInApp(dir, tarball));
	else await installPlainNpm(dir, tarball);
	return dir;
}

/** Build + pack + install in one go, for the real package under test. */
export async function buildAndInstallPackage(packageRoot: string, userFolder: string, style: InstallStyle = 'in-app'): Promise<string> {
	await buildPackage(packageRoot);
	const tarball = await packPackage(packageRoot);
	await installTarball(userFolder, tarball, style);
	return tarball;
}
