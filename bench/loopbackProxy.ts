/**
 * A loopback HTTP proxy between n8n and the emulator, for what the emulator's own faults cannot
 * do: they strike the next N matching calls (emulator/state/faults.ts), not a share of all calls,
 * and the emulator adds no latency. Every call first waits `latencyMs`, as calls to a distant
 * FullStory would; then `fault` may answer it 429 itself (FullStory did nothing) or forward it and
 * cut the connection once the emulator has answered (FullStory did the work, n8n never hears so).
 * Every other call is forwarded as it came. Counts what arrived, by route and by outcome: what
 * FullStory received.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Agent, createServer, request as httpRequest } from 'node:http';

import { tooManyRequests } from '../emulator/errors';
import { sendJson } from '../emulator/http';
import { sleep } from '../harness/process/wait';

export type ProxyFault = 'status429' | 'dropAfter';

/** One call as the proxy received it. */
export interface ProxyCall {
	method: string;
	path: string;
	body: Buffer;
}

export interface ProxyOptions {
	/** The emulator's base URL, e.g. `http://127.0.0.1:8787`. */
	target: string;
	latencyMs: number;
	/** How this call fails, or undefined to forward it; asked once per call, after the latency. */
	fault?: (call: ProxyCall) => ProxyFault | undefined;
}

export interface ProxyCounts {
	received: number;
	/** `METHOD /path`, a batch job's id written `{id}`. */
	byRoute: Record<string, number>;
	byOutcome: { forwarded: number; status429: number; dropAfter: number; upstreamFailed: number };
}

export interface LoopbackProxy {
	baseUrl: string;
	counts(): ProxyCounts;
	resetCounts(): void;
	close(): Promise<void>;
}

/**
 * Enough connections to the emulator that they never hold a call up (it answers in well under a
 * millisecond), few enough that 10,000 calls at once (n8n's HTTP Request node sends every item's
 * call together) do not also open 10,000 sockets into this process.
 */
const UPSTREAM_SOCKETS = 64;

const RETRY_AFTER_SECONDS = '1';

function emptyCounts(): ProxyCounts {
	return { received: 0, byRoute: {}, byOutcome: { forwarded: 0, status429: 0, dropAfter: 0, upstreamFailed: 0 } };
}

function routeOf(method: string, path: string): string {
	return `${method} ${path.replace(/\/batch\/[^/]+/, '/batch/{id}')}`;
}

async function readAll(request: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
	return Buffer.concat(chunks);
}

export async function startLoopbackProxy(options: ProxyOptions): Promise<LoopbackProxy> {
	const target = new URL(options.target);
	const agent = new Agent({ keepAlive: true, maxSockets: UPSTREAM_SOCKETS });
	let counts = emptyCounts();

	/** Forwards the call; `answer` gets the emulator's answer, or undefined when none came. */
	const forward = (request: IncomingMessage, body: Buffer, answer: (upstream: IncomingMessage | undefined) => void): void => {
		// The emulator answers only its own Host (emulator/ownHost.ts).
		const headers = { ...request.headers, host: target.host };
		const upstream = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent }, answer);
		upstream.once('error', () => answer(undefined));
		upstream.end(body);
	};

	const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
		const method = request.method ?? 'GET';
		const path = new URL(request.url ?? '/', 'http://proxy').pathname;
		const body = await readAll(request);
		counts.received++;
		const route = routeOf(method, path);
		counts.byRoute[route] = (counts.byRoute[route] ?? 0) + 1;
		if (options.latencyMs > 0) await sleep(options.latencyMs);
		const fault = options.fault?.({ method, path, body });
		if (fault === 'status429') {
			counts.byOutcome.status429++;
			sendJson(response, tooManyRequests(RETRY_AFTER_SECONDS));
			return;
		}
		forward(request, body, (upstream) => {
			if (upstream === undefined) {
				counts.byOutcome.upstreamFailed++;
				response.destroy();
				return;
			}
			if (fault === 'dropAfter') {
				counts.byOutcome.dropAfter++;
				// The emulator has done the work once it answers; read its answer, then never deliver it.
				upstream.resume();
				upstream.once('end', () => request.socket.destroy());
				return;
			}
			counts.byOutcome.forwarded++;
			response.writeHead(upstream.statusCode ?? 502, upstream.headers);
			upstream.pipe(response);
		});
	};

	const server = createServer((request, response) => {
		handle(request, response).catch(() => response.destroy());
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// A long accept queue: the HTTP Request node opens thousands of connections at once.
		server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, () => resolve());
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('bench: the proxy has no TCP address');
	return {
		baseUrl: `http://127.0.0.1:${address.port}`,
		counts: () => structuredClone(counts),
		resetCounts: () => {
			counts = emptyCounts();
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
			agent.destroy();
		},
	};
}
