import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';

import { PAGE_STYLE } from '../../emulator/control/page/html';
import { PAGE_CSP, PAGE_HTML } from '../../emulator/control/page/page';
import { PAGE_SCRIPT } from '../../emulator/control/page/script';
import { SEED_KEYS } from '../../emulator/state/seed';
import { useTestEmulator } from '../helpers/emulatorFixture';

const BROWSER_DIR = join(__dirname, '..', '..', 'emulator', 'control', 'page', 'browser');
const START_KEY = 'na1.page-test-start-key/Zq8wX3vB6nM1kL4jH7gF0dS2aP5oI9uY.adm';
const ENDPOINT_SECRET = 'whsec-page-test-0123456789abcdef';

/** The control routes the page calls, as `METHOD /path` (read off the script's `call(...)`s). */
function routesCalled(script: string): string[] {
	const calls = [...script.matchAll(/call\('([A-Z]+)', ['`](\/[a-z/]*)/g)].map(([, method, path]) => `${method} ${path}`);
	return [...new Set(calls)].sort();
}

function inlineBlock(html: string, tag: 'script' | 'style'): string {
	const match = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(html);
	if (match === null) throw new Error(`no inline <${tag}>`);
	return match[1];
}

function cspHash(text: string): string {
	return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

describe('the emulator page (emulator/control/page/)', () => {
	const emulator = useTestEmulator({ apiKey: START_KEY });

	it('is served at the base URL without a key, as HTML with a strict policy', async () => {
		const response = await fetch(`${emulator.baseUrl}/`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(response.headers.get('cache-control')).toBe('no-store');
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('x-frame-options')).toBe('DENY');
		expect(response.headers.get('content-security-policy')).toBe(PAGE_CSP);
		const html = await response.text();
		expect(html).toBe(PAGE_HTML);
		expect(html.startsWith('<!doctype html>')).toBe(true);
		expect(html).toContain('<title>FullStory emulator</title>');
		expect(new URL(emulator.baseUrl).hostname).toBe('127.0.0.1');

		expect((await fetch(`${emulator.baseUrl}/?from=bookmark`)).status).toBe(200);
		const head = await fetch(`${emulator.baseUrl}/`, { method: 'HEAD' });
		expect(head.status).toBe(200);
		expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(await head.text()).toBe('');
	});

	it('references the control routes it calls, and nothing outside the emulator', () => {
		expect(PAGE_SCRIPT).toContain("const CONTROL = '/__emulator';");
		expect(routesCalled(PAGE_SCRIPT)).toEqual([
			'DELETE /deliveries',
			'DELETE /faults',
			'GET /catalog',
			'GET /deliveries',
			'GET /endpoints',
			'GET /events',
			'GET /faults',
			'GET /jobs',
			'GET /users',
			'POST /deliver',
			'POST /faults',
		]);
		// No CDN, no external asset: nothing the page loads is outside its origin (the favicon is data:).
		expect(PAGE_HTML).not.toMatch(/https?:\/\//i);
		expect(PAGE_HTML).not.toMatch(/<script[^>]*\ssrc=|<link[^>]*stylesheet|<img|<iframe|@import|url\(/i);
		expect(PAGE_HTML).toContain('<link rel="icon" href="data:,">');
	});

	it('allows only its own inline script and style, by hash', () => {
		expect(inlineBlock(PAGE_HTML, 'script')).toBe(PAGE_SCRIPT);
		expect(inlineBlock(PAGE_HTML, 'style')).toBe(PAGE_STYLE);
		expect(PAGE_CSP).toContain(`script-src ${cspHash(PAGE_SCRIPT)};`);
		expect(PAGE_CSP).toContain(`style-src ${cspHash(PAGE_STYLE)};`);
		expect(PAGE_CSP).toContain("default-src 'none'");
		expect(PAGE_CSP).toContain("connect-src 'self'");
		expect(PAGE_CSP).toContain("frame-ancestors 'none'");
		expect(PAGE_HTML.match(/<script/gi)).toHaveLength(1);
		expect(PAGE_SCRIPT).not.toMatch(/<\/script|<!--/i);
		expect(PAGE_HTML).not.toMatch(/\son[a-z]+=|\sstyle=/i);
	});

	it('shows no secret: none in the HTML, and the script never reads one', async () => {
		const created = await emulator.api('POST', '/webhooks/v1/endpoints', {
			body: { url: 'https://example.com/page-hook', secret: ENDPOINT_SECRET, eventTypes: [{ eventName: 'note.created' }] },
		});
		expect(created.status).toBe(200);
		const html = await (await fetch(`${emulator.baseUrl}/`)).text();
		for (const secret of [...Object.values(SEED_KEYS), START_KEY, ENDPOINT_SECRET, 'na1.emulator-']) {
			expect(html).not.toContain(secret);
		}
		// The routes that hand out keys or logged Authorization headers are never called...
		expect(PAGE_SCRIPT).not.toMatch(/'\/(info|keys|requests|config|reset)/);
		// ...and what the others carry besides (secrets, signatures, headers, bodies) is never read.
		expect(PAGE_SCRIPT).not.toMatch(/\.(secret|signature)\b|raw\.(headers|body)\b|result\.body\b/);
	});

	it('is served as the text of typed functions that need nothing from their modules', () => {
		// An import of a value would compile to a module reference (`x_1.name`), undefined in the browser.
		for (const file of readdirSync(BROWSER_DIR).filter((name) => name.endsWith('.ts'))) {
			const imports = readFileSync(join(BROWSER_DIR, file), 'utf8').match(/^import\b.*$/gm) ?? [];
			for (const line of imports) expect(`${file}: ${line}`).toMatch(/^[\w.]+: import type /);
		}
		expect(PAGE_SCRIPT).not.toMatch(/\brequire\(|\bexports\.|\bmodule\.|\b\w+_\d+\.\w|__awaiter|__rest|__assign/);
		expect(PAGE_SCRIPT.startsWith("'use strict';\n(function pageMain(")).toBe(true);
		expect(PAGE_SCRIPT).toContain('function pageData(root)');
		expect(PAGE_SCRIPT).toContain('function pageView(root, document, page)');
	});

	it('renders with text only: no HTML built from strings, nothing evaluated', () => {
		expect(PAGE_SCRIPT).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('on/);
		expect(PAGE_SCRIPT).toContain('createTextNode');
	});

	it('gives every interactive element a stable, unique data-test-id', () => {
		const markup = PAGE_HTML.replace(inlineBlock(PAGE_HTML, 'script'), '');
		const ids = [...markup.matchAll(/data-test-id="([^"]+)"/g)].map(([, id]) => id);
		expect(new Set(ids).size).toBe(ids.length);
		for (const tag of PAGE_HTML.match(/<(button|input|select|form)\b[^>]*>/g) ?? []) {
			expect(tag).toMatch(/data-test-id="[a-z-]+"/);
		}
		expect(ids).toEqual(
			expect.arrayContaining([
				'refresh',
				'auto-refresh',
				'deliver-test',
				'fault-form',
				'fault-kind',
				'fault-count',
				'fault-method',
				'fault-path',
				'fault-retry-after',
				'fault-hang-ms',
				'fault-add',
				'faults-clear',
				'deliveries-clear',
			]),
		);
		// The buttons the script makes (one per event type, one per endpoint) carry theirs too.
		const made = PAGE_SCRIPT.match(/el\(\s*'button'/g) ?? [];
		expect(made).toHaveLength(2);
		expect(PAGE_SCRIPT.match(/el\(\s*'button',\s*\{[^}]*'data-test-id': ('deliver-' \+ def\.eventName|'test-endpoint')/g)).toHaveLength(2);
	});

	it('is not an API call: never logged, never hit by a fault', async () => {
		await emulator.client.injectFault({ kind: 'status500', count: 1 });
		expect((await fetch(`${emulator.baseUrl}/`)).status).toBe(200);
		expect(await emulator.client.requests()).toEqual([]);
		expect(await emulator.client.faults()).toEqual([expect.objectContaining({ kind: 'status500', remaining: 1 })]);
		expect((await emulator.api('GET', '/me')).status).toBe(500);
	});

	it('leaves every other request on / to the API', async () => {
		expect((await emulator.api('POST', '/', { key: null, body: {} })).status).toBe(401);
		expect((await emulator.api('POST', '/', { body: {} })).status).toBe(404);
		expect((await emulator.api('GET', '/index.html')).status).toBe(404);
	});
});

describe('the control API answers only its own address', () => {
	const emulator = useTestEmulator();

	async function controlPost(headers: Record<string, string>) {
		const url = new URL(`${emulator.baseUrl}/__emulator/faults`);
		return await new Promise<number>((resolve, reject) => {
			const call = request(
				{ hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', ...headers } },
				(response) => {
					response.resume();
					resolve(response.statusCode ?? 0);
				},
			);
			call.on('error', reject);
			call.end(JSON.stringify({ kind: 'status500', count: 1 }));
		});
	}

	it('refuses a cross-site request (another Origin) and a rebinding one (another Host)', async () => {
		expect(await controlPost({ origin: 'https://evil.example' })).toBe(403);
		// Refused before the control API sees it, like every route (ownHost.test.ts).
		expect(await controlPost({ host: 'evil.example' })).toBe(421);
		expect(await emulator.client.faults()).toEqual([]);
	});

	it('accepts the page itself (its own Origin) and clients without an Origin', async () => {
		const { host } = new URL(emulator.baseUrl);
		expect(await controlPost({ origin: `http://${host}` })).toBe(200);
		expect(await controlPost({})).toBe(200);
		expect(await emulator.client.faults()).toHaveLength(2);
	});
});
