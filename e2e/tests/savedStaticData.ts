/**
 * Measures where n8n keeps the trigger's endpoint secrets beside the run data: the workflow copy
 * that n8n saves with each execution. n8n 1.x saves it with the workflow's static data
 * (`prepareExecutionDataForDbUpdate` picks `staticData` into `workflowData` when an execution
 * finishes), and the trigger keeps its endpoint secret in static data, so every saved production
 * execution carries the secret. Read two ways: through n8n's REST API (what a user with access to
 * the Executions list can read) and straight from the SQLite database (every row, including the
 * soft-deleted ones the API hides), so that "zero" means zero.
 *
 * Never prints a secret: it reports counts and execution ids.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { isJsonObject } from '../../harness/rest/guards';
import { mapConcurrently } from '../../harness/process/pool';
import { runCommand } from '../../harness/install/run-command';
import { secretsSeen } from './secretsAudit';
import type { Stack } from '../../harness/stacks/stack';

/** Which registration an endpoint secret belongs to: the production URL (`/webhook/`) or a test listen (`/webhook-test/`). */
export type EndpointRole = 'production' | 'test' | 'unknown';

export interface TriggerSecret {
	value: string;
	role: EndpointRole;
}

function roleOf(url: unknown): EndpointRole {
	if (typeof url !== 'string') return 'unknown';
	if (url.includes('/webhook-test/')) return 'test';
	return url.includes('/webhook/') ? 'production' : 'unknown';
}

/**
 * The endpoint secrets the trigger made (32 random bytes, hex; the action test's typed secret is a
 * node parameter, not static data), each with the URL it was made for, from the emulator's logs.
 */
export async function triggerEndpointSecrets(stack: Stack): Promise<TriggerSecret[]> {
	const secrets = await secretsSeen(stack.fullstory, await stack.fullstory.deliveries());
	const urls = new Map<string, unknown>();
	for (const endpoint of await stack.fullstory.endpoints()) urls.set(endpoint.secret, endpoint.url);
	for (const request of await stack.fullstory.requests()) {
		const body = request.body;
		if (isJsonObject(body) && typeof body.secret === 'string' && body.url !== undefined) urls.set(body.secret, body.url);
	}
	return secrets
		.filter((secret) => secret.kind === 'endpoint secret' && /^[0-9a-f]{64}$/.test(secret.value))
		.map((secret) => ({ value: secret.value, role: roleOf(urls.get(secret.value)) }));
}

export interface SavedExecutionRow {
	id: string;
	workflowId: string;
	mode: string;
	status: string;
	/** Soft-deleted rows (n8n hides them; pruning removes them later). */
	deleted: boolean;
	/** A secret in the saved workflow's static data. */
	secretInStaticData: boolean;
	/** Whose secrets those are (the production registration's, a test listen's). */
	staticDataSecretRoles: EndpointRole[];
	/** A secret anywhere in the saved workflow copy or in the run data. */
	secretAnywhere: boolean;
}

export interface SavedStaticDataFigures {
	/** Executions the REST API lists (what the Executions page shows). */
	api: { executions: number; withSecretInStaticData: number; byMode: Record<string, { executions: number; withSecretInStaticData: number }> };
	/** Every execution row in the database, soft-deleted ones included. */
	database: { rows: number; softDeleted: number; withSecretInStaticData: number; withSecretAnywhere: number; orphanDataRows: number };
	rows: SavedExecutionRow[];
}

function containsAny(text: string, secrets: readonly TriggerSecret[]): boolean {
	return secrets.some((secret) => text.includes(secret.value));
}

function rolesIn(text: string, secrets: readonly TriggerSecret[]): EndpointRole[] {
	return [...new Set(secrets.filter((secret) => text.includes(secret.value)).map((secret) => secret.role))].sort();
}

function staticDataText(workflowData: unknown): string {
	return isJsonObject(workflowData) && workflowData.staticData !== undefined ? JSON.stringify(workflowData.staticData) : '';
}

/**
 * Reads every execution row with the install's own Node and sqlite3 (compiled for that Node, so it
 * cannot be loaded in the harness's), read-only, while n8n runs. Returns the rows as JSON on stdout.
 */
const READ_EXECUTIONS = `
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(process.argv[1], sqlite3.OPEN_READONLY, (error) => { if (error) { console.error(error.message); process.exit(2); } });
db.configure('busyTimeout', 10000);
const all = (sql) => new Promise((resolve, reject) => db.all(sql, (error, rows) => (error ? reject(error) : resolve(rows))));
(async () => {
	const columns = (await all("PRAGMA table_info('execution_entity')")).map((column) => column.name);
	const deletedAt = columns.includes('deletedAt') ? 'e.deletedAt' : 'NULL';
	const rows = await all('SELECT e.id AS id, e.workflowId AS workflowId, e.mode AS mode, e.status AS status, ' + deletedAt + ' AS deletedAt, d.workflowData AS workflowData, d.data AS data FROM execution_entity e LEFT JOIN execution_data d ON d.executionId = e.id ORDER BY e.id');
	const orphans = await all('SELECT executionId FROM execution_data WHERE executionId NOT IN (SELECT id FROM execution_entity)');
	process.stdout.write(JSON.stringify({ rows, orphans: orphans.length }));
	db.close();
})().catch((error) => { console.error(error.message); process.exit(3); });
`;

interface DbRow {
	id: number | string;
	workflowId: string;
	mode: string;
	status: string;
	deletedAt: string | null;
	workflowData: string | null;
	data: string | null;
}

async function databaseRows(stack: Stack): Promise<{ rows: DbRow[]; orphans: number }> {
	const file = join(stack.n8n.userFolder, '.n8n', 'database.sqlite');
	if (!existsSync(file)) throw new Error(`e2e: no SQLite database at ${file}`);
	const { install } = stack.n8n;
	const stdout = await runCommand(install.nodeBin, ['-e', READ_EXECUTIONS, file], { cwd: install.root, captureStdout: true });
	return JSON.parse(stdout) as { rows: DbRow[]; orphans: number };
}

/** The figures for executions whose id is greater than `afterId` (all by default). */
export async function measureSavedStaticData(stack: Stack, secrets: readonly TriggerSecret[], afterId = 0): Promise<SavedStaticDataFigures> {
	if (secrets.length === 0) throw new Error('e2e: no endpoint secret to look for; the measurement would prove nothing');
	const listed = (await stack.api.executions()).filter((execution) => Number(execution.id) > afterId);
	const details = await mapConcurrently(listed, 4, async (summary) => ({ summary, detail: await stack.api.execution(summary.id) }));
	const byMode: SavedStaticDataFigures['api']['byMode'] = {};
	let withSecret = 0;
	for (const { summary, detail } of details) {
		const carries = containsAny(staticDataText(detail.workflowData), secrets);
		const mode = (byMode[summary.mode] ??= { executions: 0, withSecretInStaticData: 0 });
		mode.executions++;
		if (carries) {
			mode.withSecretInStaticData++;
			withSecret++;
		}
	}

	const { rows, orphans } = await databaseRows(stack);
	const measured: SavedExecutionRow[] = rows
		.filter((row) => Number(row.id) > afterId)
		.map((row) => {
			let workflowData: unknown;
			try {
				workflowData = row.workflowData === null ? undefined : JSON.parse(row.workflowData);
			} catch {
				workflowData = undefined;
			}
			const staticData = staticDataText(workflowData);
			return {
				id: String(row.id),
				workflowId: row.workflowId,
				mode: row.mode,
				status: row.status,
				deleted: row.deletedAt !== null,
				secretInStaticData: containsAny(staticData, secrets),
				staticDataSecretRoles: rolesIn(staticData, secrets),
				secretAnywhere: containsAny(`${row.workflowData ?? ''}\n${row.data ?? ''}`, secrets),
			};
		});
	return {
		api: { executions: details.length, withSecretInStaticData: withSecret, byMode },
		database: {
			rows: measured.length,
			softDeleted: measured.filter((row) => row.deleted).length,
			withSecretInStaticData: measured.filter((row) => row.secretInStaticData).length,
			withSecretAnywhere: measured.filter((row) => row.secretAnywhere).length,
			orphanDataRows: orphans,
		},
		rows: measured,
	};
}

/** The highest execution id in the database (0 when there is none): later rows are the ones a phase made. */
export async function lastExecutionId(stack: Stack): Promise<number> {
	const { rows } = await databaseRows(stack);
	return rows.reduce((max, row) => Math.max(max, Number(row.id)), 0);
}
