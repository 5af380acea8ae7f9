// n8n's own community-node rules (the recommended config, unchanged) on everything that ships,
// plus the import fences that keep the emulator and the nodes independent of each other.
import tseslint from 'typescript-eslint';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const shipped = ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'];

export default [
	{ ignores: ['dist/**', 'build/**', 'node_modules/**', 'e2e/node_modules/**', 'e2e/.cache/**', 'coverage/**'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{ ...n8nCommunityNodesPlugin.configs.recommended, files: shipped },
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
];
