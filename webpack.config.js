/**
 * wp-scripts' own webpack config, with our entry points named so the PHP
 * asset loader can find build/<entry>.js and build/<entry>.asset.php.
 */
const defaultConfig = require( '@wordpress/scripts/config/webpack.config' );

module.exports = {
	...defaultConfig,
	entry: {
		settings: './src/settings/index.tsx',
	},
};
