/**
 * The emulator's web page, at its base URL (`GET /`, and `HEAD /`): the endpoints it holds, a button per
 * event type and for the `test` event, the faults switch, the last deliveries, and the default org's v2
 * users, recent server events and batch jobs. One self-contained
 * HTML document (inline CSS and script, no external asset, no build step) that calls the control API
 * under `/__emulator/` from the browser. The script is TypeScript in browser/, served as text (script.ts).
 *
 * Like the control API it needs no key and is served only where the emulator listens (127.0.0.1), for its
 * own Host only (ownHost.ts). It is not an API call: never in the request log, never hit by an injected
 * fault. The HTML is static, so no secret can be in it; the script never shows one (browser/pageData.ts).
 * A Content-Security-Policy allows only that inline script and style (by the hash of what is served) and
 * requests to this origin.
 *
 * `data-test-id`s for browser tests:
 *   page:       org-id, last-refresh, refresh, auto-refresh (checkbox), page-error
 *   endpoints:  endpoints-table, endpoints-body, endpoints-empty; per endpoint: endpoint-row
 *               (data-endpoint-id, data-enabled), endpoint-event, endpoint-state, test-endpoint (data-endpoint-id)
 *   send:       event-buttons; deliver-<eventName> per type of the default org's catalog (data-event-name),
 *               deliver-test; send-result, send-result-title, send-answer (data-endpoint-id,
 *               data-status), send-none, send-error
 *   faults:     fault-form, fault-kind, fault-count, fault-method, fault-path, fault-retry-after,
 *               fault-hang-ms, fault-add, faults-clear, fault-result, faults-table, faults-body,
 *               fault-row (data-fault-id, data-kind), faults-empty
 *   deliveries: deliveries-clear, deliveries-result, deliveries-table, deliveries-body,
 *               delivery-row (data-seq, data-status), deliveries-empty
 *   users (v2): users-table, users-body, users-empty; per user: user-row (data-user-id, data-being-deleted), user-state
 *   events (v2): server-events-table, server-events-body, server-events-empty;
 *               server-event-row (data-seq, data-event-name), newest first
 *   jobs:       jobs-table, jobs-body, jobs-empty; per job: job-row (data-job-id, data-status), job-status, job-counts
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

import { pageHtml, PAGE_STYLE } from './html';
import { PAGE_SCRIPT } from './script';

export const PAGE_PATH = '/';

export const PAGE_HTML = pageHtml(PAGE_STYLE, PAGE_SCRIPT);

const PAGE_BYTES = Buffer.from(PAGE_HTML, 'utf8');

function sha256Source(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export const PAGE_CSP = [
	"default-src 'none'",
	`script-src ${sha256Source(PAGE_SCRIPT)}`,
	`style-src ${sha256Source(PAGE_STYLE)}`,
	"connect-src 'self'",
	'img-src data:',
	"base-uri 'none'",
	"form-action 'none'",
	"frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
	'Content-Type': 'text/html; charset=utf-8',
	'Content-Length': String(PAGE_BYTES.length),
	'Cache-Control': 'no-store',
	'Content-Security-Policy': PAGE_CSP,
	'X-Content-Type-Options': 'nosniff',
	'X-Frame-Options': 'DENY',
	'Referrer-Policy': 'no-referrer',
	'Cross-Origin-Opener-Policy': 'same-origin',
	'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Answers the page's own requests and returns true; false for anything else (the API, the control API). */
export function servePage(method: string, pathname: string, response: ServerResponse): boolean {
	if (pathname !== PAGE_PATH || (method !== 'GET' && method !== 'HEAD')) return false;
	response.writeHead(200, PAGE_HEADERS);
	response.end(method === 'HEAD' ? undefined : PAGE_BYTES);
	return true;
}
