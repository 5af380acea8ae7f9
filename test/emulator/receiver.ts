/** A local webhook receiver for delivery tests: records the raw body bytes and headers of every request. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
}

/** An HTTP status (answered with the text "ok"), a status with its own body, or 'hang' to never answer. */
export type ReceiverReply = number | { status: number; body: string } | 'hang';

export interface Receiver {
	/** Base URL; any path under it is accepted. */
	url: string;
	received: ReceivedRequest[];
	/** What requests to `path` (or, without a path, to any path not set otherwise) get from now on. */
	respondWith(reply: ReceiverReply, path?: string): void;
	receivedAt(path: string): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const replies = new Map<string, ReceiverReply>();
	let defaultReply: ReceiverReply = 200;
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const path = request.url ?? '';
			received.push({ method: request.method ?? '', path, headers: request.headers, rawBody: Buffer.concat(chunks) });
			const reply = replies.get(path) ?? defaultReply;
			if (reply === 'hang') return;
			const { status, body } = typeof reply === 'number' ? { status: reply, body: 'ok' } : reply;
			response.writeHead(status, { 'Content-Type': 'text/plain' });
			response.end(body);
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('receiver has no TCP address');
	return {
		url: `http://127.0.0.1:${address.port}`,
		received,
		respondWith: (reply, path) => {
			if (path === undefined) defaultReply = reply;
			else replies.set(path, reply);
		},
		receivedAt: (path) => received.filter((request) => request.path === path),
		close: async () => {
			await new Promise<void>((resolve) => {
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
		},
	};
}
