<?php
/**
 * An attachment's place in S3, kept in one post meta value: whether it is
 * synced, pending or failed, the keys uploaded (relative file → key), the
 * bucket and ACL they were written with, and the last error. Deletion only
 * ever touches keys recorded here.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Offload_State {

	public const META = '_s3_media_sync';

	/** Copies of the status and next attempt time, so queries can find attachments by them. */
	public const STATUS_META = '_s3_media_sync_status';
	public const NEXT_META   = '_s3_media_sync_next';

	public const SYNCED  = 'synced';
	public const PENDING = 'pending';
	public const FAILED  = 'failed';

	/**
	 * @param array<string, string>                   $keys         File path relative to the uploads root => object key.
	 * @param array{code: string, message: string}|null $error      Last failure.
	 * @param list<string>                            $local_removed Relative paths removed locally after S3 confirmed them.
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
		public readonly array $local_removed = array()
	) {}

	public static function of( int $attachment_id ): ?self {
		$raw = get_post_meta( $attachment_id, self::META, true );
		if ( ! is_array( $raw ) || ! isset( $raw['status'] ) || ! in_array( $raw['status'], array( self::SYNCED, self::PENDING, self::FAILED ), true ) ) {
			return null;
		}
		$keys = array();
		foreach ( (array) ( $raw['keys'] ?? array() ) as $file => $key ) {
			if ( is_string( $file ) && is_string( $key ) ) {
				$keys[ $file ] = $key;
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
			array_values( array_filter( (array) ( $raw['local_removed'] ?? array() ), 'is_string' ) )
		);
	}

	public static function is_synced( int $attachment_id ): bool {
		return self::SYNCED === self::of( $attachment_id )?->status;
	}

	public function save( int $attachment_id ): void {
		// update_post_meta() unslashes what it is given: slashed, a backslash in an S3 message survives.
		update_post_meta( $attachment_id, self::META, wp_slash( $this->to_array() ) );
		update_post_meta( $attachment_id, self::STATUS_META, $this->status );
		update_post_meta( $attachment_id, self::NEXT_META, $this->next_attempt );
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
				self::NEXT_META   => (string) $state->next_attempt,
			);
			foreach ( $fields as $key => $value ) {
				$rows[] = '(%d, %s, %s)';
				array_push( $values, (int) $id, $key, $value );
			}
		}
		$in = implode( ',', array_fill( 0, count( $ids ), '%d' ) );
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only; caches cleared below.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->postmeta} WHERE post_id IN ({$in}) AND meta_key IN (%s, %s, %s)", array_merge( $ids, array( self::META, self::STATUS_META, self::NEXT_META ) ) ) );
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
