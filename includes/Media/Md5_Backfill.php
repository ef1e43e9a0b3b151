<?php
/**
 * Records made before objects' MD5s were kept get them from the bucket
 * itself: one ListObjectsV2 per folder gives each object's ETag, which for a
 * single PUT is the MD5 of its bytes. (Not from the local file: its bytes
 * may have changed since they went up — that is what the MD5 is there to
 * tell.) Runs in WP-Cron, a time budget at a time, in attachment ID order
 * from a saved place, until every record has been seen once.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;

final class Md5_Backfill {

	public const HOOK   = 's3_media_sync_md5_backfill';
	public const OPTION = 's3_media_sync_md5_backfill';

	public function __construct(
		private readonly Client_Factory $factory,
		private readonly Recorded_Objects $recorded
	) {}

	public function register(): void {
		add_action( self::HOOK, array( $this, 'run' ) );
		add_action( 'admin_init', array( $this, 'schedule_if_needed' ) );
	}

	public function schedule_if_needed(): void {
		if ( 'done' !== get_option( self::OPTION ) && false === wp_next_scheduled( self::HOOK ) && null !== $this->factory->client() ) {
			wp_schedule_single_event( time(), self::HOOK );
		}
	}

	/** Fills MD5s for the next records; true once every record was seen. */
	public function run( float $budget = 10.0 ): bool {
		global $wpdb;
		if ( 'done' === get_option( self::OPTION ) || null === $this->factory->client() ) {
			return true;
		}
		$started = microtime( true );
		$after   = (int) get_option( self::OPTION, 0 );
		do {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a one-time walk in ID order.
			$ids = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND post_id > %d ORDER BY post_id LIMIT 50", Offload_State::META, $after ) ) );
			foreach ( $ids as $id ) {
				$this->fill( $id );
				$after = $id;
			}
			update_option( self::OPTION, count( $ids ) < 50 ? 'done' : (string) $after, false );
		} while ( 50 === count( $ids ) && microtime( true ) - $started < $budget );
		Bucket_Listing::flush();
		if ( 50 === count( $ids ) ) {
			wp_schedule_single_event( time() + 60, self::HOOK );
			return false;
		}
		return true;
	}

	private function fill( int $attachment_id ): void {
		$state = Offload_State::of( $attachment_id );
		if ( null === $state || array() === array_diff_key( $state->keys, $state->md5 ) || ! Attachment_Lock::acquire( $attachment_id, 5.0 ) ) {
			return;
		}
		try {
			$state  = Offload_State::of( $attachment_id ) ?? $state;
			$client = $this->factory->client( $state->bucket );
			$md5    = $state->md5;
			foreach ( array_diff_key( $state->keys, $state->md5 ) as $file => $key ) {
				if ( null === $client || ! $this->recorded->readable( $state->bucket, (string) $file, $key ) ) {
					continue;
				}
				$object = ( new Bucket_Listing( $client, $state->bucket ) )->find( $key, substr( $key, 0, (int) strrpos( $key, '/' ) + 1 ), '/' );
				if ( is_array( $object ) && 1 === preg_match( '/^[0-9a-f]{32}$/', $object['etag'] ) ) {
					$md5[ (string) $file ] = $object['etag'];
				}
			}
			if ( $md5 !== $state->md5 ) {
				$state->with( array( 'md5' => $md5 ) )->save( $attachment_id );
			}
		} finally {
			Attachment_Lock::release( $attachment_id );
		}
	}
}
