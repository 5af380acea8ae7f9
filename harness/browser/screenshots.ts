/**
 * Screenshots of the editor. `npm test` leaves them in `build/e2e-results/screenshots/` for
 * whoever reads a run; `npm run screenshots` (FULLSTORY_E2E_SCREENSHOTS=docs) writes the
 * documentation's copies into `docs/images/` under stable names.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { log } from '../process/log';
import { findRepoRoot } from '../install/paths';

export function screenshotDir(): string {
	const root = findRepoRoot();
	const folder =
		process.env.FULLSTORY_E2E_SCREENSHOTS === 'docs' ? join(root, 'docs', 'images') : join(root, 'build', 'e2e-results', 'screenshots');
	mkdirSync(folder, { recursive: true });
	return folder;
}

/**
 * A PNG of the whole viewport (1280×800). In n8n's editor, animations are finished, the caret is
 * hidden, and n8n's toasts ("Credential successfully created ...") are hidden by a style rather than
 * closed: a click would also close the dropdown the picture is about. `n8nStyle: false` takes the
 * picture as it is, for a page whose Content-Security-Policy refuses injected styles (the emulator's);
 * `fullPage` takes the whole page instead of the viewport.
 */
export async function saveScreenshot(
	page: Page,
	name: string,
	{ n8nStyle = true, fullPage = false }: { n8nStyle?: boolean; fullPage?: boolean } = {},
): Promise<string> {
	const path = join(screenshotDir(), `${name}.png`);
	if (n8nStyle) {
		await page.screenshot({ path, fullPage, animations: 'disabled', caret: 'hide', style: '.el-notification { visibility: hidden !important; }' });
	} else {
		await page.screenshot({ path, fullPage });
	}
	log(`screenshot ${path}`);
	return path;
}

/** Runs a test's steps; on a failure, keeps what the browser showed before rethrowing. */
export async function showingFailures<T>(page: Page, name: string, steps: () => Promise<T>): Promise<T> {
	try {
		return await steps();
	} catch (error) {
		const folder = join(findRepoRoot(), 'build', 'e2e-results', 'screenshots');
		mkdirSync(folder, { recursive: true });
		const path = join(folder, `failure-${name}.png`);
		await page.screenshot({ path }).catch(() => undefined);
		log(`failure screenshot ${path}`);
		throw error;
	}
}
