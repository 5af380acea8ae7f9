/**
 * The few n8n 2.40.7 REST calls the demo needs beyond `N8nApi` (read from n8n's dist:
 * `credentials.controller`, `workflows.controller`, `server.configureSettingsRoute`). Each answer
 * is narrowed by a guard, like the rest of the harness.
 */
import { expectShape, isArrayOf, isBoolean, isJsonObject, isString, type JsonObject } from '../harness/rest/guards';
import type { Credential, N8nApi, Workflow } from '../harness/rest/n8n-api';

export type WorkflowListItem = JsonObject & { id: string; name: string; isArchived?: boolean };
const isWorkflowListItem = (v: unknown): v is WorkflowListItem =>
	isJsonObject(v) && isString(v.id) && isString(v.name) && (v.isArchived === undefined || isBoolean(v.isArchived));

const isCredentialItem = (v: unknown): v is Credential => isJsonObject(v) && isString(v.id) && isString(v.name) && isString(v.type);

function unwrap(body: unknown, what: string): unknown {
	if (isJsonObject(body) && 'data' in body) return body.data;
	throw new Error(`demo: ${what} answered without a { data } wrapper: ${JSON.stringify(body)?.slice(0, 300)}`);
}

async function rest<T>(api: N8nApi, method: string, path: string, body: unknown, guard: (v: unknown) => v is T): Promise<T> {
	const what = `${method} ${path}`;
	return expectShape(unwrap(await api.http.call(method, path, body), what), guard, what);
}

/**
 * Whether n8n still waits for its owner (first start of a user folder). `GET /rest/settings`
 * answers without a login; `userManagement.showSetupOnFirstLoad` is true until the owner exists.
 */
export async function ownerSetupPending(api: N8nApi): Promise<boolean> {
	const settings = await rest(api, 'GET', '/rest/settings', undefined, isJsonObject);
	const management = settings.userManagement;
	if (!isJsonObject(management) || !isBoolean(management.showSetupOnFirstLoad)) {
		throw new Error(`demo: GET /rest/settings has no userManagement.showSetupOnFirstLoad: ${JSON.stringify(settings).slice(0, 300)}`);
	}
	return management.showSetupOnFirstLoad;
}

/** `GET /rest/credentials`: every credential the user can see (no paging without `take`). */
export async function listCredentials(api: N8nApi): Promise<Credential[]> {
	return rest(api, 'GET', '/rest/credentials', undefined, (v): v is Credential[] => isArrayOf(v, isCredentialItem));
}

/** `GET /rest/credentials/:id?includeData=true`: the decrypted data, with secrets (password fields) redacted. */
export async function credentialData(api: N8nApi, id: string): Promise<JsonObject> {
	const credential = await rest(api, 'GET', `/rest/credentials/${encodeURIComponent(id)}?includeData=true`, undefined, isJsonObject);
	return isJsonObject(credential.data) ? credential.data : {};
}

/** `PATCH /rest/credentials/:id {name, type, data}`: n8n merges redacted values back, so sending every field replaces them. */
export async function updateCredential(api: N8nApi, credential: Credential, data: JsonObject): Promise<Credential> {
	const body = { name: credential.name, type: credential.type, data };
	return rest(api, 'PATCH', `/rest/credentials/${encodeURIComponent(credential.id)}`, body, isCredentialItem);
}

/** `GET /rest/workflows`: `{count, data}`; archived workflows are listed too (they carry `isArchived: true`). */
export async function listWorkflows(api: N8nApi): Promise<WorkflowListItem[]> {
	return rest(api, 'GET', '/rest/workflows', undefined, (v): v is WorkflowListItem[] => isArrayOf(v, isWorkflowListItem));
}

const isSavedWorkflow = (v: unknown): v is Pick<Workflow, 'id' | 'versionId'> & JsonObject =>
	isJsonObject(v) && isString(v.id) && isString(v.versionId);

/**
 * `PATCH /rest/workflows/:id {nodes}` (UpdateWorkflowDto is all-optional): saves a new draft
 * version; a published workflow keeps running its live version until it is published again.
 */
export async function updateWorkflowNodes(api: N8nApi, id: string, nodes: JsonObject[]): Promise<void> {
	await rest(api, 'PATCH', `/rest/workflows/${encodeURIComponent(id)}`, { nodes }, isSavedWorkflow);
}
