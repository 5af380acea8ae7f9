/**
 * Every route answers only its own Host (emulator/ownHost.ts), so a web page reaching 127.0.0.1 through
 * DNS rebinding gets nothing. Over real HTTP with `http.request`: Node's fetch does not let a caller set Host.
 */
import { request } from 'node:http';

import { useTestEmulator } from '../helpers/emulatorFixture';

interface RawReply {
	status: number;
	body: string;
}

describe('every route answers only its own Host', () => {
	const emulator = useTestEmulator();
	let port: number;

	beforeAll(() => {
		port = Number(new URL(emulator.baseUrl).port);
	});

	/** A request to the emulator's socket that says it is for `host` ('': no Host header at all, as in HTTP/1.0). */
	async function sendAs(host: string, method: string, path: string, headers: Record<string, string> = {}): Promise<RawReply> {
		const sent = host === '' ? { headers, setHost: false } : { headers: { ...headers, host } };
		return await new Promise<RawReply>((resolve, reject) => {
			const call = request({ hostname: '127.0.0.1', port, path, method, ...sent }, (response) => {
				let body = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => (body += chunk));
				response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
			});
			call.on('error', reject);
			call.end();
		});
	}

	/** A public API route, a control route and the page. */
	const routes: Array<[method: string, path: string]> = [
		['GET', '/me'],
		['GET', '/__emulator/info'],
		['GET', '/'],
	];

	it.each(['evil.example:PORT', '127.0.0.1.nip.io:PORT', 'localhost.evil.example:PORT', '127.0.0.1:1', '127.0.0.1', 'localhost'])(
		'refuses Host %j on every route, naming the Hosts it accepts',
		async (template) => {
			const host = template.replace('PORT', String(port));
			for (const [method, path] of routes) {
				const reply = await sendAs(host, method, path, { authorization: `Basic ${emulator.adminKey}` });
				expect({ path, status: reply.status }).toEqual({ path, status: 421 });
				const body: unknown = JSON.parse(reply.body);
				expect(body).toEqual({
					code: 'misdirected_request',
					message: expect.stringContaining(`127.0.0.1:${port}, localhost:${port}, [::1]:${port}`),
				});
				expect(reply.body).not.toContain(emulator.adminKey);
			}
		},
	);

	it('refuses a request without Host (Node answers 400 itself: HTTP/1.1 requires one)', async () => {
		for (const [method, path] of routes) expect((await sendAs('', method, path)).status).toBe(400);
		expect(await emulator.client.requests()).toEqual([]);
	});

	it('keeps a refused call out of the request log, and out of reach of faults', async () => {
		await emulator.client.injectFault({ kind: 'status500', count: 1 });
		expect((await sendAs(`evil.example:${port}`, 'GET', '/me', { authorization: `Basic ${emulator.adminKey}` })).status).toBe(421);
		expect(await emulator.client.requests()).toEqual([]);
		expect(await emulator.client.faults()).toEqual([expect.objectContaining({ remaining: 1 })]);
	});

	it.each(['127.0.0.1:PORT', 'localhost:PORT', '[::1]:PORT', 'LOCALHOST:PORT'])('answers its own Host %j', async (template) => {
		const host = template.replace('PORT', String(port));
		const me = await sendAs(host, 'GET', '/me', { authorization: `Basic ${emulator.adminKey}` });
		expect(me.status).toBe(200);
		expect(JSON.parse(me.body)).toMatchObject({ orgId: emulator.orgId, role: 'ADMIN' });
		expect((await sendAs(host, 'GET', '/__emulator/info')).status).toBe(200);
		const page = await sendAs(host, 'GET', '/');
		expect(page.status).toBe(200);
		expect(page.body.startsWith('<!doctype html>')).toBe(true);
	});
});
