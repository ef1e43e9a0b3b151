<?php
/**
 * Which attachment records which file: one `_s3_media_sync_file` post meta
 * row per file an offload state names (its path below the uploads root, in
 * any bucket), written with the state. It answers in one query what the
 * serialized state cannot: whether a file name is already taken by another
 * attachment (even when no local file is left), and who else records a file
 * before one of its objects is deleted.
 *
 * Records made before the index existed are indexed by migrate(), a few
 * hundred at a time, until none is left.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class File_Index {

	public const META = '_s3_media_sync_file';

	/** Set once every record older than the index has its rows. */
	public const MIGRATED_OPTION = 's3_media_sync_file_index';

	/** @param list<string> $files Files the attachment's state records. */
	public static function replace( int $attachment_id, array $files ): void {
		delete_post_meta( $attachment_id, self::META );
		foreach ( array_unique( $files ) as $file ) {
			add_post_meta( $attachment_id, self::META, wp_slash( $file ) );
		}
	}

	/**
	 * Recorded files in `$folder` (relative, with a trailing slash, or '')
	 * whose name starts with `$start`.
	 *
	 * @return list<string> Relative paths.
	 */
	public static function names_starting( string $folder, string $start ): array {
		global $wpdb;
		$like = $wpdb->esc_like( $folder . $start ) . '%';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- must see every row now, not a cached answer.
		$rows = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT meta_value FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value LIKE %s LIMIT 5000", self::META, $like ) );
		return array_values( array_filter( array_map( 'strval', (array) $rows ), static fn( string $file ): bool => ! str_contains( substr( $file, strlen( $folder ) ), '/' ) ) );
	}

	/** @return list<int> Attachments other than `$except` that record the file. */
	public static function other_owners( string $file, int $except ): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- must see every row now, not a cached answer.
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value = %s AND post_id <> %d", self::META, $file, $except ) );
		return array_map( 'intval', (array) $ids );
	}

	/**
	 * Indexes the next `$limit` records older than the index, in ID order
	 * (the option keeps the place reached); true once all are done.
	 */
	public static function migrate( int $limit = 200 ): bool {
		global $wpdb;
		$reached = get_option( self::MIGRATED_OPTION, 0 );
		if ( 'done' === $reached ) {
			return true;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- a one-time migration.
		$ids = array_map(
			'intval',
			(array) $wpdb->get_col(
				$wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND post_id > %d ORDER BY post_id LIMIT %d", Offload_State::META, (int) $reached, $limit )
			)
		);
		foreach ( $ids as $id ) {
			$state = Offload_State::of( $id );
			if ( null === $state ) {
				continue;
			}
			self::replace( $id, $state->files() );
			// Records older than the bucket list name buckets this site really used: keep serving from them.
			if ( '' === $state->writer ) {
				Known_Buckets::remember( $state->bucket );
			}
		}
		$done = count( $ids ) < $limit;
		update_option( self::MIGRATED_OPTION, $done ? 'done' : (string) max( $ids ), false );
		return $done;
	}
}
