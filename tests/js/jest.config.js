/**
 * wp-scripts' unit-test config, pointed at tests/js and with jest-dom's
 * matchers. Babel (@wordpress/babel-preset-default) compiles the TypeScript.
 */
const path = require( 'path' );
const defaultConfig = require( '@wordpress/scripts/config/jest-unit.config' );

const babelTransform = path.join(
	path.dirname( require.resolve( '@wordpress/scripts/package.json' ) ),
	'config',
	'babel-transform'
);

module.exports = {
	...defaultConfig,
	rootDir: '../..',
	testMatch: [ '<rootDir>/tests/js/**/*.test.[jt]s?(x)' ],
	// Some of @wordpress/components' dependencies ship ES modules only.
	transform: { '\\.[cm]?[jt]sx?$': babelTransform },
	transformIgnorePatterns: [ '/node_modules/(?!(uuid|@wordpress/theme)/)' ],
	setupFilesAfterEnv: [
		...( defaultConfig.setupFilesAfterEnv ?? [] ),
		'<rootDir>/tests/js/setup.ts',
	],
};
