/** Where the harness lives on disk, found from this file so it works from `harness/` (ts-jest) and from `build/harness/` (tsc). */
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';

const MANIFESTS = join('harness', 'installs');

/** The repo root is the first ancestor holding `harness/installs/`; walking up avoids hard-coding the build layout. */
export function findRepoRoot(start: string = __dirname): string {
	let dir = start;
	for (;;) {
		if (existsSync(join(dir, MANIFESTS, '2.x', 'package.json')) && existsSync(join(dir, 'package.json'))) return dir;
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`harness: no repo root (folder with ${MANIFESTS}/) above ${start}`);
		dir = parent;
	}
}

/** Git-ignored; the n8n installs and the demo's n8n folder live under it. */
export function cacheDir(repoRoot: string = findRepoRoot()): string {
	return join(repoRoot, '.cache');
}

/**
 * The n8n lines the harness installs side by side, each from its own pinned manifest + lockfile:
 * `2.x` from `harness/installs/2.x/` (n8n 2.40.7 under Node 24), `1.x` from `harness/installs/1.x/`
 * (n8n 1.123.81, with its `xlsx` override, under Node 22); both Nodes from the npm `node` package.
 */
export type N8nLine = '1.x' | '2.x';

/** The folder holding a line's pinned `package.json` and `package-lock.json`. */
export function harnessManifestDir(repoRoot: string = findRepoRoot(), line: N8nLine = '2.x'): string {
	return join(repoRoot, MANIFESTS, line);
}

function pinnedDependencies(repoRoot: string, line: N8nLine): Record<string, unknown> {
	const file = join(harnessManifestDir(repoRoot, line), 'package.json');
	const manifest: unknown = JSON.parse(readFileSync(file, 'utf8'));
	if (typeof manifest === 'object' && manifest !== null && 'dependencies' in manifest) {
		const deps = manifest.dependencies;
		if (typeof deps === 'object' && deps !== null) return { ...deps };
	}
	throw new Error(`${file} must pin dependencies`);
}

/** Reads the pinned n8n version from the line's harness manifest so the cache folder name follows the pin. */
export function pinnedN8nVersion(repoRoot: string = findRepoRoot(), line: N8nLine = '2.x'): string {
	const version = pinnedDependencies(repoRoot, line).n8n;
	if (typeof version === 'string') return version;
	throw new Error(`${join(harnessManifestDir(repoRoot, line), 'package.json')} must pin dependencies.n8n`);
}

/**
 * The install lives outside the tracked tree (git-ignored `.cache/`, one folder per pinned
 * n8n version, so the lines sit side by side); `N8N_E2E_CACHE_DIR` moves it, e.g. to a CI cache volume.
 */
export function installDir(repoRoot: string = findRepoRoot(), line: N8nLine = '2.x'): string {
	const base = process.env.N8N_E2E_CACHE_DIR ?? cacheDir(repoRoot);
	return join(base, `n8n-${pinnedN8nVersion(repoRoot, line)}`);
}
