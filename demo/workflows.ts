/**
 * Imports the example workflows (`examples/*.json`) once, matched by name on later starts, and
 * keeps their FullStory nodes pointed at the demo credential.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_NODE_PREFIX, TRIGGER_TYPE } from './config';
import { listWorkflows, updateWorkflowNodes } from './rest';
import { expectShape, isArrayOf, isJsonObject, isString, type JsonObject } from '../harness/rest/guards';
import type { Credential, N8nApi, Workflow, WorkflowInput } from '../harness/rest/n8n-api';

/** The name of examples/fullstory-events-deduplicated.json. */
const PUBLISHED_EXAMPLE = 'FullStory events, each processed once';

export interface DemoWorkflow {
	workflow: Workflow;
	imported: boolean;
	/** True when it contains the FullStory Trigger. */
	hasTrigger: boolean;
	/**
	 * True for the one workflow the demo publishes, the Remove Duplicates example: the others need
	 * a chat, ticket, CRM or Postgres address of the user's before they can run.
	 */
	published: boolean;
}

const isWorkflowFile = (v: unknown): v is WorkflowInput =>
	isJsonObject(v) &&
	isString(v.name) &&
	isArrayOf(v.nodes, isJsonObject) &&
	isJsonObject(v.connections) &&
	(v.settings === undefined || isJsonObject(v.settings));

export function readExamples(repoRoot: string): WorkflowInput[] {
	const dir = join(repoRoot, 'examples');
	return readdirSync(dir)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => expectShape(JSON.parse(readFileSync(join(dir, file), 'utf8')), isWorkflowFile, `examples/${file}`));
}

function isPackageNode(node: JsonObject): boolean {
	return isString(node.type) && node.type.startsWith(PACKAGE_NODE_PREFIX);
}

function credentialIdOf(node: JsonObject): unknown {
	const credentials = node.credentials;
	return isJsonObject(credentials) && isJsonObject(credentials.fullStoryApi) ? credentials.fullStoryApi.id : undefined;
}

function withCredential(node: JsonObject, credential: Credential): JsonObject {
	if (!isPackageNode(node)) return node;
	const credentials = isJsonObject(node.credentials) ? node.credentials : {};
	return { ...node, credentials: { ...credentials, fullStoryApi: { id: credential.id, name: credential.name } } };
}

/**
 * A webhook id is the trigger's URL, and n8n refuses two workflows with the same one; the example
 * files share theirs with anyone who imports them, so every import gets its own.
 */
function withFreshWebhookId(node: JsonObject): JsonObject {
	return node.type === TRIGGER_TYPE || 'webhookId' in node ? { ...node, webhookId: randomUUID() } : node;
}

function hasTrigger(workflow: { nodes: JsonObject[] }): boolean {
	return workflow.nodes.some((node) => node.type === TRIGGER_TYPE);
}

async function importExample(api: N8nApi, example: WorkflowInput, credential: Credential): Promise<Workflow> {
	const nodes = example.nodes.map((node) => withFreshWebhookId(withCredential(node, credential)));
	return api.createWorkflow({ ...example, nodes });
}

/**
 * An imported workflow whose FullStory nodes lost the credential (deleted and re-created in the
 * editor, so it has a new id) is re-pointed; anything else the user changed is left alone.
 */
async function repointCredential(api: N8nApi, workflow: Workflow, credential: Credential): Promise<Workflow> {
	const stale = workflow.nodes.some((node) => isPackageNode(node) && credentialIdOf(node) !== credential.id);
	if (!stale) return workflow;
	await updateWorkflowNodes(api, workflow.id, workflow.nodes.map((node) => withCredential(node, credential)));
	return api.getWorkflow(workflow.id);
}

export async function ensureWorkflows(api: N8nApi, examples: WorkflowInput[], credential: Credential): Promise<DemoWorkflow[]> {
	const existing = (await listWorkflows(api)).filter((w) => w.isArchived !== true);
	const result: DemoWorkflow[] = [];
	for (const example of examples) {
		const found = existing.find((w) => w.name === example.name);
		const workflow =
			found === undefined
				? await importExample(api, example, credential)
				: await repointCredential(api, await api.getWorkflow(found.id), credential);
		result.push({
			workflow,
			imported: found === undefined,
			hasTrigger: hasTrigger(workflow),
			published: workflow.name === PUBLISHED_EXAMPLE,
		});
	}
	return result;
}
