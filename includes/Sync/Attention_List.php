<?php
/**
 * What needs the admin's attention: uploads that failed (an error S3 will
 * keep giving until something changes: a permission, a setting) or that
 * keep failing, and deletions S3 has refused again and again. Nothing here
 * is given up: the retry job keeps trying, at least daily. The list is shown
 * on the settings page (GET /sync), in Site Health and by WP-CLI, each with
 * a way to retry now.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Retry_Scheduler;

final class Attention_List {

	/** Failed attempts after which a waiting upload or deletion is shown. */
	public const AFTER_ATTEMPTS = 3;

	/** Entries listed at most, of each kind. */
	public const MAX = 100;

	public function __construct(
		private readonly Deletion_Queue $queue,
		private readonly Retry_Scheduler $scheduler
	) {}

	/**
	 * @return array{uploads: int, deletions: int, deletion_failures: list<array{bucket: string, key: string, attempts: int, next_attempt: string, error: string}>}
	 */
	public function summary(): array {
		$deletions = array_values( array_filter( $this->queue->all( 100000 ), static fn( array $entry ): bool => $entry['attempts'] >= self::AFTER_ATTEMPTS ) );
		return array(
			'uploads'           => $this->uploads_needing_attention(),
			'deletions'         => count( $deletions ),
			'deletion_failures' => array_map(
				static fn( array $entry ): array => array(
					'bucket'       => $entry['bucket'],
					'key'          => $entry['key'],
					'attempts'     => $entry['attempts'],
					'next_attempt' => gmdate( 'Y-m-d\TH:i:s\Z', $entry['next_attempt'] ),
					'error'        => $entry['error'],
				),
				array_slice( $deletions, 0, self::MAX )
			),
		);
	}

	/** Failed uploads, and pending ones past AFTER_ATTEMPTS. */
	public function uploads_needing_attention(): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- counts, read fresh.
		return (int) $wpdb->get_var(
			$wpdb->prepare(
				"SELECT COUNT(*) FROM {$wpdb->postmeta} s INNER JOIN {$wpdb->postmeta} m ON m.post_id = s.post_id AND m.meta_key = %s
				WHERE s.meta_key = %s AND ( s.meta_value = %s OR ( s.meta_value = %s AND m.meta_value NOT LIKE %s AND m.meta_value NOT LIKE %s AND m.meta_value NOT LIKE %s ) )",
				Offload_State::META,
				Offload_State::STATUS_META,
				Offload_State::FAILED,
				Offload_State::PENDING,
				// The serialized state's attempts: 0, 1 and 2 are not yet worth the admin's time (AFTER_ATTEMPTS).
				'%s:8:"attempts";i:0;%',
				'%s:8:"attempts";i:1;%',
				'%s:8:"attempts";i:2;%'
			)
		);
	}

	/**
	 * Makes every waiting upload and deletion due now and runs the retry job
	 * in this request (a batch, within its time budget; whatever is left is
	 * due and scheduled).
	 *
	 * @return array{uploads: int, deletions: int} What was made due.
	 */
	public function retry_now(): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one update for every waiting attachment; their meta caches are cleared below.
		$ids = array_map( 'intval', (array) $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value IN ( %s, %s )", Offload_State::STATUS_META, Offload_State::PENDING, Offload_State::FAILED ) ) );
		if ( array() !== $ids ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only.
			$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->postmeta} SET meta_value = '0' WHERE meta_key = %s AND post_id IN (" . implode( ',', array_fill( 0, count( $ids ), '%d' ) ) . ')', array_merge( array( Offload_State::NEXT_META ), $ids ) ) );
			wp_cache_delete_multiple( $ids, 'post_meta' );
		}
		$deletions = $this->queue->make_all_due();
		$this->scheduler->schedule( time() );
		$this->scheduler->run();
		return array(
			'uploads'   => count( $ids ),
			'deletions' => $deletions,
		);
	}
}
