/**
 * The frame of every real-n8n benchmark: the pinned n8n installed and this package built and
 * packed for it, each setting measured in turn, the figures written and shown.
 */
import { ensureN8nInstalled } from '../harness/install/install';
import { buildPackage, packPackage } from '../harness/install/package-install';
import { findRepoRoot } from '../harness/install/paths';
import { writeReport } from './report';

async function prepareN8n(): Promise<void> {
	const root = findRepoRoot();
	await ensureN8nInstalled(root);
	await buildPackage(root);
	// startStack installs the tarball named here, as the e2e globalSetup arranges for tests.
	process.env.FULLSTORY_E2E_TARBALL = await packPackage(root);
}

/** One printed table: a title line, then the rows. */
export interface BenchmarkTable {
	title: string;
	rows: object[];
}

/**
 * Runs `measure` for each setting (each starts and stops its own n8n), then writes the results
 * with `figures` to `build/bench-results/<name>.json` and prints them as a table (`row` picks the
 * columns), or as the titled tables `tables` makes of them when given. Sets the exit code on failure.
 */
export function runN8nBenchmark<S, R extends object>(
	name: string,
	settings: S[],
	measure: (setting: S) => Promise<R>,
	figures: object,
	row: (result: R) => object = (result) => result,
	tables?: (results: R[]) => BenchmarkTable[],
): void {
	const run = async (): Promise<void> => {
		await prepareN8n();
		const results: R[] = [];
		for (const setting of settings) results.push(await measure(setting));
		const file = writeReport(name, { ...figures, results });
		for (const table of tables?.(results) ?? [{ title: '', rows: results.map(row) }]) {
			if (table.title !== '') console.log(table.title);
			console.table(table.rows);
		}
		console.log(`written to ${file}`);
	};
	run().catch((error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	});
}
