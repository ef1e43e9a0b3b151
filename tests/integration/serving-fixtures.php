<?php
/**
 * What serving-no-local-files.spec.ts sets up inside WordPress that the REST
 * API does not expose: a post's RSS enclosure (core writes it from cron,
 * after fetching the file's headers). Loads the test site's WordPress from
 * the command line; no test-only code in the plugin.
 *
 *   php serving-fixtures.php <docroot> enclosure <post id> <url> <length> <mime>
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 7 || 'enclosure' !== $argv[2] ) {
	fwrite( STDERR, "usage: php serving-fixtures.php <docroot> enclosure <post id> <url> <length> <mime>\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';
remove_action( 'shutdown', '_wp_cron' );

// The value core's do_enclose() stores: URL, length and type, one a line.
$s3ms_added = add_post_meta( (int) $argv[3], 'enclosure', $argv[4] . "\n" . (int) $argv[5] . "\n" . $argv[6] . "\n" );
echo wp_json_encode( array( 'added' => false !== $s3ms_added ) ), "\n";
