import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
	{
		ignores: ['build/', '.svelte-kit/', 'node_modules/', 'test-results/', 'playwright-report/', 'static/']
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	},
	{
		// The simulator must stay deterministic and DOM-free (DESIGN.md): no wall clock, no Math.random.
		files: ['src/lib/sim/**/*.ts'],
		ignores: ['src/lib/sim/cli/**'],
		rules: {
			'no-restricted-properties': [
				'error',
				{ object: 'Math', property: 'random', message: 'sim must be deterministic' },
				{ object: 'Date', property: 'now', message: 'sim must not read the wall clock' },
				{ object: 'performance', property: 'now', message: 'sim must not read the wall clock' }
			],
			'no-restricted-imports': ['error', { patterns: ['svelte', 'svelte/*', 'd3', 'd3-*', '$app/*'] }]
		}
	}
);
