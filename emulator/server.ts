/** Starts the emulator: one Node `http` server on 127.0.0.1 serving the public API, the control API and its page. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

import { handleApiRequest } from './api/apiRequest';
import { createContext, type EmulatorContext } from './state/context';
import { emulatorInfo } from './control/info';
import { CONTROL_PREFIX, handleControlRequest } from './control/control';
import { foreignControlRequest, refuseForeign } from './control/controlOrigin';
import { payloadTooLarge, serverError } from './errors';
import { MAX_BODY_BYTES, parseJsonBody, readBody, sendJson } from './http';
import { foreignHost, misdirected } from './ownHost';
import { servePage } from './control/page/page';
import { isRetryTimeScale } from './deliveries/retryPolicy';
import { DEFAULT_ORG_ID, seedKeys, STARTUP_KEY_EMAIL } from './state/seed';
import type { EmulatorInfo } from './control/types';
import { DEFAULT_CONFIG, type DeliveryRetryMode, type EndpointIdMode, type RetrySignature } from './state/config';
import type { ApiKeyRecord } from './state/types';

export const HOST = '127.0.0.1';

export interface EmulatorOptions {
	/** 0 (the default) picks a free port. */
	port?: number;
	/** Loopback only: the emulator holds secrets and has an unauthenticated control API. */
	host?: typeof HOST;
	/** Reject the catalog-only request shapes (off by default, like the real API's tolerance). */
	strict?: boolean;
	/** An extra ADMIN key for the default org. */
	apiKey?: string;
	/**
	 * Whether the fixed keys of state/seed.ts exist (true, the default: the tests rely on them). Off, the
	 * only key is `apiKey`: the demo's own, since the fixed ones can be read by anyone in this repository.
	 */
	seededKeys?: boolean;
	/** Id of the default org (`o-1ABCDE-na1` unless given). */
	orgId?: string;
	/** 'url' (the default): ids are base64url of the URL, as in the docs; 'opaque': random ids that survive a URL change. */
	endpointIds?: EndpointIdMode;
	/** 'fullstory': failed deliveries are retried as FullStory retries them (off by default). */
	deliveryRetries?: DeliveryRetryMode;
	/** Compresses the retry schedule, e.g. 0.001 (5 hours become 18 seconds). */
	retryTimeScale?: number;
	retrySignature?: RetrySignature;
}

export interface EmulatorHandle {
	baseUrl: string;
	port: number;
	info(): EmulatorInfo;
	/** Ends every open connection, hung ones included, any delivery in flight and every pending retry. */
	close(): Promise<void>;
}

async function dispatch(
	context: EmulatorContext,
	request: IncomingMessage,
	response: ServerResponse,
): Promise<void> {
	// Before anything else, the page included: a foreign Host is a DNS-rebinding page (ownHost.ts). Not logged.
	const port = request.socket.localPort ?? 0;
	const host = foreignHost(request, port);
	if (host !== undefined) return sendJson(response, misdirected(host, port));
	// Prefixing the host keeps a path such as `//x` a path instead of a protocol-relative URL.
	const url = new URL(`http://${HOST}${request.url ?? '/'}`);
	// The page (emulator/control/page/) needs no key and is no API call: not logged, never hit by a fault.
	if (servePage(request.method ?? 'GET', url.pathname, response)) return;
	if (url.pathname !== CONTROL_PREFIX && !url.pathname.startsWith(`${CONTROL_PREFIX}/`)) {
		await handleApiRequest(context, request, response, url);
		return;
	}
	const foreign = foreignControlRequest(request);
	if (foreign !== undefined) return sendJson(response, refuseForeign(foreign));
	const read = await readBody(request);
	if (read.kind === 'aborted') return;
	if (read.kind === 'tooLarge') return sendJson(response, payloadTooLarge(MAX_BODY_BYTES));
	const reply = await handleControlRequest(context, request.method ?? 'GET', url.pathname, {
		query: url.searchParams,
		body: parseJsonBody(read.raw),
	});
	sendJson(response, reply);
}

function startupKeys(options: EmulatorOptions, orgId: string): ApiKeyRecord[] {
	const keys = options.seededKeys === false ? [] : seedKeys(orgId);
	if (options.apiKey !== undefined && options.apiKey !== '') {
		keys.push({ key: options.apiKey, role: 'ADMIN', orgId, email: STARTUP_KEY_EMAIL });
	}
	return keys;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
	if (options.retryTimeScale !== undefined && !isRetryTimeScale(options.retryTimeScale)) {
		throw new Error(`FullStory emulator: retryTimeScale must be greater than 0 and at most 1, got ${options.retryTimeScale}`);
	}
	const orgId = options.orgId ?? DEFAULT_ORG_ID;
	const context = createContext({
		defaultOrgId: orgId,
		keys: startupKeys(options, orgId),
		config: {
			...DEFAULT_CONFIG,
			strict: options.strict ?? DEFAULT_CONFIG.strict,
			endpointIds: options.endpointIds ?? DEFAULT_CONFIG.endpointIds,
			deliveryRetries: options.deliveryRetries ?? DEFAULT_CONFIG.deliveryRetries,
			retryTimeScale: options.retryTimeScale ?? DEFAULT_CONFIG.retryTimeScale,
			retrySignature: options.retrySignature ?? DEFAULT_CONFIG.retrySignature,
		},
	});
	const sockets = new Set<Socket>();
	const server = createServer((request, response) => {
		dispatch(context, request, response).catch((error: unknown) => {
			// A bug in the emulator must be loud, yet answer like the real API would.
			console.error('FullStory emulator: unexpected error', error);
			sendJson(response, serverError());
		});
	});
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, options.host ?? HOST, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	if (address === null || typeof address === 'string') throw new Error('FullStory emulator: no TCP address');
	context.baseUrl = `http://${HOST}:${address.port}`;

	let closed: Promise<void> | undefined;
	return {
		baseUrl: context.baseUrl,
		port: address.port,
		info: () => emulatorInfo(context),
		close: async () => {
			closed ??= new Promise<void>((resolve) => {
				context.closing.abort();
				server.close(() => resolve());
				for (const socket of sockets) socket.destroy();
			});
			await closed;
		},
	};
}
