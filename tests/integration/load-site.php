<?php
/**
 * The start every command-line helper of these specs shares: refuses to run
 * outside the CLI or without `<docroot> <command>`, loads the WordPress at
 * the docroot (at file scope, as wp-load.php needs) with the admin's media
 * functions, keeps WP-Cron from running at shutdown and acts as user 1.
 *
 *   require __DIR__ . '/load-site.php';
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, 'usage: php ' . basename( (string) $argv[0] ) . " <docroot> <command> [args]\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/image.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
remove_action( 'shutdown', '_wp_cron' );
wp_set_current_user( 1 );
