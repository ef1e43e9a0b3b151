<?php
/**
 * Which attachment records which file: for each file an offload state names
 * (its path below the uploads root, in any bucket), written with the state,
 * one `_s3_media_sync_file` post meta row (value: the path) and one row
 * under the file's own key (value: the path again). That key is
 * `_s3_media_sync_file_`, the MD5 of the file's folder, `:` and the file
 * name (cut to fit the 191 characters core's meta_key index covers). It
 * answers what the serialized state cannot: whether a file name is already
 * taken by another attachment (even when no local file is left), and who
 * else records a file before one of its objects is deleted. Both questions
 * are ranges of core's meta_key index: "who records this file?" one key,
 * "which names in this folder start with …" the keys starting with the
 * folder's part and the start. So each reads its own rows and no others,
 * however large the library (docs/performance-budgets.md, "Queries at scale").
 *
 * Records made before these keys existed (or under the earlier key, the
 * MD5 of the whole path) are indexed again by migrate(), a few hundred at a
 * time; until it is done, lookups read the `_s3_media_sync_file` rows.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class File_Index {

	public const META = '_s3_media_sync_file';

	/** Followed by the MD5 of the file's folder, `:` and its name: the row both lookups find by its key. */
	public const KEY_PREFIX = '_s3_media_sync_file_';

	/** Set to 'done' once every record has its rows under the current keys (the earlier keys had their own option). */
	public const MIGRATED_OPTION = 's3_media_sync_file_keys_v2';

	/** Characters of core's meta_key index (wp_postmeta's `meta_key(191)`): a key longer than this would not be a range of it. */
	private const INDEXED = 191;

	/** The meta key of the file's own row. */
	public static function key( string $file ): string {
		$slash = strrpos( $file, '/' );
		$at    = false === $slash ? 0 : $slash + 1;
		return self::folder_key( substr( $file, 0, $at ), substr( $file, $at ) );
	}

	/** The key of `$name` in `$folder` (relative, with its trailing slash, or ''), or the start of such keys. */
	private static function folder_key( string $folder, string $name ): string {
		$front = self::KEY_PREFIX . md5( $folder ) . ':';
		return $front . mb_substr( $name, 0, self::INDEXED - strlen( $front ), 'UTF-8' );
	}

	/** Whether a post meta key is one of the index's. */
	public static function is_key( string $meta_key ): bool {
		return self::META === $meta_key || str_starts_with( $meta_key, self::KEY_PREFIX );
	}

	/** @param list<string> $files Files the attachment's state records. */
	public static function replace( int $attachment_id, array $files ): void {
		foreach ( array_keys( (array) get_post_meta( $attachment_id ) ) as $key ) {
			if ( str_starts_with( (string) $key, self::KEY_PREFIX ) ) {
				delete_post_meta( $attachment_id, (string) $key );
			}
		}
		delete_post_meta( $attachment_id, self::META );
		foreach ( array_unique( $files ) as $file ) {
			add_post_meta( $attachment_id, self::META, wp_slash( $file ) );
			add_post_meta( $attachment_id, self::key( $file ), wp_slash( $file ) );
		}
	}

	/** Whether every record has its per-file keys (migrate() is done). */
	private static function keyed(): bool {
		return 'done' === get_option( self::MIGRATED_OPTION );
	}

	/**
	 * Recorded files in `$folder` (relative, with a trailing slash, or '')
	 * whose name starts with `$start`.
	 *
	 * @return list<string> Relative paths.
	 */
	public static function names_starting( string $folder, string $start ): array {
		global $wpdb;
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- must see every row now, not a cached answer.
		if ( self::keyed() ) {
			// A range of the meta_key index: this folder's keys whose name starts so (a name cut to fit the index may match more; the values decide).
			$rows = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT meta_value FROM {$wpdb->postmeta} WHERE meta_key LIKE %s LIMIT 5000", $wpdb->esc_like( self::folder_key( $folder, $start ) ) . '%' ) );
		} else {
			$rows = $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT meta_value FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value LIKE %s LIMIT 5000", self::META, $wpdb->esc_like( $folder . $start ) . '%' ) );
		}
		// phpcs:enable
		return array_values( array_filter( array_map( 'strval', (array) $rows ), static fn( string $file ): bool => str_starts_with( $file, $folder . $start ) && ! str_contains( substr( $file, strlen( $folder ) ), '/' ) ) );
	}

	/** @return list<int> Attachments other than `$except` that record the file. */
	public static function other_owners( string $file, int $except ): array {
		$owners = self::owners_of( array( $file ) )[ $file ];
		return array_values( array_diff( $owners, array( $except ) ) );
	}

	/**
	 * @param list<string> $files Paths relative to the uploads root.
	 * @return array<string, list<int>> Each file => the attachments that record it, lowest id first.
	 */
	public static function owners_of( array $files ): array {
		global $wpdb;
		$found = array_fill_keys( $files, array() );
		if ( array() === $files ) {
			return $found;
		}
		$keys = self::keyed() ? array_map( array( self::class, 'key' ), $files ) : array( self::META );
		$in   = implode( ',', array_fill( 0, count( $keys ), '%s' ) );
		$vin  = implode( ',', array_fill( 0, count( $files ), '%s' ) );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only; must see every row now, not a cached answer.
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT post_id, meta_value FROM {$wpdb->postmeta} WHERE meta_key IN ({$in}) AND meta_value IN ({$vin}) ORDER BY post_id", array_merge( $keys, $files ) ), ARRAY_A );
		foreach ( (array) $rows as $row ) {
			$file = (string) $row['meta_value'];
			if ( isset( $found[ $file ] ) && ! in_array( (int) $row['post_id'], $found[ $file ], true ) ) {
				$found[ $file ][] = (int) $row['post_id'];
			}
		}
		return $found;
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
		if ( $done ) {
			delete_option( 's3_media_sync_file_keys' ); // The place of the earlier keys' migration.
		}
		return $done;
	}
}
