/** A local webhook receiver for delivery tests: records the raw body bytes, headers and arrival time of every request. */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** `Date.now()` when the request arrived. */
	at: number;
}

/**
 * An HTTP status (answered with the text "ok"), a status with its own body, 'hang' to never answer, or
 * 'drop' to close the connection without an answer.
 */
export type ReceiverReply = number | { status: number; body: string } | 'hang' | 'drop';

export type ReplyChooser = (request: ReceivedRequest) => ReceiverReply;

export interface Receiver {
	/** Base URL; any path under it is accepted. */
	url: string;
	received: ReceivedRequest[];
	/**
	 * What requests to `path` (or, without a path, to any path not set otherwise) get from now on. A list
	 * answers them in turn, its last reply repeating (`[500, 500, 200]`: two failures, then success); a
	 * function decides per request.
	 */
	respondWith(reply: ReceiverReply | ReceiverReply[] | ReplyChooser, path?: string): void;
	receivedAt(path: string): ReceivedRequest[];
	close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
	const received: ReceivedRequest[] = [];
	const sockets = new Set<Socket>();
	const choosers = new Map<string, ReplyChooser>();
	let defaultChooser: ReplyChooser = () => 200;
	/** Plays a script in turn, keeping its last reply for every request after. */
	const chooserOf = (reply: ReceiverReply | ReceiverReply[] | ReplyChooser): ReplyChooser => {
		if (typeof reply === 'function') return reply;
		const script = Array.isArray(reply) ? [...reply] : [reply];
		return () => (script.length > 1 ? (script.shift() ?? 200) : (script[0] ?? 200));
	};
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const path = request.url ?? '';
			const arrived = { method: request.method ?? '', path, headers: request.headers, rawBody: Buffer.concat(chunks), at: Date.now() };
			received.push(arrived);
			const reply = (choosers.get(path) ?? defaultChooser)(arrived);
			if (reply === 'hang') return;
			if (reply === 'drop') {
				request.socket.destroy();
				return;
			}
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
			if (path === undefined) defaultChooser = chooserOf(reply);
			else choosers.set(path, chooserOf(reply));
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
