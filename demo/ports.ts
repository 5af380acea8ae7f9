/** Tells "port taken" apart before anything starts, so the message can name the variable that moves it. */
import { createServer } from 'node:net';
import { DemoError } from './config';

function listenOnce(port: number): Promise<NodeJS.ErrnoException | undefined> {
	return new Promise((resolve) => {
		const server = createServer();
		server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
	});
}

/** Throws a DemoError naming `envVar` when 127.0.0.1:`port` cannot be bound (taken, or not allowed). */
export async function assertPortFree(port: number, envVar: string, what: string): Promise<void> {
	const error = await listenOnce(port);
	if (error === undefined) return;
	const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be used (${error.code ?? error.message})`;
	throw new DemoError(
		`Port ${port} for ${what} ${reason}. Stop whatever holds it, or pick another port: ${envVar}=<port> npm start`,
	);
}

/** The same message for a port that was free a moment ago but failed when the server bound it. */
export function portError(error: unknown, port: number, envVar: string, what: string): unknown {
	if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') {
		return new DemoError(`Port ${port} for ${what} is already in use. Pick another port: ${envVar}=<port> npm start`);
	}
	return error;
}
