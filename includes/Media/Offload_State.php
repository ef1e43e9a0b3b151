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
		update_post_meta( $attachment_id, self::META, $this->to_array() );
		update_post_meta( $attachment_id, self::STATUS_META, $this->status );
		update_post_meta( $attachment_id, self::NEXT_META, $this->next_attempt );
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
