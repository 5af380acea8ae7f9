/**
 * Runs the page's own script (emulator/control/page/script.ts) in a `vm` context without a DOM, its relative
 * `fetch` calls sent to a live emulator, and hands back what it exports: the tests then exercise the
 * very code the browser runs, over HTTP, through the control routes it calls.
 */
import { createContext, Script } from 'node:vm';

import { isJsonObject } from '../../emulator/guards';
import { PAGE_SCRIPT } from '../../emulator/control/page/script';
import type { PageModule } from '../../emulator/control/page/browser/types';

export type { PageEndpoint, PageModule } from '../../emulator/control/page/browser/types';

const API_FUNCTIONS = ['catalog', 'endpoints', 'deliver', 'testEndpoint', 'testAll', 'faults', 'addFault', 'clearFaults', 'deliveries', 'clearDeliveries', 'users', 'events', 'jobs'];
const MODULE_FUNCTIONS = ['displayNamesOf', 'eventLabel', 'faultSpec', 'outcomeText', 'subcategoryName', 'errorText'];

function hasFunctions(value: unknown, names: string[]): boolean {
	return isJsonObject(value) && names.every((name) => typeof value[name] === 'function');
}

function isPageModule(value: unknown): value is PageModule {
	return isJsonObject(value) && hasFunctions(value, MODULE_FUNCTIONS) && hasFunctions(value.api, API_FUNCTIONS);
}

/** Values made in the script's realm, as plain values of this one (for `toEqual`). */
export function plain<T>(value: T): T {
	return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Only what pageData.ts uses: no document, so the view never starts (and no timer is set). */
export function loadPageScript(baseUrl: string): PageModule {
	const sandbox: Record<string, unknown> = {
		fetch: async (path: string, init?: RequestInit) => await fetch(`${baseUrl}${path}`, init),
		atob,
		TextDecoder,
	};
	new Script(PAGE_SCRIPT, { filename: 'emulator-page-script.js' }).runInContext(createContext(sandbox));
	const exported = sandbox.fullstoryEmulatorPage;
	if (!isPageModule(exported)) throw new Error('the page script did not export fullstoryEmulatorPage');
	return exported;
}
