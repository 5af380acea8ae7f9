/**
 * The secrets audit that ends every e2e file: with n8n at debug log level, it gathers every secret
 * the run used (from the emulator, which saw them all) and every text n8n produced, and reports
 * each secret found in any of them. The verdict is a test of its own (`itLeaksNoSecrets`), and the
 * counts go to `build/e2e-results/secrets-<stack name>.json` for the README. A stack of several
 * n8n processes (queue mode) names every process's log (`Stack.logs`), and each is scanned.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { EmulatorClient } from '../../emulator/client/client';
import type { DeliveryLogEntry } from '../../emulator/deliveries/types';
import { log } from '../../harness/process/log';
import type { N8nApi } from '../../harness/rest/n8n-api';
import { mapConcurrently } from '../../harness/process/pool';
import type { Leak, ScannedText, Secret } from '../../harness/audit/secrets-scan';
import { distinctSecrets, findLeaks, signatureSecrets } from '../../harness/audit/secrets-scan';
import type { Stack } from '../../harness/stacks/stack';
import { e2eOutputDir } from '../../harness/stacks/stack';

export interface SecretsAuditReport {
	file: string;
	secrets: { apiKeys: number; endpointSecrets: number; signatures: number };
	scanned: { logBytes: number; debugLines: number; executions: number; errorAnswers: number; reportedMessages: number; webhookAnswers: number };
	/** Each n8n log scanned (one for a single n8n, one per process in queue mode). */
	logs: LogScanned[];
	leaks: Leak[];
}

export interface LogScanned {
	source: string;
	bytes: number;
	debugLines: number;
}

/** Proof the level took effect: n8n writes the level after the time on every line. */
function debugLinesIn(text: string): number {
	return text.split('\n').filter((line) => /^\S+\s+debug\s/.test(line)).length;
}

function logsOf(stack: Stack): ScannedText[] {
	return stack.logs?.() ?? [{ source: 'n8n.log', text: stack.n8n.logText() }];
}

function headerValues(value: string | string[] | undefined): string[] {
	if (value === undefined) return [];
	return Array.isArray(value) ? value : [value];
}

/**
 * The emulator's logs number their entries from 1 and drop the oldest beyond 10,000 (or all, on a
 * clear); a log that does not start at 1 would hide secrets from the audit, so it is refused.
 */
function wholeLog<T extends { seq: number }>(entries: T[], name: string): T[] {
	const first = entries[0];
	if (first !== undefined && first.seq !== 1) {
		throw new Error(`secrets audit: the emulator's ${name} log starts at entry ${first.seq}, so earlier entries are gone; do not clear it in e2e tests`);
	}
	return entries;
}

/** Every API key the emulator knows, every key sent to it, every endpoint secret, every signature. */
export async function secretsSeen(fullstory: EmulatorClient, deliveries: DeliveryLogEntry[]): Promise<Secret[]> {
	const secrets: Secret[] = [];
	for (const org of (await fullstory.info()).orgs) {
		for (const { key } of org.keys) secrets.push({ kind: 'api key', value: key });
	}
	for (const request of wholeLog(await fullstory.requests(), 'request')) {
		for (const authorization of headerValues(request.headers.authorization)) {
			secrets.push({ kind: 'api key', value: authorization.replace(/^Basic\s+/i, '') });
		}
		const body = request.body;
		if (typeof body === 'object' && body !== null && 'secret' in body && typeof body.secret === 'string') {
			secrets.push({ kind: 'endpoint secret', value: body.secret });
		}
	}
	for (const endpoint of await fullstory.endpoints()) secrets.push({ kind: 'endpoint secret', value: endpoint.secret });
	for (const delivery of deliveries) {
		for (const [name, value] of Object.entries(delivery.headers)) {
			if (!/^content-/i.test(name)) secrets.push(...signatureSecrets(value));
		}
	}
	return distinctSecrets(secrets);
}

/** Every execution's run data, as texts to search. */
export async function executionRunData(api: N8nApi): Promise<ScannedText[]> {
	const executions = await api.executions();
	return await mapConcurrently(executions, 4, async (summary) => ({
		source: `execution ${summary.id} run data`,
		text: (await api.execution(summary.id)).data,
	}));
}

/** n8n's log, every execution's run data, and every error message n8n gave the tests or FullStory. */
async function textsProduced(
	stack: Stack,
	deliveries: DeliveryLogEntry[],
): Promise<{ texts: ScannedText[]; scanned: SecretsAuditReport['scanned']; logs: LogScanned[] }> {
	const texts: ScannedText[] = [];
	const logTexts = logsOf(stack);
	texts.push(...logTexts);
	const logs = logTexts.map(({ source, text }) => ({ source, bytes: Buffer.byteLength(text), debugLines: debugLinesIn(text) }));
	const runData = await executionRunData(stack.api);
	texts.push(...runData);
	const errorAnswers = stack.api.http.errorAnswers;
	texts.push(...errorAnswers.map((text, index) => ({ source: `n8n error answer ${index}`, text })));
	const reported = [...stack.api.reportedMessages];
	texts.push(...reported.map((text, index) => ({ source: `n8n reported message ${index}`, text })));
	const webhookAnswers = deliveries.flatMap((delivery) =>
		delivery.responseBody === undefined ? [] : [{ source: `webhook answer to delivery ${delivery.seq}`, text: delivery.responseBody }],
	);
	texts.push(...webhookAnswers);
	return {
		texts,
		logs,
		scanned: {
			logBytes: logs.reduce((sum, scanned) => sum + scanned.bytes, 0),
			debugLines: logs.reduce((sum, scanned) => sum + scanned.debugLines, 0),
			executions: runData.length,
			errorAnswers: errorAnswers.length,
			reportedMessages: reported.length,
			webhookAnswers: webhookAnswers.length,
		},
	};
}

export async function auditSecrets(stack: Stack): Promise<SecretsAuditReport> {
	const file = stack.name;
	// Read once: its signatures are secrets to find, and its answers are texts to search.
	const deliveries = wholeLog(await stack.fullstory.deliveries(), 'delivery');
	const secrets = await secretsSeen(stack.fullstory, deliveries);
	const { texts, scanned, logs } = await textsProduced(stack, deliveries);
	const count = (kind: Secret['kind']) => secrets.filter((secret) => secret.kind === kind).length;
	const report: SecretsAuditReport = {
		file,
		secrets: { apiKeys: count('api key'), endpointSecrets: count('endpoint secret'), signatures: count('signature') },
		scanned,
		logs,
		leaks: findLeaks(secrets, texts),
	};
	writeFileSync(join(e2eOutputDir(), `secrets-${file}.json`), `${JSON.stringify(report, null, '\t')}\n`);
	log(`secrets audit (${file}): ${JSON.stringify({ ...report, logs: report.logs.length, leaks: report.leaks.length })}`);
	return report;
}

/**
 * The last test of an e2e file. `expectSome` names what the file must have exercised, so an audit
 * that scanned nothing (no delivery, no endpoint) cannot pass for a clean one.
 */
export function itLeaksNoSecrets(
	getStack: () => Stack,
	expectSome: Array<keyof SecretsAuditReport['secrets'] | keyof SecretsAuditReport['scanned']> = [],
): void {
	it("leaks no API key, endpoint secret or signature into n8n's debug log, execution data or error messages", async () => {
		const report = await auditSecrets(getStack());
		expect(report.leaks).toEqual([]);
		expect(report.secrets.apiKeys).toBeGreaterThan(0);
		expect(report.scanned.debugLines).toBeGreaterThan(0);
		// Every log at debug level, so none of them passes for clean by writing less.
		expect(report.logs.filter((scanned) => scanned.debugLines === 0).map((scanned) => scanned.source)).toEqual([]);
		const counts: Record<string, number> = { ...report.secrets, ...report.scanned };
		// Pairs, so a failure names the empty count.
		for (const name of expectSome) expect([name, counts[name] > 0]).toEqual([name, true]);
	});
}
