/**
 * A throwaway HTTP server on 127.0.0.1, standing in for whatever a custom base URL may point at
 * (a proxy, a web page, a server that is not FullStory), for the transport's tests.
 */
import type { RequestListener } from 'http';
import { createServer } from 'http';

export async function withLocalServer(handler: RequestListener, run: (origin: string) => Promise<void>): Promise<void> {
	const server = createServer(handler);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const address = server.address();
		if (address === null || typeof address === 'string') throw new Error('The local server has no port');
		await run(`http://127.0.0.1:${address.port}`);
	} finally {
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
