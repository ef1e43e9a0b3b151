<?php
/**
 * Deletions S3 refused or could not answer, kept until S3 confirms them.
 * Each entry names the bucket and key recorded for a deleted attachment, so
 * a retry can only ever touch those.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Deletion_Queue {

	public const OPTION = 's3_media_sync_deletion_queue';

	/** @return list<array{bucket: string, key: string, attempts: int, next_attempt: int, error: string}> */
	public function all(): array {
		$queue = get_option( self::OPTION, array() );
		return is_array( $queue ) ? array_values( array_filter( $queue, static fn( $entry ): bool => is_array( $entry ) && isset( $entry['bucket'], $entry['key'] ) ) ) : array();
	}

	public function add( string $bucket, string $key, string $error, int $attempts = 1 ): int {
		$queue   = array_values( array_filter( $this->all(), static fn( array $entry ): bool => ! ( $entry['bucket'] === $bucket && $entry['key'] === $key ) ) );
		$next    = Backoff::next_attempt( $attempts, time() );
		$queue[] = array(
			'bucket'       => $bucket,
			'key'          => $key,
			'attempts'     => $attempts,
			'next_attempt' => $next,
			'error'        => $error,
		);
		update_option( self::OPTION, $queue, false );
		return $next;
	}

	public function remove( string $bucket, string $key ): void {
		update_option(
			self::OPTION,
			array_values( array_filter( $this->all(), static fn( array $entry ): bool => ! ( $entry['bucket'] === $bucket && $entry['key'] === $key ) ) ),
			false
		);
	}
}
