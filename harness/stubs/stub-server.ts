/** A tiny loopback HTTP server that records requests and answers with a handler's verdict (credential tests, example workflows). */
import { createServer, type IncomingHttpHeaders } from 'node:http';

export interface RecordedRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	/** The request body as UTF-8 text ('' when there was none); complete by the time the handler runs. */
	body: string;
}

/** The stub's answer: `body` as JSON, or, with `contentType`, a string sent as is (e.g. Slack's `ok` as text/html). */
export interface StubAnswer {
	status: number;
	body: unknown;
	contentType?: string;
}

export interface StubServer {
	url: string;
	requests: RecordedRequest[];
	close(): Promise<void>;
}

export async function startStubServer(
	handler: (request: RecordedRequest) => StubAnswer,
): Promise<StubServer> {
	const requests: RecordedRequest[] = [];
	const server = createServer((req, res) => {
		const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '' };
		requests.push(recorded);
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			recorded.body = Buffer.concat(chunks).toString('utf8');
			const { status, body, contentType } = handler(recorded);
			const raw = contentType !== undefined && typeof body === 'string';
			res.writeHead(status, { 'content-type': raw ? contentType : 'application/json' });
			res.end(raw ? body : JSON.stringify(body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('e2e: stub server has no TCP address');
	return {
		url: `http://127.0.0.1:${address.port}`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				// n8n's HTTP client keeps connections alive; without this, close() waits for them to time out.
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
