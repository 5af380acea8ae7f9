/**
 * Typed client for the n8n 2.40.7 REST API (the editor's API under /rest, not the public API).
 * Every answer is narrowed by a guard; n8n wraps REST answers in `{ data }`, `/types/*.json` not.
 * Routes and shapes were read from n8n 2.40.7's dist and checked against a running server
 * (`harness/checks/api-check.ts`).
 *
 * `new N8nApi(url, '1.x')` drives n8n 1.123 with the same methods (read from its dist): activation
 * (`POST /rest/workflows/:id/activate {versionId}`) is synchronous there and answers 400 with the
 * trigger's message when it fails, and there is no publication-status route, so `publish` and
 * `unpublish` return a status built from that answer; a manual run must carry the whole workflow
 * (`workflowData`); a new workflow is sent with `active: false`.
 */
import {
	expectShape,
	isArrayOf,
	isBoolean,
	isJsonObject,
	isNumber,
	isOptional,
	isString,
	type JsonObject,
} from './guards';
import { HttpSession, N8nHttpError } from './http-session';
import type { N8nLine } from '../install/paths';
import { sleep } from '../process/wait';

// ---- shapes -------------------------------------------------------------------------------------

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

/** A default owner; the password meets n8n's rule (8-64 chars, a digit, an uppercase letter). */
export const DEFAULT_OWNER: Owner = {
	email: 'owner@e2e.test',
	firstName: 'E2e',
	lastName: 'Owner',
	password: 'E2e-Owner-Passw0rd',
};

export type User = JsonObject & { id: string; email: string };
const isUser = (v: unknown): v is User => isJsonObject(v) && isString(v.id) && isString(v.email);

export type NodeTypeDescription = JsonObject & { name: string; displayName: string; version: number | number[] };
const isNodeTypeDescription = (v: unknown): v is NodeTypeDescription =>
	isJsonObject(v) && isString(v.name) && isString(v.displayName) && (isNumber(v.version) || isArrayOf(v.version, isNumber));

export type CredentialTypeDescription = JsonObject & { name: string; displayName: string };
const isCredentialTypeDescription = (v: unknown): v is CredentialTypeDescription =>
	isJsonObject(v) && isString(v.name) && isString(v.displayName);

export type Credential = JsonObject & { id: string; name: string; type: string };
const isCredential = (v: unknown): v is Credential => isJsonObject(v) && isString(v.id) && isString(v.name) && isString(v.type);

/** `POST /rest/credentials/test` answers this (HTTP 200 either way; `status` tells the outcome). */
export type CredentialTestResult = JsonObject & { status: 'OK' | 'Error'; message: string };
const isCredentialTestResult = (v: unknown): v is CredentialTestResult =>
	isJsonObject(v) && (v.status === 'OK' || v.status === 'Error') && isString(v.message);

export type Workflow = JsonObject & {
	id: string;
	name: string;
	versionId: string;
	active: boolean;
	/** The published version; null while unpublished (2.x). */
	activeVersionId?: string | null;
	nodes: JsonObject[];
	connections: JsonObject;
};
const isWorkflow = (v: unknown): v is Workflow =>
	isJsonObject(v) &&
	isString(v.id) &&
	isString(v.name) &&
	isString(v.versionId) &&
	isBoolean(v.active) &&
	isOptional(v, 'activeVersionId', isString) &&
	isArrayOf(v.nodes, isJsonObject) &&
	isJsonObject(v.connections);

/** Derived by n8n from its publication outbox + per-trigger rows (workflow-publication-status.service). */
export type PublicationState = 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
const PUBLICATION_STATES: readonly string[] = ['not_published', 'in_progress', 'published', 'partial', 'failed'];
const isPublicationState = (v: unknown): v is PublicationState => isString(v) && PUBLICATION_STATES.includes(v);

export interface TriggerPublication {
	nodeId: string;
	/** One row per trigger node: `activated`, or `failed` with the node's error message. */
	status: 'activated' | 'failed';
	errorMessage: string | null;
}
const isTriggerPublication = (v: unknown): v is TriggerPublication =>
	isJsonObject(v) &&
	isString(v.nodeId) &&
	(v.status === 'activated' || v.status === 'failed') &&
	(v.errorMessage === null || isString(v.errorMessage));

export interface PublicationStatus {
	status: PublicationState;
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: TriggerPublication[];
}
const isPublicationStatus = (v: unknown): v is PublicationStatus =>
	isJsonObject(v) &&
	isPublicationState(v.status) &&
	(v.liveVersionId === null || isString(v.liveVersionId)) &&
	(v.pendingVersionId === null || isString(v.pendingVersionId)) &&
	isArrayOf(v.triggers, isTriggerPublication);

/** n8n-workflow's ExecutionStatusList (2.40.1); the list filter must name them all. */
export const EXECUTION_STATUSES = ['canceled', 'crashed', 'error', 'new', 'running', 'success', 'unknown', 'waiting'] as const;
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
const isExecutionStatus = (v: unknown): v is ExecutionStatus => isString(v) && (EXECUTION_STATUSES as readonly string[]).includes(v);

export type ExecutionSummary = JsonObject & {
	id: string;
	workflowId: string;
	status: ExecutionStatus;
	/** e.g. `webhook` (production), `manual`, `trigger`. */
	mode: string;
	startedAt: string | null;
	stoppedAt: string | null;
};
const isExecutionSummary = (v: unknown): v is ExecutionSummary =>
	isJsonObject(v) &&
	isString(v.id) &&
	isString(v.workflowId) &&
	isExecutionStatus(v.status) &&
	isString(v.mode) &&
	isOptional(v, 'startedAt', isString) &&
	isOptional(v, 'stoppedAt', isString);

const isExecutionPage = (v: unknown): v is { results: ExecutionSummary[]; count: number } =>
	isJsonObject(v) && isArrayOf(v.results, isExecutionSummary) && isNumber(v.count);

/** `GET /rest/executions/:id`: `data` is the run data as a flatted string (decode with execution-data.ts). */
export type ExecutionDetail = ExecutionSummary & { data: string; workflowData: JsonObject };
const isExecutionDetail = (v: unknown): v is ExecutionDetail =>
	isExecutionSummary(v) && isString(v.data) && isJsonObject(v.workflowData);

/** `POST /rest/workflows/:id/run` answers one of these. */
export type ManualRunResult = { waitingForWebhook: true } | { executionId: string };
const isManualRunResult = (v: unknown): v is ManualRunResult =>
	isJsonObject(v) && (v.waitingForWebhook === true || isString(v.executionId));

export interface WorkflowInput {
	name: string;
	nodes: JsonObject[];
	connections: JsonObject;
	settings?: JsonObject;
	/** What an imported or copied workflow brings along (nodes' stored state). */
	staticData?: JsonObject;
}

// ---- client -------------------------------------------------------------------------------------

function unwrap(body: unknown, what: string): unknown {
	if (isJsonObject(body) && 'data' in body) return body.data;
	throw new Error(`e2e: ${what} answered without a { data } wrapper: ${JSON.stringify(body)?.slice(0, 300)}`);
}

export class N8nApi {
	readonly http: HttpSession;
	/** Messages n8n reported inside 2xx answers (publication errors, credential tests), for the secrets audit. */
	readonly reportedMessages = new Set<string>();

	/** `line` picks the REST dialect: `2.x` (default) or `1.x` (see the file comment). */
	constructor(
		readonly baseUrl: string,
		readonly line: N8nLine = '2.x',
	) {
		this.http = new HttpSession(baseUrl);
	}

	private async rest<T>(method: string, path: string, body: unknown, guard: (v: unknown) => v is T): Promise<T> {
		const what = `${method} ${path}`;
		return expectShape(unwrap(await this.http.call(method, path, body), what), guard, what);
	}

	// -- users

	/** First start only: creates the owner and logs in (sets the auth cookie). */
	async setupOwner(owner: Owner = DEFAULT_OWNER): Promise<User> {
		return this.rest('POST', '/rest/owner/setup', owner, isUser);
	}

	/** After a restart the cookie stays valid; `login` is for a new client or a new browser id. */
	async login(owner: Owner = DEFAULT_OWNER): Promise<User> {
		return this.rest('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password }, isUser);
	}

	// -- types loaded at start-up (community nodes appear as `<package>.<node>`)

	async nodeTypes(): Promise<NodeTypeDescription[]> {
		const body = await this.http.call('GET', '/types/nodes.json');
		return expectShape(body, (v) => isArrayOf(v, isNodeTypeDescription), 'GET /types/nodes.json');
	}

	async credentialTypes(): Promise<CredentialTypeDescription[]> {
		const body = await this.http.call('GET', '/types/credentials.json');
		return expectShape(body, (v) => isArrayOf(v, isCredentialTypeDescription), 'GET /types/credentials.json');
	}

	// -- credentials

	async createCredential(name: string, type: string, data: JsonObject): Promise<Credential> {
		return this.rest('POST', '/rest/credentials', { name, type, data }, isCredential);
	}

	/**
	 * Runs the credential type's `test` (the editor's "Retry"/save-time test). In 2.40.7 the route
	 * needs a stored credential's id: n8n merges `data` over the stored, decrypted values (the
	 * editor sends redacted secrets back) and tests the result; unknown ids answer 403.
	 */
	async testCredential(credential: Credential, data: JsonObject): Promise<CredentialTestResult> {
		const body = { credentials: { id: credential.id, name: credential.name, type: credential.type, data } };
		const result = await this.rest('POST', '/rest/credentials/test', body, isCredentialTestResult);
		this.reportedMessages.add(`credential test: ${result.message}`);
		return result;
	}

	/** Replaces a stored credential's data, as saving it in the editor does. */
	async updateCredential(credential: Credential, data: JsonObject): Promise<Credential> {
		const body = { name: credential.name, type: credential.type, data };
		return this.rest('PATCH', `/rest/credentials/${encodeURIComponent(credential.id)}`, body, isCredential);
	}

	async deleteCredential(id: string): Promise<void> {
		await this.http.call('DELETE', `/rest/credentials/${encodeURIComponent(id)}`);
	}

	// -- workflows

	async createWorkflow(workflow: WorkflowInput): Promise<Workflow> {
		const body = this.line === '1.x' ? { settings: {}, active: false, ...workflow } : { settings: {}, ...workflow };
		return this.rest('POST', '/rest/workflows', body, isWorkflow);
	}

	async getWorkflow(id: string): Promise<Workflow> {
		return this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}`, undefined, isWorkflow);
	}

	/** 2.x: n8n's publication status. 1.x has none: `published` while the workflow is active. */
	async publicationStatus(id: string): Promise<PublicationStatus> {
		if (this.line === '1.x') {
			const workflow = await this.getWorkflow(id);
			const live = workflow.active ? (typeof workflow.activeVersionId === 'string' ? workflow.activeVersionId : workflow.versionId) : null;
			return { status: workflow.active ? 'published' : 'not_published', liveVersionId: live, pendingVersionId: null, triggers: [] };
		}
		return this.rest('GET', `/rest/workflows/${encodeURIComponent(id)}/publication-status`, undefined, isPublicationStatus);
	}

	/** Polls publication-status until `until` accepts it; the returned status is the last one seen. */
	async waitForPublication(
		id: string,
		until: (status: PublicationStatus) => boolean,
		timeoutMs = 60_000,
	): Promise<PublicationStatus> {
		const started = Date.now();
		for (;;) {
			const status = await this.publicationStatus(id);
			for (const trigger of status.triggers) {
				if (trigger.errorMessage !== null) this.reportedMessages.add(`publication of ${id}: ${trigger.errorMessage}`);
			}
			if (until(status)) return status;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`e2e: workflow ${id} publication still ${JSON.stringify(status)} after ${timeoutMs} ms`);
			}
			await sleep(200);
		}
	}

	/**
	 * Publish (2.x "activate"): the call only queues the work and answers 200 even when the trigger
	 * will fail, so this waits for `published` or a failure and returns that status (not throwing:
	 * tests assert on failures too).
	 */
	async publish(id: string, versionId?: string, timeoutMs = 60_000): Promise<PublicationStatus> {
		const version = versionId ?? (await this.getWorkflow(id)).versionId;
		if (this.line === '1.x') return this.activateN8n1(id, version);
		await this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, { versionId: version }, isWorkflow);
		return this.waitForPublication(
			id,
			// Settled, and (when published) live on the version asked for: a republish briefly still
			// reads `published` for the previous version.
			(s) =>
				s.pendingVersionId === null &&
				(s.status === 'failed' || s.status === 'partial' || (s.status === 'published' && s.liveVersionId === version)),
			timeoutMs,
		);
	}

	/**
	 * n8n 1.x's activation: synchronous, 200 with the workflow once every trigger is registered, 400
	 * with the node's message when one failed (n8n has then rolled the activation back). The answer
	 * is returned in the 2.x shape so tests read both alike.
	 */
	private async activateN8n1(id: string, versionId: string): Promise<PublicationStatus> {
		try {
			const workflow = await this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/activate`, { versionId }, isWorkflow);
			const live = typeof workflow.activeVersionId === 'string' ? workflow.activeVersionId : workflow.versionId;
			return { status: workflow.active ? 'published' : 'not_published', liveVersionId: live, pendingVersionId: null, triggers: [] };
		} catch (error) {
			if (!(error instanceof N8nHttpError) || error.status !== 400) throw error;
			const message = isJsonObject(error.body) && isString(error.body.message) ? error.body.message : String(error.body);
			this.reportedMessages.add(`activation of ${id}: ${message}`);
			return { status: 'failed', liveVersionId: null, pendingVersionId: null, triggers: [{ nodeId: '', status: 'failed', errorMessage: message }] };
		}
	}

	/** Unpublish (2.x "deactivate"), then poll until the publication status reads `not_published` (1.x: synchronous). */
	async unpublish(id: string, timeoutMs = 60_000): Promise<PublicationStatus> {
		await this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/deactivate`, {}, isWorkflow);
		return this.waitForPublication(id, (s) => s.status === 'not_published', timeoutMs);
	}

	/**
	 * "Listen for test event" / "Execute workflow" from one trigger, as the editor does. n8n 1.x
	 * wants the workflow itself in the body (`workflowData`): the fields its editor sends
	 * (`getWorkflowDataToSave` in n8n 1.123's editor), which leave out the stored static data.
	 */
	async runManually(id: string, triggerName: string, destinationNode?: string): Promise<ManualRunResult> {
		const body: JsonObject = { triggerToStartFrom: { name: triggerName } };
		if (destinationNode !== undefined) body.destinationNode = { nodeName: destinationNode, mode: 'inclusive' };
		if (this.line === '1.x') {
			const stored = await this.getWorkflow(id);
			const workflowData: JsonObject = { id: stored.id, name: stored.name, nodes: stored.nodes, connections: stored.connections, active: stored.active, versionId: stored.versionId };
			for (const key of ['pinData', 'settings', 'tags', 'meta']) if (stored[key] !== undefined) workflowData[key] = stored[key];
			body.workflowData = workflowData;
		}
		return this.rest('POST', `/rest/workflows/${encodeURIComponent(id)}/run`, body, isManualRunResult);
	}

	/** Stops listening for a test event (n8n then calls the trigger's `delete()` for the test URL). */
	async cancelTestWebhook(id: string): Promise<void> {
		await this.http.call('DELETE', `/rest/test-webhook/${encodeURIComponent(id)}`);
	}

	/**
	 * Whether a webhook URL is registered right now, asked without delivering anything: a GET to a
	 * POST-only webhook answers 404 "not registered for GET requests" while it exists and 404
	 * "… is not registered." once it is gone (OPTIONS is no use: it answers 204 either way). Needed
	 * because n8n deregisters test webhooks in the background after DELETE /rest/test-webhook/:id
	 * has answered (about 0.1 s later), and a probing POST would consume the one test event.
	 */
	async isWebhookRegistered(url: string): Promise<boolean> {
		const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(10_000) });
		const text = await response.text();
		if (response.status !== 404) return true;
		return text.includes('is not registered for GET requests');
	}

	// -- executions

	/** Every execution of a workflow, or of every workflow, newest first (pages of 100 via `lastId`). */
	async executions(workflowId?: string): Promise<ExecutionSummary[]> {
		const all: ExecutionSummary[] = [];
		const limit = 100;
		let lastId: string | undefined;
		for (;;) {
			const query = new URLSearchParams({
				filter: JSON.stringify({ ...(workflowId === undefined ? {} : { workflowId }), status: EXECUTION_STATUSES }),
				limit: String(limit),
			});
			if (lastId !== undefined) query.set('lastId', lastId);
			const page = await this.rest('GET', `/rest/executions?${query.toString()}`, undefined, isExecutionPage);
			all.push(...page.results);
			const last = page.results[page.results.length - 1];
			if (page.results.length < limit || last === undefined) return all;
			lastId = last.id;
		}
	}

	/**
	 * How many executions of a workflow have finished, from one small request (the list's `count`,
	 * exact on SQLite): cheap enough to poll while n8n is busy with a burst.
	 */
	async finishedExecutionCount(workflowId: string): Promise<number> {
		const finished = EXECUTION_STATUSES.filter((status) => status !== 'new' && status !== 'running');
		const query = new URLSearchParams({ filter: JSON.stringify({ workflowId, status: finished }), limit: '1' });
		return (await this.rest('GET', `/rest/executions?${query.toString()}`, undefined, isExecutionPage)).count;
	}

	/**
	 * Polls `finishedExecutionCount` until it reaches `count`; returns the count last seen. Use it
	 * instead of `waitForExecutions` while n8n is busy, where listing every execution would add load.
	 */
	async waitForFinishedExecutionCount(workflowId: string, count: number, timeoutMs: number, pollMs = 1000): Promise<number> {
		const started = Date.now();
		for (;;) {
			const finished = await this.finishedExecutionCount(workflowId);
			if (finished >= count) return finished;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`e2e: workflow ${workflowId} has ${finished} finished executions, wanted ${count}, after ${timeoutMs} ms`);
			}
			await sleep(pollMs);
		}
	}

	/** One execution with its full run data (n8n 2.40.7 always includes it; no query flag needed). */
	async execution(id: string): Promise<ExecutionDetail> {
		return this.rest('GET', `/rest/executions/${encodeURIComponent(id)}`, undefined, isExecutionDetail);
	}

	/** Polls until the workflow has at least `count` finished executions; returns them newest first. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<ExecutionSummary[]> {
		const started = Date.now();
		for (;;) {
			const done = (await this.executions(workflowId)).filter((e) => e.status !== 'new' && e.status !== 'running');
			if (done.length >= count) return done;
			if (Date.now() - started > timeoutMs) {
				throw new Error(`e2e: workflow ${workflowId} has ${done.length} finished executions, wanted ${count}, after ${timeoutMs} ms`);
			}
			await sleep(200);
		}
	}
}
