/**
 * Screenshots of the editor. `npm test` leaves them in `build/e2e-results/screenshots/` for
 * whoever reads a run; `npm run screenshots` (FULLSTORY_E2E_SCREENSHOTS=docs) writes the
 * documentation's copies into `docs/images/` under stable names.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { log } from '../log';
import { findRepoRoot } from '../paths';

export function screenshotDir(): string {
	const root = findRepoRoot();
	const folder =
		process.env.FULLSTORY_E2E_SCREENSHOTS === 'docs' ? join(root, 'docs', 'images') : join(root, 'build', 'e2e-results', 'screenshots');
	mkdirSync(folder, { recursive: true });
	return folder;
}

/**
 * A PNG of the whole viewport (1280×800), animations finished and the caret hidden. n8n's toasts
 * ("Credential successfully created ...") are hidden by a style for the shot rather than closed:
 * a click would also close the dropdown the picture is about.
 */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
	const path = join(screenshotDir(), `${name}.png`);
	await page.screenshot({ path, animations: 'disabled', caret: 'hide', style: '.el-notification { visibility: hidden !important; }' });
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
