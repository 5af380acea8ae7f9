/**
 * Starts the FullStory emulator in-process on an ephemeral port for a test file, strict by default so
 * tests prove the node never sends the catalog-only shapes (docs/fullstory-api.md §0).
 */
import { EmulatorClient } from '../../emulator/client/client';
import { DEFAULT_ORG_ID, LEGACY_ORG_ID, SEED_KEYS } from '../../emulator/state/seed';
import { startEmulator, type EmulatorOptions } from '../../emulator/server';

export interface ApiReply {
	status: number;
	headers: Headers;
	/** Parsed JSON, or the raw text when the body is not JSON. */
	body: unknown;
	text: string;
}

export interface ApiCallOptions {
	/** The key sent as `Authorization: Basic <key>`; defaults to the ADMIN key, null sends no header. */
	key?: string | null;
	/** Serialized as JSON. */
	body?: unknown;
	/** Sent as is, instead of `body`. */
	rawBody?: string;
	headers?: Record<string, string>;
	signal?: AbortSignal;
}

export interface TestEmulator {
	baseUrl: string;
	client: EmulatorClient;
	orgId: string;
	adminKey: string;
	architectKey: string;
	/** Role USER: valid for `/me`, 403 on every webhooks route. */
	standardKey: string;
	/** ADMIN of the legacy org, whose `/me` email is blank. */
	legacyKey: string;
	legacyOrgId: string;
	/** Calls the public API (not the control API) with Node's global fetch. */
	api(method: string, path: string, options?: ApiCallOptions): Promise<ApiReply>;
	stop(): Promise<void>;
}

export async function callApi(
	baseUrl: string,
	method: string,
	path: string,
	options: ApiCallOptions = {},
): Promise<ApiReply> {
	const headers: Record<string, string> = { ...options.headers };
	if (options.key !== null && options.key !== undefined) headers.Authorization = `Basic ${options.key}`;
	let body: string | undefined = options.rawBody;
	if (body === undefined && options.body !== undefined) body = JSON.stringify(options.body);
	if (body !== undefined) headers['Content-Type'] ??= 'application/json';
	const response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: options.signal });
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = JSON.parse(text);
	} catch {
		// Not JSON: keep the text.
	}
	return { status: response.status, headers: response.headers, body: parsed, text };
}

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
	const emulator = await startEmulator({ strict: true, ...options, port: options.port ?? 0 });
	const adminKey = options.apiKey ?? SEED_KEYS.admin;
	return {
		baseUrl: emulator.baseUrl,
		client: new EmulatorClient(emulator.baseUrl),
		orgId: options.orgId ?? DEFAULT_ORG_ID,
		adminKey,
		architectKey: SEED_KEYS.architect,
		standardKey: SEED_KEYS.standard,
		legacyKey: SEED_KEYS.legacyAdmin,
		legacyOrgId: LEGACY_ORG_ID,
		api: async (method, path, callOptions = {}) =>
			await callApi(emulator.baseUrl, method, path, {
				...callOptions,
				key: callOptions.key === undefined ? adminKey : callOptions.key,
			}),
		stop: async () => await emulator.close(),
	};
}
