// A jest reporter that writes what a run came to (projects, files, tests passed, failed and
// skipped, seconds) to build/test-results/<projects>.json, for scripts/figures.mjs. Docs link to
// the figures it makes instead of quoting counts that go stale by the next commit.
const { mkdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

class TestSummaryReporter {
	constructor(globalConfig) {
		this.rootDir = globalConfig.rootDir;
	}

	onRunComplete(contexts, results) {
		const projects = [...new Set([...contexts].map((context) => context.config.displayName?.name ?? 'default'))].sort();
		const summary = {
			projects,
			files: results.numTotalTestSuites,
			tests: results.numTotalTests,
			passed: results.numPassedTests,
			failed: results.numFailedTests,
			skipped: results.numPendingTests + results.numTodoTests,
			seconds: Math.round((Date.now() - results.startTime) / 1000),
			finishedAt: new Date().toISOString(),
		};
		const folder = join(this.rootDir, 'build', 'test-results');
		mkdirSync(folder, { recursive: true });
		writeFileSync(join(folder, `${projects.join('+')}.json`), `${JSON.stringify(summary, null, '\t')}\n`);
	}
}

module.exports = TestSummaryReporter;
