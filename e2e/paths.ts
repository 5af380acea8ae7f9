/** Where the harness lives on disk, found from this file so it works from `e2e/` (ts-jest) and from `build/e2e/` (tsc). */
import { existsSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';

/** The repo root is the first ancestor holding `e2e/package.json`; walking up avoids hard-coding the build layout. */
export function findRepoRoot(start: string = __dirname): string {
	let dir = start;
	for (;;) {
		if (existsSync(join(dir, 'e2e', 'package.json')) && existsSync(join(dir, 'package.json'))) return dir;
		const parent = dirname(dir);
		if (parent === dir) throw new Error(`e2e: no repo root (folder with e2e/package.json) above ${start}`);
		dir = parent;
	}
}

export function e2eDir(repoRoot: string = findRepoRoot()): string {
	return join(repoRoot, 'e2e');
}

/** Reads the pinned n8n version from the harness manifest so the cache folder name follows the pin. */
export function pinnedN8nVersion(repoRoot: string = findRepoRoot()): string {
	const manifest: unknown = JSON.parse(readFileSync(join(e2eDir(repoRoot), 'package.json'), 'utf8'));
	if (typeof manifest === 'object' && manifest !== null && 'dependencies' in manifest) {
		const deps = manifest.dependencies;
		if (typeof deps === 'object' && deps !== null && 'n8n' in deps && typeof deps.n8n === 'string') return deps.n8n;
	}
	throw new Error('e2e/package.json must pin dependencies.n8n');
}

/**
 * The install lives outside the tracked tree (git-ignored `e2e/.cache/`); `N8N_E2E_CACHE_DIR`
 * moves it, e.g. to a CI cache volume.
 */
export function installDir(repoRoot: string = findRepoRoot()): string {
	const base = process.env.N8N_E2E_CACHE_DIR ?? join(e2eDir(repoRoot), '.cache');
	return join(base, `n8n-${pinnedN8nVersion(repoRoot)}`);
}
