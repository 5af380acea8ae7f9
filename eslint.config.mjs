// What ships is linted with n8n's verification gate's own config (`@n8n/scan-community-package`:
// the community-nodes recommended rules, eslint-plugin-n8n-nodes-base's community, credentials and
// nodes sets, and no-console), on the same files the gate lints, with inline disable comments
// ignored as the gate ignores them. Plus the import fences that keep the emulator and the nodes
// independent of each other. `npm run scan` checks that this config still matches the gate.
import communityNodes from '@n8n/eslint-plugin-community-nodes';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { SOURCE_FILE_PATTERNS, buildScanConfig } from './scripts/n8n-scanner.mjs';

const gateConfig = await buildScanConfig();

/**
 * The gate pins its own, older copy of the community-nodes plugin. The rules of the newer copy in
 * our dev dependencies that the gate's copy lacks apply too, under their own prefix, so both sets
 * hold and no rule of either is switched off.
 */
const NEWER = 'community-nodes-newer';
const gateRules = new Set(gateConfig.flatMap((entry) => Object.keys(entry.rules ?? {})));
const newerOnlyRules = Object.fromEntries(
	Object.entries(communityNodes.configs.recommended.rules ?? {})
		.filter(([name]) => !gateRules.has(name))
		.map(([name, setting]) => [name.replace('@n8n/community-nodes/', `${NEWER}/`), setting]),
);

export default defineConfig(
	{ ignores: ['dist/**', 'build/**', 'node_modules/**', '.cache/**', 'coverage/**'] },
	{
		files: ['**/*.ts'],
		ignores: SOURCE_FILE_PATTERNS,
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: SOURCE_FILE_PATTERNS,
		extends: [gateConfig],
		linterOptions: { noInlineConfig: true },
	},
	{
		files: ['{nodes,credentials}/**/*.{js,ts}'],
		plugins: { [NEWER]: communityNodes },
		rules: newerOnlyRules,
	},
	{
		// The emulator's signing and the trigger's verification must be written independently;
		// only test/ and e2e/ may import from both sides.
		files: ['emulator/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/nodes/**', '**/credentials/**'], message: 'The emulator must not import the package code.' }] },
			],
		},
	},
	{
		files: ['nodes/**/*.ts', 'credentials/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/emulator/**', '**/test/**'], message: 'Shipped code must not import the emulator or tests.' }] },
			],
		},
	},
	{
		// The real-n8n harness is a library; e2e/ holds only the tests built on it. Everything else
		// that runs n8n (the demo, the benchmarks, unit tests) imports the harness, never a test.
		files: ['harness/**/*.ts', 'demo/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
		rules: {
			'no-restricted-imports': [
				'error',
				{ patterns: [{ group: ['**/e2e/**', '**/e2e'], message: 'Import the harness (harness/), not the e2e tests.' }] },
			],
		},
	},
);
