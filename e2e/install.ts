/**
 * Installs the pinned n8n + Node 24 into the git-ignored cache on first use and reuses it after.
 *
 * Why the extra steps after `npm ci --ignore-scripts` (n8n-guide §6):
 * - scripts stay off because an optional native dependency of n8n (kafka) cannot build offline;
 * - so the `node` package's preinstall, which fetches the real binary package
 *   (`node-<platform>-<arch>`), is run on its own with `npm rebuild node`;
 * - and sqlite3 (n8n's default database driver) is compiled against Node 24's headers, which the
 *   binary package carries, because node-gyp would otherwise try to download them.
 * A marker file is written only after every step succeeded, so an interrupted install is redone.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { log, phase, seconds } from './log';
import { e2eDir, findRepoRoot, installDir } from './paths';
import { cleanEnv, runCommand } from './run-command';

export interface N8nInstall {
	/** The folder holding the harness's package.json, lockfile and node_modules. */
	root: string;
	/** n8n's CLI entry point (a JS file; run it with `nodeBin`). */
	n8nBin: string;
	/** The Node 24 binary from the npm `node` package. */
	nodeBin: string;
}

const MARKER = '.install-complete.json';

interface Marker {
	lockSha256: string;
	completedAt: string;
}

function isMarker(value: unknown): value is Marker {
	return (
		typeof value === 'object' &&
		value !== null &&
		'lockSha256' in value &&
		typeof value.lockSha256 === 'string' &&
		'completedAt' in value &&
		typeof value.completedAt === 'string'
	);
}

/** The manifest and lockfile together decide what is installed; any change to either redoes the install. */
function lockFingerprint(sourceDir: string): string {
	const hash = createHash('sha256');
	for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(sourceDir, file)));
	return hash.digest('hex');
}

function layout(root: string): N8nInstall {
	return {
		root,
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: join(root, 'node_modules', 'node', 'bin', 'node'),
	};
}

/** The binary package the `node` package installs for this machine; it also holds `include/node`. */
function nodeHeadersDir(root: string): string {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	const dir = join(root, 'node_modules', 'node', 'node_modules', `node-${platform}-${process.arch}`);
	if (!existsSync(join(dir, 'include', 'node', 'node.h'))) {
		throw new Error(`e2e: Node headers not found at ${dir}/include/node (did the \`node\` package's preinstall run?)`);
	}
	return dir;
}

function which(command: string): string | undefined {
	for (const dir of (process.env.PATH ?? '').split(delimiter)) {
		const candidate = join(dir, command);
		if (dir !== '' && existsSync(candidate)) return candidate;
	}
	return undefined;
}

/** Prefers the node-gyp bundled with npm (current, Python 3.12-safe) over the 8.x copy in n8n's tree. */
function findNodeGyp(root: string): string {
	const candidates: string[] = [];
	const npm = which('npm');
	if (npm !== undefined) {
		const npmCli = realpathSync(npm); // e.g. /usr/lib/node_modules/npm/bin/npm-cli.js
		candidates.push(join(dirname(npmCli), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
		candidates.push(join(dirname(npm), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	}
	candidates.push(join(root, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'));
	const found = candidates.find((candidate) => existsSync(candidate));
	if (found === undefined) throw new Error(`e2e: node-gyp not found; looked at ${candidates.join(', ')}`);
	return found;
}

function readMarker(root: string): Marker | undefined {
	const file = join(root, MARKER);
	if (!existsSync(file)) return undefined;
	try {
		const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
		return isMarker(parsed) ? parsed : undefined;
	} catch {
		return undefined;
	}
}

function isComplete(install: N8nInstall, fingerprint: string): boolean {
	const marker = readMarker(install.root);
	return (
		marker !== undefined &&
		marker.lockSha256 === fingerprint &&
		existsSync(install.n8nBin) &&
		existsSync(install.nodeBin) &&
		existsSync(join(install.root, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'))
	);
}

function countPackages(root: string): number {
	try {
		return readdirSync(join(root, 'node_modules')).length;
	} catch {
		return 0;
	}
}

async function install(install: N8nInstall, sourceDir: string, fingerprint: string): Promise<void> {
	const { root, nodeBin } = install;
	mkdirSync(root, { recursive: true });
	rmSync(join(root, MARKER), { force: true });
	for (const file of ['package.json', 'package-lock.json']) copyFileSync(join(sourceDir, file), join(root, file));

	// `npm ci` is silent for minutes without a TTY; the heartbeat shows it is alive.
	log('npm runs under the system Node, so it prints EBADENGINE warnings for packages that want Node >= 22; expected, n8n runs under Node 24');
	await phase('npm ci --ignore-scripts (first install: about 4 min, 2.8 GB)', () =>
		runCommand('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: root,
			env: cleanEnv(),
			heartbeat: (elapsed) => log(`  npm ci still running: ${seconds(elapsed)}, ${countPackages(root)} top-level entries in node_modules`),
		}),
	);

	await phase('fetch the Node 24 binary (the `node` package preinstall)', () =>
		runCommand('npm', ['rebuild', 'node', '--ignore-scripts=false', '--foreground-scripts', '--no-audit', '--no-fund'], {
			cwd: root,
			env: cleanEnv(),
		}),
	);
	const version = (await runCommand(nodeBin, ['--version'], { cwd: root, captureStdout: true })).trim();
	log(`Node runtime for n8n: ${version} (${nodeBin})`);

	const headers = nodeHeadersDir(root);
	const nodeGyp = findNodeGyp(root);
	await phase('compile sqlite3 against Node 24 (about 75 s)', () =>
		runCommand(nodeBin, [nodeGyp, 'rebuild', `--nodedir=${headers}`, '--jobs=max'], {
			cwd: join(root, 'node_modules', 'sqlite3'),
			// Node 24 first on PATH so node-gyp's sub-steps (and any `node` it spawns) use it too.
			env: cleanEnv({ PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}` }),
			heartbeat: (elapsed) => log(`  node-gyp still running: ${seconds(elapsed)}`),
		}),
	);

	await phase('check sqlite3 loads under Node 24', () =>
		runCommand(
			nodeBin,
			['-e', "const s = require('sqlite3'); new s.Database(':memory:').close(); console.log('sqlite3 ' + s.VERSION)"],
			{ cwd: root, env: cleanEnv() },
		),
	);

	const marker: Marker = { lockSha256: fingerprint, completedAt: new Date().toISOString() };
	writeFileSync(join(root, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

export async function ensureN8nInstalled(repoRoot: string = findRepoRoot()): Promise<N8nInstall> {
	const sourceDir = e2eDir(repoRoot);
	const target = layout(installDir(repoRoot));
	const fingerprint = lockFingerprint(sourceDir);
	if (isComplete(target, fingerprint)) {
		log(`reusing n8n install at ${target.root}`);
		return target;
	}
	log(`installing n8n into ${target.root} (no complete install for this lockfile there)`);
	await phase('n8n install', () => install(target, sourceDir, fingerprint));
	return target;
}

// `node build/e2e/install.js` installs (or confirms) without starting anything.
if (require.main === module) {
	ensureN8nInstalled().then(
		(result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
