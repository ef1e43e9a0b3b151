<?php
/**
 * Plugin Name: S3 Media Sync local environment
 * Description: Written into every local site by tools/wp/site.ts. Keeps WordPress from calling wordpress.org, which this environment cannot reach.
 *
 * Why: wp-admin's update checks would fail with PHP warnings in debug.log
 * (which the tests read as plugin noise) after waiting on the network, and
 * avatars would make the browser wait on gravatar.com.
 *
 * @package S3MediaSync
 */

defined( 'ABSPATH' ) || exit;

// Update checks and automatic updates: the cache decides the WordPress version.
remove_action( 'admin_init', '_maybe_update_core' );
remove_action( 'admin_init', '_maybe_update_plugins' );
remove_action( 'admin_init', '_maybe_update_themes' );
remove_action( 'wp_version_check', 'wp_version_check' );
remove_action( 'wp_update_plugins', 'wp_update_plugins' );
remove_action( 'wp_update_themes', 'wp_update_themes' );
remove_action( 'wp_maybe_auto_update', 'wp_maybe_auto_update' );
remove_action( 'init', 'wp_schedule_update_checks' );
remove_action( 'load-plugins.php', 'wp_update_plugins' );
remove_action( 'load-update.php', 'wp_update_plugins' );
remove_action( 'load-update-core.php', 'wp_update_plugins' );
remove_action( 'load-themes.php', 'wp_update_themes' );
remove_action( 'load-update.php', 'wp_update_themes' );
remove_action( 'load-update-core.php', 'wp_update_themes' );

// Anything else bound for WordPress.org fails at once instead of timing out.
add_filter(
	'pre_http_request',
	static function ( $response, $args, $url ) {
		$host = (string) wp_parse_url( (string) $url, PHP_URL_HOST );
		if ( preg_match( '/(^|\.)(wordpress\.org|w\.org|wordpress\.com|gravatar\.com)$/i', $host ) ) {
			return new WP_Error( 'http_request_blocked', "The local environment does not reach {$host}." );
		}
		return $response;
	},
	1,
	3
);

// No avatars: the browser would wait on gravatar.com for every admin page.
add_filter( 'option_show_avatars', '__return_false' );
