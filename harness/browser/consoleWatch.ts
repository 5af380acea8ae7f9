/**
 * Everything the browser reported as an error while a file ran: console errors (with the address
 * of the script or resource they came from) and uncaught page errors.
 */
import type { Page } from 'playwright-core';

export interface BrowserError {
	kind: 'console' | 'pageerror';
	text: string;
	/** The script or resource the message came from, when the browser names one. */
	url: string;
}

export interface ConsoleWatch {
	errors: BrowserError[];
}

export function watchConsole(page: Page): ConsoleWatch {
	const watch: ConsoleWatch = { errors: [] };
	page.on('console', (message) => {
		if (message.type() === 'error') watch.errors.push({ kind: 'console', text: message.text(), url: message.location().url });
	});
	page.on('pageerror', (error) => watch.errors.push({ kind: 'pageerror', text: `${error.message}\n${error.stack ?? ''}`, url: '' }));
	return watch;
}

/**
 * The errors that concern a package: its name in the message, or a resource of n8n's own origin
 * that belongs to it (an icon, a node's code). n8n's look-up of the package on the public npm
 * registry (the node creator's "Via npm" details) is n8n's call to a third party, not the
 * package's, and only its address names the package; it is left to `ignoredElsewhere`.
 */
export function errorsMentioning(errors: BrowserError[], pattern: RegExp, n8nOrigin: string): BrowserError[] {
	return errors.filter((error) => pattern.test(error.text) || (error.url.startsWith(n8nOrigin) && pattern.test(error.url)));
}

/** Errors whose only mention of the package is the address of a third-party resource. */
export function ignoredElsewhere(errors: BrowserError[], pattern: RegExp, n8nOrigin: string): BrowserError[] {
	return errors.filter((error) => !pattern.test(error.text) && !error.url.startsWith(n8nOrigin) && pattern.test(error.url));
}
