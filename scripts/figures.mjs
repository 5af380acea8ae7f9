// Writes docs/figures.md, the one place measured figures live: the last test run's counts and
// times (written by the jest reporter scripts/test-summary-reporter.js into build/test-results/)
// and the last benchmarks (bench/report.ts, build/bench-results/). Every other doc links here
// instead of quoting numbers, so nothing goes stale by the next commit. `npm run bench` and
// `.ci/run` call it; a section without fresh results keeps what the file already had.
//
//   node scripts/figures.mjs [--tests] [--bench]      (both when neither is named)
//   FIGURES_RUN_SECONDS: the whole run's wall time, when the caller measured it (.ci/run)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'docs', 'figures.md');
const args = new Set(process.argv.slice(2));
const wanted = args.size === 0 ? new Set(['--tests', '--bench']) : args;

function commit() {
	try {
		const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
		const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
		return dirty ? `${head} with uncommitted changes` : head;
	} catch {
		return 'unknown';
	}
}

function machine() {
	const [first] = cpus();
	return `${first?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

function readJsonFiles(folder) {
	if (!existsSync(folder)) return [];
	return readdirSync(folder)
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ name: file.replace(/\.json$/, ''), data: JSON.parse(readFileSync(join(folder, file), 'utf8')) }));
}

function cell(value) {
	if (value === undefined || value === null) return '';
	const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
	return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(rows) {
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	return [
		`| ${columns.join(' | ')} |`,
		`|${columns.map(() => '---').join('|')}|`,
		...rows.map((row) => `| ${columns.map((column) => cell(row[column])).join(' | ')} |`),
	].join('\n');
}

function testsSection() {
	const runs = readJsonFiles(join(root, 'build', 'test-results'));
	if (runs.length === 0) return undefined;
	const seconds = process.env.FIGURES_RUN_SECONDS;
	return [
		`Last run: ${new Date().toISOString()}, commit ${commit()}, on ${machine()}.`,
		seconds ? `The whole run (\`.ci/run\`: \`npm ci\`, then \`npm test\`) took ${seconds} s.` : '',
		'',
		table(runs.map(({ data }) => ({ projects: data.projects.join(', '), files: data.files, tests: data.tests, passed: data.passed, failed: data.failed, skipped: data.skipped, seconds: data.seconds, finished: data.finishedAt }))),
	]
		.filter((line, index) => line !== '' || index > 1)
		.join('\n');
}

function benchSection() {
	const reports = readJsonFiles(join(root, 'build', 'bench-results'));
	if (reports.length === 0) return undefined;
	return reports
		.map(({ name, data }) => {
			const { machine: where, measuredAt, commit: at, results, ...figures } = data;
			const lines = [`### ${name}`, '', `Measured ${measuredAt ?? 'at an unknown time'}${at ? `, commit ${at}` : ''}, on ${where ? `${where.cpu}, ${where.cores} cores, ${where.memoryGiB} GiB, Node ${where.node}` : 'an unknown machine'}.`];
			const settings = Object.entries(figures);
			if (settings.length > 0) lines.push('', ...settings.map(([key, value]) => `- ${key}: ${cell(value)}`));
			if (Array.isArray(results) && results.length > 0) lines.push('', table(results));
			return lines.join('\n');
		})
		.join('\n\n');
}

function auditSection() {
	const audits = readJsonFiles(join(root, 'build', 'e2e-results')).filter(({ name }) => name.startsWith('secrets-'));
	if (audits.length === 0) return undefined;
	const rows = audits.map(({ data }) => ({
		file: data.file,
		'API keys': data.secrets.apiKeys,
		'endpoint secrets': data.secrets.endpointSecrets,
		signatures: data.secrets.signatures,
		'n8n logs': data.logs.length,
		'log MB': Math.round(data.scanned.logBytes / 1e5) / 10,
		executions: data.scanned.executions,
		'error answers + messages': `${data.scanned.errorAnswers} + ${data.scanned.reportedMessages}`,
		'webhook answers': data.scanned.webhookAnswers,
		hits: data.leaks.length,
	}));
	const total = (key) => rows.reduce((sum, row) => sum + Number(row[key]), 0);
	return [
		`The secrets audit that ends every e2e file (\`build/e2e-results/secrets-*.json\`), from the same run: ${rows.length} files, ${total('n8n logs')} n8n logs, ${total('executions')} executions, ${total('signatures')} signatures, ${total('endpoint secrets')} endpoint secrets and ${total('API keys')} API keys searched for, **${total('hits')} hits**.`,
		'',
		table(rows),
	].join('\n');
}

const SECTIONS = [
	{ flag: '--tests', key: 'tests', title: 'Test runs', make: testsSection },
	{ flag: '--tests', key: 'audit', title: 'Secrets audit', make: auditSection },
	{ flag: '--bench', key: 'bench', title: 'Benchmarks (`npm run bench`)', make: benchSection },
];

function existingSection(text, key) {
	const match = new RegExp(`<!-- figures:${key} -->\\n([\\s\\S]*?)\\n<!-- /figures:${key} -->`).exec(text);
	return match?.[1];
}

const previous = existsSync(target) ? readFileSync(target, 'utf8') : '';
const body = SECTIONS.map(({ flag, key, title, make }) => {
	const fresh = wanted.has(flag) ? make() : undefined;
	const content = fresh ?? existingSection(previous, key) ?? '_Not measured yet._';
	return `## ${title}\n\n<!-- figures:${key} -->\n${content}\n<!-- /figures:${key} -->`;
}).join('\n\n');

writeFileSync(
	target,
	`# Measured figures\n\nWritten by \`node scripts/figures.mjs\`, which \`.ci/run\` and \`npm run bench\` call: the counts and\ntimes of the last test run, and the last benchmarks, each with the commit and the machine. The\nother docs say what is measured and why, and link here for the numbers. What the benchmarks\nmeasure: [benchmarks.md](benchmarks.md).\n\n${body}\n`,
);
console.log(`figures written to ${target}`);
