<?php
/**
 * A site deleted from the network takes its database rows with it, and with
 * them the only record of which objects in the bucket are its files. The
 * objects are not deleted (a deleted site may be restored from a backup, and
 * the bucket may hold objects other sites adopted), and not forgotten
 * either: just before core drops the site's tables, every object its records
 * name — and every deletion still queued — is written to a network option,
 * shown to super admins in the network admin and listed by
 * `wp s3-media-sync deleted-sites`, until a super admin forgets the entry.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Network;

use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Offload_State;

final class Deleted_Sites {

	/** Network option: site ID => {url, deleted, count, buckets}. */
	public const OPTION = 's3_media_sync_deleted_sites';

	/** Network option per deleted site: its objects, list of {bucket, key}. */
	public const OBJECTS_OPTION = 's3_media_sync_deleted_site_';

	/** Keys shown in the notice; the rest through WP-CLI. */
	private const SHOWN = 20;

	public function register(): void {
		// Before core's own wp_uninitialize_site (priority 10) drops the tables.
		add_action( 'wp_uninitialize_site', array( $this, 'record' ), 5 );
		add_action( 'network_admin_notices', array( $this, 'notice' ) );
	}

	public function record( \WP_Site $site ): void {
		switch_to_blog( (int) $site->blog_id );
		try {
			$objects = self::objects_of_current_site();
			$url     = home_url( '/' );
		} finally {
			restore_current_blog();
		}
		if ( array() === $objects ) {
			return;
		}
		$network = (int) $site->network_id;
		$entries = self::entries( $network );
		$entries[ (int) $site->blog_id ] = array(
			'url'     => $url,
			'deleted' => time(),
			'count'   => count( $objects ),
			'buckets' => array_values( array_unique( array_column( $objects, 'bucket' ) ) ),
		);
		update_network_option( $network, self::OBJECTS_OPTION . (int) $site->blog_id, $objects );
		update_network_option( $network, self::OPTION, $entries );
	}

	/** @return array<int, array{url: string, deleted: int, count: int, buckets: list<string>}> */
	public static function entries( int $network_id ): array {
		$entries = get_network_option( $network_id, self::OPTION, array() );
		return is_array( $entries ) ? $entries : array();
	}

	/** @return list<array{bucket: string, key: string}> */
	public static function objects( int $network_id, int $site_id ): array {
		$objects = get_network_option( $network_id, self::OBJECTS_OPTION . $site_id, array() );
		return is_array( $objects ) ? array_values( $objects ) : array();
	}

	/** Once a super admin has dealt with the objects (deleted them, or kept them on purpose). */
	public static function forget( int $network_id, int $site_id ): bool {
		$entries = self::entries( $network_id );
		if ( ! isset( $entries[ $site_id ] ) ) {
			return false;
		}
		unset( $entries[ $site_id ] );
		delete_network_option( $network_id, self::OBJECTS_OPTION . $site_id );
		update_network_option( $network_id, self::OPTION, $entries );
		return true;
	}

	public function notice(): void {
		if ( ! current_user_can( 'manage_network_options' ) ) {
			return;
		}
		$network = get_current_network_id();
		foreach ( self::entries( $network ) as $site_id => $entry ) {
			$keys = array_map( static fn( array $object ): string => $object['bucket'] . '/' . $object['key'], array_slice( self::objects( $network, (int) $site_id ), 0, self::SHOWN ) );
			echo '<div class="notice notice-warning s3-media-sync-deleted-site"><p>';
			printf(
				/* translators: 1: site URL, 2: number of objects, 3: bucket names. */
				esc_html__( 'S3 Media Sync: the deleted site %1$s left %2$d objects in S3 (%3$s). They were not deleted.', 's3-media-sync' ),
				esc_html( (string) $entry['url'] ),
				(int) $entry['count'],
				esc_html( implode( ', ', (array) $entry['buckets'] ) )
			);
			echo '</p><ul>';
			foreach ( $keys as $key ) {
				echo '<li><code>' . esc_html( $key ) . '</code></li>';
			}
			echo '</ul><p>';
			printf(
				/* translators: 1: WP-CLI command listing the objects, 2: WP-CLI command removing this notice. */
				esc_html__( 'List them all with %1$s; once they are dealt with, %2$s removes this notice.', 's3-media-sync' ),
				'<code>wp s3-media-sync deleted-sites ' . (int) $site_id . '</code>',
				'<code>wp s3-media-sync deleted-sites ' . (int) $site_id . ' --forget</code>'
			);
			echo '</p></div>';
		}
	}

	/** @return list<array{bucket: string, key: string}> Every object the current site's records name, and its queued deletions. */
	private static function objects_of_current_site(): array {
		global $wpdb;
		$objects = array();
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the site is being deleted: one read of its records.
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s", Offload_State::META ) );
		foreach ( (array) $ids as $id ) {
			$state = Offload_State::of( (int) $id );
			if ( null === $state ) {
				continue;
			}
			foreach ( $state->keys as $key ) {
				$objects[ $state->bucket . "\n" . $key ] = array(
					'bucket' => $state->bucket,
					'key'    => $key,
				);
			}
			foreach ( $state->others as $other ) {
				foreach ( $other['keys'] as $key ) {
					$objects[ $other['bucket'] . "\n" . $key ] = array(
						'bucket' => $other['bucket'],
						'key'    => $key,
					);
				}
			}
		}
		foreach ( ( new Deletion_Queue() )->all( PHP_INT_MAX ) as $entry ) {
			$objects[ $entry['bucket'] . "\n" . $entry['key'] ] = array(
				'bucket' => $entry['bucket'],
				'key'    => $entry['key'],
			);
		}
		return array_values( $objects );
	}
}
