<?php
/**
 * Loads the real WordPress site that `npm test` built for this run (its own
 * fresh database), with the plugin active from this working tree.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

$s3ms_wp_dir = getenv( 'S3MS_WP_DIR' );
if ( false === $s3ms_wp_dir || ! is_readable( $s3ms_wp_dir . '/wp-load.php' ) ) {
	fwrite( STDERR, "S3MS_WP_DIR must name the test site's document root: run the PHP tests through `npm test`.\n" );
	exit( 1 );
}

$_SERVER['HTTP_HOST']   = (string) wp_parse_url_host_from_env();
$_SERVER['SERVER_NAME'] = $_SERVER['HTTP_HOST'];
$_SERVER['REQUEST_URI'] = '/';

/** The host of the site URL the run state names, so WordPress builds the right URLs. */
function wp_parse_url_host_from_env(): string {
	$state_file = getenv( 'S3MS_RUN_STATE' );
	if ( false !== $state_file && is_readable( $state_file ) ) {
		$state = json_decode( (string) file_get_contents( $state_file ), true );
		if ( is_array( $state ) && isset( $state['site']['url'] ) ) {
			$host = parse_url( (string) $state['site']['url'], PHP_URL_HOST );
			$port = parse_url( (string) $state['site']['url'], PHP_URL_PORT );
			return $host . ( $port ? ':' . $port : '' );
		}
	}
	return 'localhost';
}

require $s3ms_wp_dir . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/admin.php';

require_once __DIR__ . '/TestCase.php';
// Shared helpers (traits, small classes) beside the tests: everything that is not a *Test.php file.
foreach ( new RecursiveIteratorIterator( new RecursiveDirectoryIterator( __DIR__, FilesystemIterator::SKIP_DOTS ) ) as $s3ms_file ) {
	if ( $s3ms_file instanceof SplFileInfo && 'php' === $s3ms_file->getExtension() && ! str_ends_with( $s3ms_file->getFilename(), 'Test.php' ) && __FILE__ !== $s3ms_file->getPathname() ) {
		require_once $s3ms_file->getPathname();
	}
}

fprintf(
	STDOUT,
	"WordPress %s, PHP %s, database %s\n",
	get_bloginfo( 'version' ),
	PHP_VERSION,
	defined( 'DB_ENGINE' ) ? (string) constant( 'DB_ENGINE' ) : 'mysql'
);
