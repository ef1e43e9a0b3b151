<?php
/**
 * Saves S3 Media Sync's settings in a local site through the plugin's own
 * store, so the secret is sealed with that site's salts exactly as the
 * settings page would seal it. The settings come as JSON in the environment
 * variable S3MS_PLUGIN_SETTINGS (not argv: other users could read the secret
 * in the process list).
 *
 *   S3MS_PLUGIN_SETTINGS='{"bucket":...}' php configure-plugin.php <docroot>
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 2 ) {
	fwrite( STDERR, "usage: php configure-plugin.php <docroot>\n" );
	exit( 2 );
}

$s3ms_settings = json_decode( (string) getenv( 'S3MS_PLUGIN_SETTINGS' ), true );
if ( ! is_array( $s3ms_settings ) ) {
	fwrite( STDERR, "S3MS_PLUGIN_SETTINGS must hold a JSON object of settings.\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

$s3ms_errors  = array();
$s3ms_changes = array();
foreach ( $s3ms_settings as $s3ms_field => $s3ms_value ) {
	$s3ms_result = \S3MediaSync\Settings\Settings_Validator::validate( (string) $s3ms_field, $s3ms_value );
	if ( is_wp_error( $s3ms_result ) ) {
		$s3ms_errors[] = $s3ms_field . ': ' . $s3ms_result->get_error_message();
		continue;
	}
	$s3ms_changes[ $s3ms_field ] = $s3ms_result;
}
if ( array() !== $s3ms_errors ) {
	fwrite( STDERR, implode( "\n", $s3ms_errors ) . "\n" );
	exit( 1 );
}
\S3MediaSync\Plugin::settings()->update( $s3ms_changes );
echo wp_json_encode( array( 'configured' => \S3MediaSync\Plugin::settings()->is_configured() ) ), "\n";
