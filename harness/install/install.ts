/**
 * Installs a pinned n8n + the Node it runs under into the git-ignored cache on first use and reuses
 * it after. Two lines sit side by side (paths.ts `N8nLine`), each from its own manifest and
 * lockfile: `2.x` (n8n 2.40.7 under Node 24) and `1.x` (n8n 1.123.81 under Node 22, with an `xlsx`
 * override in `harness/installs/1.x/package.json`: n8n 1.x names xlsx by a CDN tarball URL, which cannot be
 * fetched here). Both Nodes come from the npm `node` package. Node 22, not the machine's Node 20,
 * for 1.x: n8n 1.123.81's default expression engine (`vm`) loads isolated-vm 6.2.0, which ships
 * builds for Node 22 and 24 only, and n8n exits at start when it cannot load it.
 *
 * Why the extra steps after `npm ci --ignore-scripts`:
 * - scripts stay off because an optional native dependency of n8n (kafka) cannot build offline;
 * - so the `node` package's preinstall, which fetches the real binary package
 *   (`node-<platform>-<arch>`), is run on its own with `npm rebuild node`;
 * - and sqlite3 (n8n's default database driver) is compiled against Node 24's headers, which the
 *   binary package carries, because node-gyp would otherwise try to download them.
 * A marker file is written only after every step succeeded, so an interrupted install is redone.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { log, phase, seconds } from '../process/log';
import { sleep } from '../process/wait';
import type { N8nLine } from './paths';
import { findRepoRoot, harnessManifestDir, installDir, pinnedN8nVersion } from './paths';
import { cleanEnv, runCommand } from './run-command';

export interface N8nInstall {
	/** The folder holding the harness's package.json, lockfile and node_modules. */
	root: string;
	/** n8n's CLI entry point (a JS file; run it with `nodeBin`). */
	n8nBin: string;
	/** The Node that runs n8n: the npm `node` package's binary (2.x: Node 24, 1.x: Node 22). */
	nodeBin: string;
	/** Which pinned line this is; absent means `2.x` (installs described before 1.x was added). */
	line?: N8nLine;
	/** The pinned n8n version, e.g. `2.40.7`. */
	version?: string;
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

function layout(root: string, line: N8nLine, version: string): N8nInstall {
	return {
		root,
		n8nBin: join(root, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBin: join(root, 'node_modules', 'node', 'bin', 'node'),
		line,
		version,
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

/**
 * Whether a Node version satisfies an engines range of the simple forms n8n uses
 * (`>=20.19 <= 24.x`, `>=24.0.0`): space-separated comparators, `x` or a missing part matching any.
 */
export function satisfiesEngines(version: string, range: string): boolean {
	const parse = (text: string): number[] => text.replace(/^v/, '').split('.').map((part) => (part === 'x' || part === '*' ? NaN : Number(part)));
	const have = parse(version);
	const compare = (want: number[]): number => {
		for (let i = 0; i < 3; i++) {
			const w = want[i];
			if (w === undefined || Number.isNaN(w)) return 0; // the rest matches any
			const h = have[i] ?? 0;
			if (h !== w) return h < w ? -1 : 1;
		}
		return 0;
	};
	return range
		.replace(/([<>]=?|=)\s+/g, '$1')
		.split(/\s+/)
		.filter((token) => token !== '')
		.every((token) => {
			const match = /^(>=|<=|>|<|=)?(.+)$/.exec(token);
			if (match === null) return false;
			const order = compare(parse(match[2]));
			switch (match[1]) {
				case '>=':
					return order >= 0;
				case '<=':
					return order <= 0;
				case '>':
					return order > 0;
				case '<':
					return order < 0;
				default:
					return order === 0;
			}
		});
}

/** n8n's engines range as the lockfile records it. */
function lockedN8nEngines(sourceDir: string): string | undefined {
	const lock: unknown = JSON.parse(readFileSync(join(sourceDir, 'package-lock.json'), 'utf8'));
	if (typeof lock !== 'object' || lock === null || !('packages' in lock)) return undefined;
	const packages = lock.packages;
	if (typeof packages !== 'object' || packages === null || !('node_modules/n8n' in packages)) return undefined;
	const n8n: unknown = packages['node_modules/n8n'];
	if (typeof n8n !== 'object' || n8n === null || !('engines' in n8n)) return undefined;
	const engines = n8n.engines;
	return typeof engines === 'object' && engines !== null && 'node' in engines && typeof engines.node === 'string' ? engines.node : undefined;
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
	log('npm runs under the system Node, so it prints EBADENGINE warnings for packages that want Node >= 22; expected, n8n runs under the pinned `node` package');
	await phase(`npm ci --ignore-scripts for n8n ${String(install.version)} (first install: about 4 min, 2-3 GB)`, () =>
		runCommand('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: root,
			env: cleanEnv(),
			heartbeat: (elapsed) => log(`  npm ci still running: ${seconds(elapsed)}, ${countPackages(root)} top-level entries in node_modules`),
		}),
	);

	await phase('fetch the Node binary (the `node` package preinstall)', () =>
		runCommand('npm', ['rebuild', 'node', '--ignore-scripts=false', '--foreground-scripts', '--no-audit', '--no-fund'], {
			cwd: root,
			env: cleanEnv(),
		}),
	);
	const version = (await runCommand(nodeBin, ['--version'], { cwd: root, captureStdout: true })).trim();
	log(`Node runtime for n8n: ${version} (${nodeBin})`);
	const engines = lockedN8nEngines(sourceDir);
	if (engines !== undefined && !satisfiesEngines(version, engines)) {
		throw new Error(`e2e: n8n ${String(install.version)} wants Node ${engines}, and ${sourceDir}/package.json pins Node ${version}`);
	}

	const headers = nodeHeadersDir(root);
	const nodeGyp = findNodeGyp(root);
	await phase(`compile sqlite3 against Node ${version} (about 75 s)`, () =>
		runCommand(nodeBin, [nodeGyp, 'rebuild', `--nodedir=${headers}`, '--jobs=max'], {
			cwd: join(root, 'node_modules', 'sqlite3'),
			// n8n's Node first on PATH so node-gyp's sub-steps (and any `node` it spawns) use it too.
			env: cleanEnv({ PATH: `${dirname(nodeBin)}${delimiter}${process.env.PATH ?? ''}` }),
			heartbeat: (elapsed) => log(`  node-gyp still running: ${seconds(elapsed)}`),
		}),
	);

	await phase(`check sqlite3 loads under Node ${version}`, () =>
		runCommand(
			nodeBin,
			['-e', "const s = require('sqlite3'); new s.Database(':memory:').close(); console.log('sqlite3 ' + s.VERSION)"],
			{ cwd: root, env: cleanEnv() },
		),
	);

	const marker: Marker = { lockSha256: fingerprint, completedAt: new Date().toISOString() };
	writeFileSync(join(root, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

function processAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return !(error instanceof Error && 'code' in error && error.code === 'ESRCH');
	}
}

/**
 * Runs `fn` holding `<root>.lock` (a folder: mkdir is atomic), so two harness runs on one machine
 * (two jest runs, a benchmark beside a test run) never install into the same folder at once; the
 * second waits and then finds the install complete. A lock whose process is gone is taken over.
 */
async function withInstallLock<T>(root: string, fn: () => Promise<T>): Promise<T> {
	const lock = `${root}.lock`;
	const owner = join(lock, 'pid');
	mkdirSync(dirname(lock), { recursive: true });
	let waitingSince: number | undefined;
	let nextLog = 0;
	for (;;) {
		try {
			mkdirSync(lock);
			writeFileSync(owner, String(process.pid));
			break;
		} catch (error) {
			if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
		}
		let pid = Number.NaN;
		try {
			pid = Number(readFileSync(owner, 'utf8'));
		} catch {
			// Just created by its owner, pid not written yet; a lock left that way for long is stale.
		}
		let age = 0;
		try {
			age = Date.now() - statSync(lock).mtimeMs;
		} catch {
			continue; // released meanwhile
		}
		if (Number.isNaN(pid) ? age > 30_000 : !processAlive(pid)) {
			log(`taking over the stale install lock ${lock} (${Number.isNaN(pid) ? 'no owner' : `pid ${pid} is gone`})`);
			rmSync(lock, { recursive: true, force: true });
			continue;
		}
		const now = Date.now();
		waitingSince ??= now;
		if (now >= nextLog) {
			log(`waiting for another install into ${root} (pid ${String(pid)}), ${seconds(now - waitingSince)} so far`);
			nextLog = now + 30_000;
		}
		await sleep(1_000);
	}
	try {
		return await fn();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** One install per line, in its own cache folder; `line` defaults to the 2.x pin. */
export async function ensureN8nInstalled(repoRoot: string = findRepoRoot(), line: N8nLine = '2.x'): Promise<N8nInstall> {
	const sourceDir = harnessManifestDir(repoRoot, line);
	const target = layout(installDir(repoRoot, line), line, pinnedN8nVersion(repoRoot, line));
	const fingerprint = lockFingerprint(sourceDir);
	if (isComplete(target, fingerprint)) {
		log(`reusing n8n install at ${target.root}`);
		return target;
	}
	return withInstallLock(target.root, async () => {
		// Another run may have finished it while this one waited for the lock.
		if (isComplete(target, fingerprint)) {
			log(`reusing n8n install at ${target.root}`);
			return target;
		}
		log(`installing n8n into ${target.root} (no complete install for this lockfile there)`);
		await phase(`n8n ${String(target.version)} install`, () => install(target, sourceDir, fingerprint));
		return target;
	});
}

// `node build/harness/install/install.js` installs (or confirms) the 2.x line without starting anything;
// `node build/harness/install/install.js --line=1.x` the 1.x line.
if (require.main === module) {
	const line: N8nLine = process.argv.includes('--line=1.x') ? '1.x' : '2.x';
	ensureN8nInstalled(findRepoRoot(), line).then(
		(result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\n`),
		(error: unknown) => {
			process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exitCode = 1;
		},
	);
}
