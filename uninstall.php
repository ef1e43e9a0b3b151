<?php
/**
 * Runs when the plugin is deleted from the Plugins screen (WordPress defines
 * WP_UNINSTALL_PLUGIN and includes this file; the plugin itself is not
 * loaded). Removes what the plugin stored in the database, on every site of
 * a network:
 *
 * - options: the settings, the last Test S3 Access result, the clock offset,
 *   the deletion queue, the bulk copy's place; and any other option or
 *   transient whose name starts with `s3_media_sync_` (the media library's
 *   per-user notice `s3_media_sync_acl_<user>` among them);
 * - post meta: `_s3_media_sync` (keys uploaded, ACL, last error),
 *   `_s3_media_sync_status`, `_s3_media_sync_next`, and any other
 *   `_s3_media_sync…` key;
 * - WP-Cron events: `s3_media_sync_retry` and any other `s3_media_sync_…` hook.
 * - on a network, every network's own rows (the list of deleted sites'
 *   objects, docs/multisite.md), each deleted on its own network.
 *
 * It never talks to S3: the bucket and its objects stay exactly as they are
 * (media is still in the bucket; the IAM user can be deleted in AWS).
 * Settings defined as constants in wp-config.php (S3_MEDIA_SYNC_*) live in
 * that file and are left to the site owner.
 *
 * No function or class is declared here, so including the file twice (as a
 * test does) is harmless.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

( static function (): void {
	global $wpdb;

	/** The options the plugin writes (see includes/: the OPTION constants). */
	$options = array(
		's3_media_sync_settings',       // Settings\Settings_Fields::OPTION.
		's3_media_sync_last_test',      // Access\Last_Result::OPTION.
		's3_media_sync_clock_offset',   // S3\Clock::OPTION.
		's3_media_sync_deletion_queue', // Media\Deletion_Queue::OPTION.
		's3_media_sync_sync_run',       // Sync\Bulk_Sync::RUN_OPTION.
		's3_media_sync_sync_job',       // Sync\Sync_Job::OPTION (its beats and Job_Tickets go with the prefix).
	);
	/** Post meta keys (Media\Offload_State::META, STATUS_META, NEXT_META; Sync\Bulk_Sync::TRIED_META). */
	$meta_keys = array( '_s3_media_sync', '_s3_media_sync_status', '_s3_media_sync_next', '_s3_media_sync_tried' );
	/** WP-Cron hooks (Media\Retry_Scheduler::HOOK, Sync\Sync_Job::CRON_HOOK). */
	$hooks  = array( 's3_media_sync_retry', 's3_media_sync_sync_job' );
	$prefix = 's3_media_sync_';

	$clean_site = static function () use ( $wpdb, $options, $meta_keys, $hooks, $prefix ): void {
		foreach ( $options as $option ) {
			delete_option( $option );
		}

		// Transients, through the API (a persistent object cache holds them
		// outside the options table): the media library's notice is kept per
		// administrator for a minute.
		$administrators = get_users(
			array(
				'capability' => 'manage_options',
				'fields'     => 'ID',
				'number'     => -1,
			)
		);
		foreach ( $administrators as $user_id ) {
			delete_transient( $prefix . 'acl_' . (int) $user_id );
		}

		// Whatever else carries the prefix: options, transients and their timeouts.
		$like  = array(
			$wpdb->esc_like( $prefix ) . '%',
			$wpdb->esc_like( '_transient_' . $prefix ) . '%',
			$wpdb->esc_like( '_transient_timeout_' . $prefix ) . '%',
		);
		$names = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- uninstall: one sweep, caches cleared below.
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$like[0],
				$like[1],
				$like[2]
			)
		);
		foreach ( (array) $names as $name ) {
			$name = (string) $name;
			if ( str_starts_with( $name, '_transient_timeout_' ) ) {
				continue; // Removed with its transient.
			}
			if ( str_starts_with( $name, '_transient_' ) ) {
				delete_transient( substr( $name, strlen( '_transient_' ) ) );
			} else {
				delete_option( $name );
			}
		}
		// A timeout whose transient was already gone.
		$wpdb->query( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- uninstall.
			$wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $like[2] )
		);

		// Post meta, with the post meta caches.
		$found = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- uninstall.
			$wpdb->prepare(
				"SELECT DISTINCT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE %s",
				$wpdb->esc_like( '_s3_media_sync' ) . '%'
			)
		);
		foreach ( array_unique( array_merge( $meta_keys, array_map( 'strval', (array) $found ) ) ) as $key ) {
			delete_post_meta_by_key( $key );
		}

		// Scheduled events: the retry job, and any other hook of the plugin.
		foreach ( $hooks as $hook ) {
			wp_unschedule_hook( $hook );
		}
		$cron = _get_cron_array();
		foreach ( is_array( $cron ) ? $cron : array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( str_starts_with( (string) $hook, $prefix ) ) {
					wp_unschedule_hook( (string) $hook );
				}
			}
		}

		wp_cache_delete( 'alloptions', 'options' );
		wp_cache_delete( 'notoptions', 'options' );
	};

	if ( ! is_multisite() ) {
		$clean_site();
		return;
	}

	// Every site of the network, a page of sites at a time.
	$page = 0;
	do {
		$site_ids = get_sites(
			array(
				'fields'   => 'ids',
				'number'   => 100,
				'offset'   => 100 * $page,
				'orderby'  => 'id',
				'archived' => null,
				'deleted'  => null,
				'spam'     => null,
			)
		);
		foreach ( $site_ids as $site_id ) {
			switch_to_blog( (int) $site_id );
			$clean_site();
			restore_current_blog();
		}
		++$page;
	} while ( count( $site_ids ) === 100 );

	// Every network's own options and transients (the list of deleted sites'
	// objects among them): each row with its network, since
	// delete_site_option() reaches only the current network.
	$network_like = array(
		$wpdb->esc_like( $prefix ) . '%',
		$wpdb->esc_like( '_site_transient_' . $prefix ) . '%',
		$wpdb->esc_like( '_site_transient_timeout_' . $prefix ) . '%',
	);
	$network_rows = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- uninstall.
		$wpdb->prepare(
			"SELECT site_id, meta_key FROM {$wpdb->sitemeta} WHERE meta_key LIKE %s OR meta_key LIKE %s OR meta_key LIKE %s",
			$network_like[0],
			$network_like[1],
			$network_like[2]
		),
		ARRAY_A
	);
	foreach ( (array) $network_rows as $row ) {
		delete_network_option( (int) $row['site_id'], (string) $row['meta_key'] );
	}
} )();
