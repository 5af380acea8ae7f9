/** Free loopback TCP ports, found by letting the OS pick (bind to port 0). */
import { createServer, type Server } from 'node:net';

function listenOnAnyPort(): Promise<Server> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve(server));
	});
}

/**
 * Holds all servers open until every port is known, so the ports asked for together are distinct
 * (n8n's HTTP port and its task-runner broker port must not collide).
 */
export async function freePorts(count: number): Promise<number[]> {
	const servers: Server[] = [];
	try {
		for (let i = 0; i < count; i++) servers.push(await listenOnAnyPort());
		return servers.map((server) => {
			const address = server.address();
			if (address === null || typeof address === 'string') throw new Error('e2e: unexpected server address');
			return address.port;
		});
	} finally {
		await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
	}
}
