import { createServer, type Server } from 'node:http';

import { EmulatorClient, EmulatorControlError } from '../../emulator/client/client';

/** A server that answers every control call with the given status and body. */
async function fakeControl(status: number, body: string): Promise<{ server: Server; url: string }> {
	const server = createServer((_request, response) => {
		response.writeHead(status, { 'Content-Type': 'application/json' });
		response.end(body);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('no address');
	return { server, url: `http://127.0.0.1:${address.port}/` };
}

describe('control client', () => {
	it('refuses a response whose shape it does not recognise', async () => {
		const { server, url } = await fakeControl(200, JSON.stringify({ baseUrl: 'x', strict: 'yes' }));
		try {
			const error = await new EmulatorClient(url).info().catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(EmulatorControlError);
			expect(error).toMatchObject({ message: expect.stringContaining('unexpected response') });
		} finally {
			server.close();
		}
	});

	it('surfaces the status, code and message of an error', async () => {
		const body = JSON.stringify({ message: 'kind is required', code: 'required_field' });
		const { server, url } = await fakeControl(400, body);
		try {
			const error = await new EmulatorClient(url).injectFault({ kind: 'drop' }).catch((caught: unknown) => caught);
			expect(error).toMatchObject({
				status: 400,
				code: 'required_field',
				message: expect.stringContaining('kind is required'),
			});
		} finally {
			server.close();
		}
	});
});
