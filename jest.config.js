/**
 * Three projects. `unit`: fast, in-process, no n8n install (`npm run test:unit`). `reliability`:
 * the bounded fault, cycle and bad-input suites (in-process, but minutes, not seconds). `e2e`: the
 * package installed into a real, pinned n8n (installed on first use into .cache/), run serially.
 * TypeScript goes through ts-jest (transpile only; `npm run typecheck` checks the types).
 */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.dev.json', diagnostics: false }] };

module.exports = {
	// The default output, and a summary per run for docs/figures.md (scripts/figures.mjs).
	reporters: ['default', '<rootDir>/scripts/test-summary-reporter.js'],
	projects: [
		{
			displayName: 'unit',
			testEnvironment: 'node',
			roots: ['<rootDir>/test'],
			testMatch: ['**/*.test.ts'],
			testPathIgnorePatterns: ['/test/reliability/'],
			transform,
		},
		{
			displayName: 'reliability',
			testEnvironment: 'node',
			roots: ['<rootDir>/test/reliability'],
			testMatch: ['**/*.test.ts'],
			transform,
		},
		{
			displayName: 'e2e',
			testEnvironment: 'node',
			roots: ['<rootDir>/e2e'],
			testMatch: ['**/*.e2e.test.ts'],
			transform,
			globalSetup: '<rootDir>/e2e/tests/globalSetup.ts',
			setupFilesAfterEnv: ['<rootDir>/e2e/tests/setup.ts'],
		},
	],
};
