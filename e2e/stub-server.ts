/** A tiny loopback HTTP server that records requests and answers with a handler's verdict (for credential tests). */
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
}

export interface StubServer {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startStubServer(
	handler: (request: RecordedRequest) => { status: number; body: unknown },
): Promise<StubServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers };
		requests.push(recorded);
		req.resume();
		req.on('end', () => {
			const { status, body } = handler(recorded);
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('e2e: stub server has no TCP address');
	return {
		url: `http://127.0.0.1:${address.port}`,
		requests,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
