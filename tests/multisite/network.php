<?php
/**
 * What the multisite tests do inside the network that HTTP cannot ask for:
 * a super admin's network actions as core runs them (network deactivation,
 * deleting a site, uninstall), layouts of old networks simulated by options
 * (ms-files), and reading every site's records and cron. Loads the network
 * from the command line as a request to its main site would.
 *
 *   php network.php <docroot> <host:port> app-password
 *   php network.php <docroot> <host:port> records <blog>
 *   php network.php <docroot> <host:port> ms-files on|off
 *   php network.php <docroot> <host:port> layout <basedir> <blog>
 *   php network.php <docroot> <host:port> seed            options, meta, cron on every site and network
 *   php network.php <docroot> <host:port> leftovers       what of the plugin remains anywhere
 *   php network.php <docroot> <host:port> deactivate-network | activate-network
 *   php network.php <docroot> <host:port> delete-site <blog>
 *   php network.php <docroot> <host:port> uninstall
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST']   = $argv[2];
$_SERVER['REQUEST_URI'] = '/';
define( 'WP_ADMIN', true );
require rtrim( $argv[1], '/' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/ms.php';
remove_action( 'shutdown', '_wp_cron' );
wp_set_current_user( 1 );

$s3ms_args   = array_slice( $argv, 3 );
$s3ms_plugin = 's3-media-sync/plugin.php';

/** @return list<int> Every site of every network. */
function s3ms_all_sites(): array {
	return array_map( 'intval', get_sites( array( 'fields' => 'ids', 'number' => 1000 ) ) );
}

function s3ms_out( mixed $value ): never {
	echo wp_json_encode( $value ), "\n";
	exit( 0 );
}

switch ( $s3ms_args[0] ) {
	case 'app-password':
		$s3ms_created = WP_Application_Passwords::create_new_application_password( 1, array( 'name' => 'multisite tests ' . wp_generate_password( 6, false ) ) );
		s3ms_out( array( 'user' => get_userdata( 1 )->user_login, 'password' => $s3ms_created[0] ) );

	case 'records':
		switch_to_blog( (int) $s3ms_args[1] );
		$s3ms_out = array();
		foreach ( get_posts( array( 'post_type' => 'attachment', 'post_status' => 'any', 'numberposts' => -1, 'fields' => 'ids' ) ) as $s3ms_id ) {
			$s3ms_file  = (string) get_attached_file( $s3ms_id, true );
			$s3ms_names = array_merge( array( wp_basename( $s3ms_file ) ), array_column( (array) ( wp_get_attachment_metadata( $s3ms_id )['sizes'] ?? array() ), 'file' ) );
			$s3ms_md5   = array();
			foreach ( $s3ms_names as $s3ms_name ) {
				$s3ms_path              = dirname( $s3ms_file ) . '/' . $s3ms_name;
				$s3ms_md5[ $s3ms_name ] = is_file( $s3ms_path ) ? md5_file( $s3ms_path ) : '';
			}
			$s3ms_out[] = array(
				'id'    => $s3ms_id,
				'file'  => $s3ms_file,
				'md5'   => $s3ms_md5,
				'state' => get_post_meta( $s3ms_id, '_s3_media_sync', true ),
			);
		}
		s3ms_out( $s3ms_out );

	case 'ms-files':
		// What a network from before WordPress 3.5 has: blogs.dir/N/files for every site but the first.
		update_network_option( 1, 'ms_files_rewriting', 'on' === $s3ms_args[1] ? 1 : 0 );
		s3ms_out( array( 'ms_files_rewriting' => get_network_option( 1, 'ms_files_rewriting' ) ) );

	case 'layout':
		s3ms_out( array( 'problem' => \S3MediaSync\Media\Upload_Layout::problem( $s3ms_args[1], (int) $s3ms_args[2], false, false ) ) );

	case 'seed':
		foreach ( s3ms_all_sites() as $s3ms_site ) {
			switch_to_blog( $s3ms_site );
			update_option( 's3_media_sync_settings', array( 'bucket' => 'seeded' ) );
			update_option( 's3_media_sync_deletion_queue_1', array( 'bucket' => 'seeded', 'key' => 'wp-content/uploads/x' ) );
			set_transient( 's3_media_sync_acl_1', 'notice', 60 );
			$s3ms_post = wp_insert_post( array( 'post_title' => 'seed', 'post_type' => 'attachment', 'post_status' => 'inherit' ) );
			update_post_meta( $s3ms_post, '_s3_media_sync_status', 'pending' );
			wp_schedule_single_event( time() + 3600, 's3_media_sync_retry' );
			restore_current_blog();
		}
		foreach ( get_networks( array( 'fields' => 'ids' ) ) as $s3ms_network ) {
			update_network_option( (int) $s3ms_network, 's3_media_sync_deleted_sites', array( 99 => array( 'url' => 'seeded' ) ) );
		}
		s3ms_out( array( 'seeded' => s3ms_all_sites() ) );

	case 'leftovers':
		global $wpdb;
		$s3ms_left = array();
		foreach ( s3ms_all_sites() as $s3ms_site ) {
			switch_to_blog( $s3ms_site );
			wp_cache_flush();
			$s3ms_options = $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE '%s3\\_media\\_sync%'" );
			$s3ms_meta    = $wpdb->get_col( "SELECT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE '\\_s3\\_media\\_sync%'" );
			$s3ms_cron    = false !== wp_next_scheduled( 's3_media_sync_retry' );
			if ( $s3ms_options || $s3ms_meta || $s3ms_cron ) {
				$s3ms_left[ $s3ms_site ] = array( 'options' => $s3ms_options, 'meta' => $s3ms_meta, 'cron' => $s3ms_cron );
			}
			restore_current_blog();
		}
		$s3ms_network = $wpdb->get_results( "SELECT site_id, meta_key FROM {$wpdb->sitemeta} WHERE meta_key LIKE '%s3\\_media\\_sync%'", ARRAY_A );
		s3ms_out( array( 'sites' => (object) $s3ms_left, 'network' => $s3ms_network ) );

	case 'deactivate-network':
		deactivate_plugins( $s3ms_plugin, false, true );
		s3ms_out( array( 'active' => is_plugin_active_for_network( $s3ms_plugin ) ) );

	case 'activate-network':
		$s3ms_result = activate_plugin( $s3ms_plugin, '', true );
		s3ms_out( array( 'active' => is_plugin_active_for_network( $s3ms_plugin ), 'error' => is_wp_error( $s3ms_result ) ? $s3ms_result->get_error_message() : '' ) );

	case 'delete-site':
		// What Network Admin → Sites → Delete runs.
		wpmu_delete_blog( (int) $s3ms_args[1], true );
		s3ms_out( array( 'deleted' => null === get_site( (int) $s3ms_args[1] ) ) );

	case 'uninstall':
		define( 'WP_UNINSTALL_PLUGIN', $s3ms_plugin );
		include WP_PLUGIN_DIR . '/s3-media-sync/uninstall.php';
		s3ms_out( array( 'uninstalled' => true ) );
}
fwrite( STDERR, "unknown command\n" );
exit( 2 );
