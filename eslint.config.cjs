/**
 * wp-scripts' own lint rules, plus: no text in the page's JSX that does not
 * go through @wordpress/i18n; TypeScript signatures already carry the
 * parameter types, so JSDoc @param tags would only repeat them; tooling and
 * tests run in Node and print to the terminal on purpose.
 */
const defaultConfig = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{ ignores: [ '.cache/**', 'artifacts/**', 'build/**' ] },
	...defaultConfig,
	{
		rules: {
			'jsdoc/require-param': 'off',
			'jsdoc/require-returns': 'off',
			// Jest reads a test file's environment from this docblock tag.
			'jsdoc/check-tag-names': [
				'error',
				{ definedTags: [ 'jest-environment' ] },
			],
		},
	},
	{
		// Every text a person reads goes through @wordpress/i18n.
		files: [ 'src/**/*.tsx' ],
		rules: {
			'react/jsx-no-literals': [
				'error',
				{ noStrings: true, ignoreProps: true, allowedStrings: [ ' ' ] },
			],
		},
	},
	{
		files: [
			'tools/**',
			'tests/**',
			'playwright.config.ts',
			'*.config.{js,cjs}',
		],
		rules: {
			'no-console': 'off',
			'import/no-extraneous-dependencies': 'off',
		},
	},
];
