<?php
/**
 * What the site holds of S3 Media Sync, read straight from the database, for
 * the hostile-input and route-role integration tests: they check that a
 * refused request changed nothing, so the reading must not go through the
 * plugin or its routes. Loads the test site's WordPress from the command
 * line; no test-only code in the plugin or the site.
 *
 *   php hostile-state.php <docroot> snapshot [attachment id]...
 *   php hostile-state.php <docroot> quiet
 *
 * `snapshot` (SHORTINIT: the database layer only, no plugin, no hooks) prints
 * JSON: the raw stored value, base64 (byte-exact), of every option the routes
 * write (settings, last test result, bulk-copy run), and of every post meta of
 * the plugin on the given attachments; null for one that is not there.
 *
 * `quiet` unschedules the plugin's retry job, so that no WP-Cron run the
 * tests' own requests start uploads while they count S3 requests.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php hostile-state.php <docroot> snapshot|quiet [attachment id]...\n" );
	exit( 2 );
}

const S3MS_HOSTILE_OPTIONS = array( 's3_media_sync_settings', 's3_media_sync_last_test', 's3_media_sync_sync_run' );

$s3ms_command = $argv[2];
if ( 'snapshot' === $s3ms_command ) {
	define( 'SHORTINIT', true );
}
$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

if ( 'quiet' === $s3ms_command ) {
	// WordPress would spawn a cron run of its own when this script ends.
	remove_action( 'shutdown', '_wp_cron' );
	wp_clear_scheduled_hook( 's3_media_sync_retry' );
	echo wp_json_encode( array( 'next_retry' => wp_next_scheduled( 's3_media_sync_retry' ) ) ), "\n";
	exit( 0 );
}
if ( 'snapshot' !== $s3ms_command ) {
	fwrite( STDERR, "Unknown command {$s3ms_command}\n" );
	exit( 2 );
}

/** @var wpdb $wpdb */
global $wpdb;

$s3ms_raw = static fn( ?string $value ): ?string => null === $value ? null : base64_encode( $value ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- byte-exact text for JSON.

$s3ms_state = array(
	'options' => array(),
	'meta'    => array(),
);
foreach ( S3MS_HOSTILE_OPTIONS as $s3ms_option ) {
	$s3ms_value                            = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $s3ms_option ) );
	$s3ms_state['options'][ $s3ms_option ] = $s3ms_raw( null === $s3ms_value ? null : (string) $s3ms_value );
}
foreach ( array_slice( $argv, 3 ) as $s3ms_id ) {
	$s3ms_rows = $wpdb->get_results(
		$wpdb->prepare(
			"SELECT meta_key, meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key LIKE %s ORDER BY meta_id",
			(int) $s3ms_id,
			$wpdb->esc_like( '_s3_media_sync' ) . '%'
		),
		ARRAY_A
	);
	$s3ms_state['meta'][ (string) (int) $s3ms_id ] = array_map(
		static fn( array $row ): array => array( (string) $row['meta_key'], $s3ms_raw( (string) $row['meta_value'] ) ),
		$s3ms_rows
	);
}
echo json_encode( $s3ms_state ), "\n"; // phpcs:ignore WordPress.WP.AlternativeFunctions.json_encode_json_encode -- SHORTINIT has no wp_json_encode.
