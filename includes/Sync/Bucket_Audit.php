<?php
/**
 * Compares every record with the bucket, a folder at a time (one
 * ListObjectsV2 per folder, not a request per file), and says what it saw:
 * - identical: the object is there, and its ETag (the MD5 of a single PUT)
 *   equals the local file's MD5 or, with no local file, the recorded MD5;
 * - unverified: there, but nothing to compare it with (a record older than
 *   MD5s, with no local file): never counted as identical;
 * - missing: recorded, not in the bucket;
 * - changed: in the bucket with other bytes;
 * - lost: a file of an attachment that is neither on disk nor recorded;
 * - orphaned: in the current bucket under the uploads prefix, in a folder
 *   the records use, named by no record. Listed, never deleted.
 * Attachments are read 200 at a time, and dropped from the request's cache
 * once checked. A folder's listing is kept while it is one of the last
 * LISTINGS folders used (records in ID order mostly follow the month
 * folders; a folder needed again later is listed again), and of each folder
 * of the current bucket only the keys no record has named yet are kept for
 * the orphans. So memory follows the folders in use and the orphans, not
 * the size of the library.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Own_Files;
use S3MediaSync\Media\Recorded_Objects;
use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;

final class Bucket_Audit {

	private const PAGE = 200;

	/** Folder listings kept at once. */
	private const LISTINGS = 16;

	public function __construct(
		private readonly Client_Factory $factory,
		private readonly Recorded_Objects $recorded
	) {}

	/**
	 * @param null|callable(string, int, string): void $report Called for each problem: kind, attachment ID, what.
	 * @param float                                    $budget Seconds to spend; past it no further attachment is read, orphans are not looked for, and `complete` is false.
	 * @return array{attachments: int, checked: int, identical: int, unverified: int, missing: int, changed: int, lost: int, orphaned: int, unlisted: int, complete: bool}
	 */
	public function run( ?callable $report = null, float $budget = INF ): array {
		$started  = microtime( true );
		$complete = true;
		$report ??= static function (): void {};
		Bucket_Listing::flush();
		$totals   = array_fill_keys( array( 'attachments', 'checked', 'identical', 'unverified', 'missing', 'changed', 'lost', 'orphaned', 'unlisted' ), 0 );
		$root     = Object_Keys::network_uploads_root();
		/** @var array<string, array<string, true>> Current bucket's folder => its keys no record has named yet. */
		$unnamed = array();
		/** @var array<string, true> Listings held now (bucket and folder). */
		$held   = array();
		$after  = 0;
		$bucket = (string) $this->factory->config()['bucket'];
		do {
			$ids = $this->recorded_after( $after );
			_prime_post_caches( $ids, false, true );
			foreach ( $ids as $id ) {
				if ( microtime( true ) - $started > $budget ) {
					$complete = false;
					break 2;
				}
				$after = $id;
				$state = Offload_State::of( $id );
				if ( null === $state ) {
					continue;
				}
				++$totals['attachments'];
				$objects = $this->recorded->readable_objects( $state );
				$files   = array();
				foreach ( $objects as $object ) {
					$files[ $object['file'] ] = true;
					$folder                   = substr( $object['key'], 0, (int) strrpos( $object['key'], '/' ) + 1 );
					$client                   = $this->factory->client( $object['bucket'] );
					if ( ! isset( $held[ $object['bucket'] . '/' . $folder ] ) && count( $held ) >= self::LISTINGS ) {
						Bucket_Listing::flush();
						$held = array();
					}
					$held[ $object['bucket'] . '/' . $folder ] = true;
					$listed = null === $client ? null : ( new Bucket_Listing( $client, $object['bucket'] ) )->under( $folder, '/' );
					if ( $object['bucket'] === $bucket ) {
						if ( ! isset( $unnamed[ $folder ] ) ) {
							$unnamed[ $folder ] = null === $listed ? array() : array_fill_keys( array_map( 'strval', array_keys( $listed ) ), true );
						}
						unset( $unnamed[ $folder ][ $object['key'] ] );
						if ( array() === $unnamed[ $folder ] ) {
							$unnamed[ $folder ] = array(); // Emptied, a PHP array keeps its size; a new one holds nothing.
						}
					}
					++$totals['checked'];
					if ( null === $listed ) {
						++$totals['unlisted'];
						$report( 'unlisted', $id, $object['bucket'] . '/' . $object['key'] );
						continue;
					}
					$found = $listed[ $object['key'] ] ?? null;
					if ( null === $found ) {
						++$totals['missing'];
						$report( 'missing', $id, $object['bucket'] . '/' . $object['key'] );
						continue;
					}
					$path     = $root . '/' . $object['file'];
					$expected = is_file( $path ) && $object['bucket'] === $state->bucket && ( $state->keys[ $object['file'] ] ?? '' ) === $object['key'] ? (string) md5_file( $path ) : $object['md5'];
					if ( '' === $expected ) {
						++$totals['unverified'];
						$report( 'unverified', $id, $object['bucket'] . '/' . $object['key'] );
					} elseif ( $found['etag'] !== $expected ) {
						++$totals['changed'];
						$report( 'changed', $id, $object['bucket'] . '/' . $object['key'] );
					} else {
						++$totals['identical'];
					}
				}
				foreach ( ( new Own_Files( $id ) )->listed() as $file ) {
					if ( ! isset( $files[ $file ] ) && ! is_file( $root . '/' . $file ) ) {
						++$totals['lost'];
						$report( 'lost', $id, $file );
					}
				}
			}
			// Each page is read once: kept in the request's cache, the walk's memory would follow the library.
			wp_cache_delete_multiple( $ids, 'posts' );
			wp_cache_delete_multiple( $ids, 'post_meta' );
		} while ( count( $ids ) === self::PAGE );

		foreach ( $complete ? $unnamed : array() as $keys ) {
			foreach ( array_keys( $keys ) as $key ) {
				if ( str_contains( (string) $key, Object_Keys::UPLOADS_PREFIX ) ) {
					++$totals['orphaned'];
					$report( 'orphaned', 0, $bucket . '/' . $key );
				}
			}
		}
		Bucket_Listing::flush();
		return $totals + array( 'complete' => $complete );
	}

	/**
	 * The next attachments with a record, by ID. MariaDB reads them through
	 * the post_id index in order and stops at the page's end (about 8 rows an
	 * attachment), however large the library (tests/stress/query-shapes.spec.ts).
	 *
	 * @return list<int>
	 */
	private function recorded_after( int $after ): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a walk over the library in ID order.
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND post_id > %d ORDER BY post_id LIMIT %d", Offload_State::META, $after, self::PAGE ) );
		return array_map( 'intval', (array) $ids );
	}
}
