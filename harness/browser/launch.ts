/**
 * One headless Chromium for a test file: the machine's own Chromium (Debian's `chromium`;
 * Playwright's browser download is not used), driven by `playwright-core`, with a fresh profile
 * folder, a 1280×800 viewport, and nothing that calls home. `close()` ends it and proves that no
 * process of it is left: any leftover found by its profile folder is SIGKILLed, and the same
 * happens if the test process exits without calling `close()`.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';
import { chromium, selectors } from 'playwright-core';

import { log } from '../process/log';
import { sleep } from '../process/wait';

/**
 * The Chromium binary: `N8N_E2E_CHROMIUM` when set, else Debian's `/usr/bin/chromium` (Ubuntu
 * images may name it `chromium-browser`). `.ci/run` installs Debian's package when it is missing.
 */
export function chromiumPath(): string {
	const chosen = process.env.N8N_E2E_CHROMIUM;
	if (chosen !== undefined && chosen !== '') return chosen;
	const found = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
	if (found === undefined) throw new Error('e2e: no Chromium at /usr/bin/chromium; install it (apt-get install -y chromium) or set N8N_E2E_CHROMIUM');
	return found;
}

export const VIEWPORT = { width: 1280, height: 800 } as const;

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface BrowserSession {
	context: BrowserContext;
	page: Page;
	/** The fresh profile folder (`--user-data-dir`), removed by `close()`. */
	profile: string;
	close(): Promise<void>;
}

/** Pids of live processes whose command line names `profile` (Chromium passes it to every child). */
export function processesUsing(profile: string): number[] {
	const pids: number[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
			if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(profile)) pids.push(Number(entry));
		} catch {
			// exited while we looked
		}
	}
	return pids;
}

function killAll(pids: number[]): void {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

export async function launchBrowser(): Promise<BrowserSession> {
	// n8n's editor marks its elements with `data-test-id`, so `getByTestId` reads that attribute.
	selectors.setTestIdAttribute('data-test-id');
	const executablePath = chromiumPath();
	const profile = mkdtempSync(join(tmpdir(), 'n8n-e2e-chromium-'));
	const killLeftovers = () => killAll(processesUsing(profile));
	// Playwright kills its browsers on exit too; this also covers a run killed between steps.
	process.on('exit', killLeftovers);
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			timeout: 60_000,
		});
	} catch (error) {
		killLeftovers();
		process.removeListener('exit', killLeftovers);
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		profile,
		close: async () => {
			await context.close().catch((error: unknown) => log(`chromium: close failed (${String(error)}); killing it`));
			for (let waited = 0; waited < 50 && processesUsing(profile).length > 0; waited++) await sleep(100);
			const left = processesUsing(profile);
			if (left.length > 0) {
				log(`chromium: ${left.length} process(es) outlived close(); SIGKILL`);
				killAll(left);
			}
			process.removeListener('exit', killLeftovers);
			rmSync(profile, { recursive: true, force: true });
		},
	};
}
