<?php
/**
 * Deletions S3 refused or could not answer, kept until S3 confirms them.
 * Each entry is its own option (`s3_media_sync_deletion_queue_<hash>`, not
 * autoloaded), so two requests queuing at once never overwrite each
 * other's entries, and a retry reads a batch, not the whole queue. An entry
 * names the bucket and key recorded for a deleted attachment, so a retry can
 * only ever touch those.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Deletion_Queue {

	/** Prefix of every entry's option name. */
	public const OPTION = 's3_media_sync_deletion_queue';

	/**
	 * Entries, oldest first; with `$due_by`, only those due by then (read a
	 * page of rows at a time until `$limit` are found).
	 *
	 * @return list<array{bucket: string, key: string, attempts: int, next_attempt: int, error: string}>
	 */
	public function all( int $limit = 1000, int $due_by = 0 ): array {
		global $wpdb;
		$entries = array();
		$after   = 0;
		do {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the queue is the rows; no cache may answer for another request's entries.
			$rows = $wpdb->get_results( $wpdb->prepare( "SELECT option_id, option_value FROM {$wpdb->options} WHERE option_name LIKE %s AND option_id > %d ORDER BY option_id LIMIT 500", $wpdb->esc_like( self::OPTION . '_' ) . '%', $after ), ARRAY_A );
			foreach ( (array) $rows as $row ) {
				$after = (int) $row['option_id'];
				$entry = self::entry( maybe_unserialize( (string) $row['option_value'] ) );
				if ( null !== $entry && ( 0 === $due_by || $entry['next_attempt'] <= $due_by ) ) {
					$entries[] = $entry;
					if ( count( $entries ) >= $limit ) {
						return $entries;
					}
				}
			}
		} while ( 500 === count( (array) $rows ) );
		return $entries;
	}

	/**
	 * @param mixed $raw A stored entry.
	 * @return array{bucket: string, key: string, attempts: int, next_attempt: int, error: string}|null
	 */
	private static function entry( mixed $raw ): ?array {
		if ( ! is_array( $raw ) || ! isset( $raw['bucket'], $raw['key'] ) || ! is_string( $raw['bucket'] ) || ! is_string( $raw['key'] ) ) {
			return null;
		}
		return array(
			'bucket'       => $raw['bucket'],
			'key'          => $raw['key'],
			'attempts'     => (int) ( $raw['attempts'] ?? 1 ),
			'next_attempt' => (int) ( $raw['next_attempt'] ?? 0 ),
			'error'        => (string) ( $raw['error'] ?? '' ),
		);
	}

	public function count(): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( self::OPTION . '_' ) . '%' ) );
	}

	/** Queues (or re-queues, after another failure) one deletion; returns when it is due. */
	public function add( string $bucket, string $key, string $error, int $attempts = 1 ): int {
		$next = Backoff::next_attempt( $attempts, time() );
		update_option(
			self::name( $bucket, $key ),
			array(
				'bucket'       => $bucket,
				'key'          => $key,
				'attempts'     => $attempts,
				'next_attempt' => $next,
				'error'        => $error,
			),
			false
		);
		return $next;
	}

	public function remove( string $bucket, string $key ): void {
		delete_option( self::name( $bucket, $key ) );
	}

	/** Makes every entry due now (the admin's "Retry now"). */
	public function make_all_due(): int {
		$entries = $this->all( 100000 );
		foreach ( $entries as $entry ) {
			update_option( self::name( $entry['bucket'], $entry['key'] ), array_merge( $entry, array( 'next_attempt' => 0 ) ), false );
		}
		return count( $entries );
	}

	/** Empties the queue (uninstall, tests). */
	public function clear(): void {
		foreach ( $this->all( 100000 ) as $entry ) {
			$this->remove( $entry['bucket'], $entry['key'] );
		}
	}

	private static function name( string $bucket, string $key ): string {
		return self::OPTION . '_' . md5( $bucket . "\n" . $key );
	}
}
