/**
 * The one credential the demo workflows use, pointed at this start's emulator. Found by name and
 * type on later starts and kept under the same id (the workflows refer to it by id), so only its
 * data changes.
 */
import { CREDENTIAL_NAME, CREDENTIAL_TYPE } from './config';
import { credentialData, listCredentials, updateCredential } from './rest';
import type { JsonObject } from '../harness/rest/guards';
import type { Credential, N8nApi } from '../harness/rest/n8n-api';

export interface DemoCredential {
	credential: Credential;
	/** `moved`: the base URL or region differed; `rewritten`: they matched, the data was written anyway. */
	action: 'created' | 'moved' | 'rewritten';
}

/** The credential's fields as the FullStory API credential type names them. */
export function emulatorCredentialData(apiKey: string, baseUrl: string): JsonObject {
	return { apiKey, region: 'custom', baseUrl };
}

/**
 * n8n returns the stored API key only redacted (CREDENTIAL_BLANKING_VALUE), so a key changed in the
 * editor cannot be spotted; the data is therefore written on every start (one cheap PATCH), which
 * also covers an emulator on another port. A wrong key would otherwise surface only as a failed publish.
 */
export async function ensureCredential(api: N8nApi, data: JsonObject): Promise<DemoCredential> {
	const existing = (await listCredentials(api)).find((c) => c.name === CREDENTIAL_NAME && c.type === CREDENTIAL_TYPE);
	if (existing === undefined) {
		return { credential: await api.createCredential(CREDENTIAL_NAME, CREDENTIAL_TYPE, data), action: 'created' };
	}
	const stored = await credentialData(api, existing.id);
	const moved = stored.baseUrl !== data.baseUrl || stored.region !== data.region;
	return { credential: await updateCredential(api, existing, data), action: moved ? 'moved' : 'rewritten' };
}
