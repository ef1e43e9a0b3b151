<?php
/**
 * An attachment's place in S3, kept in one post meta value: whether it is
 * synced, pending or failed, the keys uploaded (relative file → key) with
 * the MD5 of the bytes each holds, the bucket and ACL they were written
 * with, objects still kept in buckets used before (`others`), which site
 * wrote the record (`writer`, see Site_Identity), keys found in the bucket
 * rather than written (`adopted`), and the last error. Deletion only ever
 * touches keys recorded here, and only after Recorded_Objects trusts them.
 *
 * Every recorded file also gets its File_Index rows, so "which attachment
 * records this file?" is one indexed query.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Offload_State {

	public const META = '_s3_media_sync';

	/**
	 * Copies of the status and next attempt time, so queries can find
	 * attachments by them. The next attempt is kept only while an attachment
	 * is not in S3: the retry job reads the waiting ones through the meta_key
	 * index, however large the library (docs/performance-budgets.md).
	 */
	public const STATUS_META = '_s3_media_sync_status';
	public const NEXT_META   = '_s3_media_sync_next';

	/** Every meta key the plugin keeps on attachments (export and import leave them out). */
	public const ALL_META = array( self::META, self::STATUS_META, self::NEXT_META, File_Index::META );

	public const SYNCED  = 'synced';
	public const PENDING = 'pending';
	public const FAILED  = 'failed';

	/**
	 * @param array<string, string>                   $keys         File path relative to the uploads root => object key.
	 * @param array{code: string, message: string}|null $error      Last failure.
	 * @param list<string>                            $local_removed Relative paths removed locally after S3 confirmed them.
	 * @param array<string, string>                   $md5          File => MD5 (hex) of the bytes its key holds, where known.
	 * @param string                                  $writer       Site_Identity of the site that wrote the keys ('' for records older than it).
	 * @param list<array{bucket: string, keys: array<string, string>, md5: array<string, string>, writer: string}> $others Objects kept in buckets used before, or written by another site.
	 * @param list<string>                            $adopted      Files whose object was found in the bucket, not written by this site.
	 */
	public function __construct(
		public readonly string $status,
		public readonly string $bucket = '',
		public readonly string $acl = '',
		public readonly array $keys = array(),
		public readonly ?array $error = null,
		public readonly int $attempts = 0,
		public readonly int $next_attempt = 0,
		public readonly int $updated = 0,
		public readonly array $local_removed = array(),
		public readonly array $md5 = array(),
		public readonly string $writer = '',
		public readonly array $others = array(),
		public readonly array $adopted = array()
	) {}

	public static function of( int $attachment_id ): ?self {
		$raw = get_post_meta( $attachment_id, self::META, true );
		if ( ! is_array( $raw ) || ! isset( $raw['status'] ) || ! in_array( $raw['status'], array( self::SYNCED, self::PENDING, self::FAILED ), true ) ) {
			return null;
		}
		$keys   = self::strings( $raw['keys'] ?? array() );
		$others = array();
		foreach ( (array) ( $raw['others'] ?? array() ) as $other ) {
			if ( is_array( $other ) && isset( $other['bucket'] ) && is_string( $other['bucket'] ) ) {
				$others[] = array(
					'bucket' => $other['bucket'],
					'keys'   => self::strings( $other['keys'] ?? array() ),
					'md5'    => self::strings( $other['md5'] ?? array() ),
					'writer' => is_string( $other['writer'] ?? null ) ? $other['writer'] : '',
				);
			}
		}
		$error = isset( $raw['error']['code'], $raw['error']['message'] )
			? array(
				'code'    => (string) $raw['error']['code'],
				'message' => (string) $raw['error']['message'],
			)
			: null;
		return new self(
			(string) $raw['status'],
			(string) ( $raw['bucket'] ?? '' ),
			(string) ( $raw['acl'] ?? '' ),
			$keys,
			$error,
			(int) ( $raw['attempts'] ?? 0 ),
			(int) ( $raw['next_attempt'] ?? 0 ),
			(int) ( $raw['updated'] ?? 0 ),
			array_values( array_filter( (array) ( $raw['local_removed'] ?? array() ), 'is_string' ) ),
			self::strings( $raw['md5'] ?? array() ),
			is_string( $raw['writer'] ?? null ) ? $raw['writer'] : '',
			$others,
			array_values( array_filter( (array) ( $raw['adopted'] ?? array() ), 'is_string' ) )
		);
	}

	/**
	 * @param mixed $value A map read from the database.
	 * @return array<string, string> Its string => string entries.
	 */
	private static function strings( mixed $value ): array {
		$out = array();
		foreach ( (array) $value as $file => $key ) {
			if ( is_string( $file ) && is_string( $key ) ) {
				$out[ $file ] = $key;
			}
		}
		return $out;
	}

	/**
	 * A copy with some fields changed.
	 *
	 * @param array<string, mixed> $changes Constructor parameter name => value.
	 */
	public function with( array $changes ): self {
		$fields = array_merge( get_object_vars( $this ), $changes );
		return new self( ...$fields );
	}

	/** @return list<string> Every file recorded in any bucket. */
	public function files(): array {
		$files = array_keys( $this->keys );
		foreach ( $this->others as $other ) {
			array_push( $files, ...array_keys( $other['keys'] ) );
		}
		return array_values( array_unique( array_map( 'strval', $files ) ) );
	}

	public static function is_synced( int $attachment_id ): bool {
		return self::SYNCED === self::of( $attachment_id )?->status;
	}

	public function save( int $attachment_id ): void {
		// update_post_meta() unslashes what it is given: slashed, a backslash in an S3 message survives.
		update_post_meta( $attachment_id, self::META, wp_slash( $this->to_array() ) );
		update_post_meta( $attachment_id, self::STATUS_META, $this->status );
		if ( self::SYNCED === $this->status ) {
			delete_post_meta( $attachment_id, self::NEXT_META );
		} else {
			update_post_meta( $attachment_id, self::NEXT_META, $this->next_attempt );
		}
		File_Index::replace( $attachment_id, $this->files() );
	}

	/**
	 * Saves the states of many attachments (a bulk-copy chunk) with two
	 * queries instead of several per attachment: on SQLite, where each query
	 * is translated in PHP, per-attachment meta writes took most of a batch's
	 * CPU. The rows are exactly what save() writes; the caches save() would
	 * clear are cleared, and `s3_media_sync_states_saved` tells in-request
	 * caches which attachments changed (the meta hooks do not fire here).
	 *
	 * @param array<int, self> $states Attachment ID => state.
	 */
	public static function save_many( array $states ): void {
		global $wpdb;
		if ( array() === $states ) {
			return;
		}
		$ids    = array_map( 'intval', array_keys( $states ) );
		$rows   = array();
		$values = array();
		foreach ( $states as $id => $state ) {
			$fields = array(
				self::META        => maybe_serialize( $state->to_array() ),
				self::STATUS_META => $state->status,
			) + ( self::SYNCED === $state->status ? array() : array( self::NEXT_META => (string) $state->next_attempt ) );
			foreach ( $fields as $key => $value ) {
				$rows[] = '(%d, %s, %s)';
				array_push( $values, (int) $id, $key, $value );
			}
			foreach ( $state->files() as $file ) {
				array_push( $rows, '(%d, %s, %s)', '(%d, %s, %s)' );
				array_push( $values, (int) $id, File_Index::META, $file, (int) $id, File_Index::key( $file ), $file );
			}
		}
		$in = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only; caches cleared below.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->postmeta} WHERE post_id IN ({$in}) AND ( meta_key IN (%s, %s, %s, %s) OR meta_key LIKE %s )", array_merge( $ids, array( self::META, self::STATUS_META, self::NEXT_META, File_Index::META, $wpdb->esc_like( File_Index::KEY_PREFIX ) . '%' ) ) ) );
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ', ', $rows ), $values ) );
		// phpcs:enable
		wp_cache_delete_multiple( $ids, 'post_meta' );
		wp_cache_set_posts_last_changed();

		/**
		 * Fires after save_many() wrote the offload state of these attachments.
		 *
		 * @param list<int> $ids Attachment IDs.
		 */
		do_action( 's3_media_sync_states_saved', $ids );
	}

	public static function forget( int $attachment_id ): void {
		delete_post_meta( $attachment_id, self::META );
		delete_post_meta( $attachment_id, self::STATUS_META );
		delete_post_meta( $attachment_id, self::NEXT_META );
		File_Index::replace( $attachment_id, array() );
	}

	/** @return array<string, mixed> */
	public function to_array(): array {
		return array(
			'status'        => $this->status,
			'bucket'        => $this->bucket,
			'acl'           => $this->acl,
			'keys'          => $this->keys,
			'error'         => $this->error,
			'attempts'      => $this->attempts,
			'next_attempt'  => $this->next_attempt,
			'updated'       => $this->updated,
			'local_removed' => $this->local_removed,
			'md5'           => $this->md5,
			'writer'        => $this->writer,
			'others'        => $this->others,
			'adopted'       => $this->adopted,
		);
	}

	/** What the attachment's REST representation shows (`s3_media_sync`). */
	public function to_rest(): array {
		return array(
			'status'       => $this->status,
			'bucket'       => $this->bucket,
			'acl'          => $this->acl,
			'keys'         => array_values( $this->keys ),
			'error'        => $this->error,
			'attempts'     => $this->attempts,
			'next_attempt' => 0 === $this->next_attempt ? null : gmdate( 'Y-m-d\TH:i:s\Z', $this->next_attempt ),
			'updated'      => 0 === $this->updated ? null : gmdate( 'Y-m-d\TH:i:s\Z', $this->updated ),
		);
	}
}
