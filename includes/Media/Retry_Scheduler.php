<?php
/**
 * The retry job: a WP-Cron event that re-offloads attachments whose upload
 * failed and re-sends deletions S3 refused, each when its backoff is due,
 * and schedules itself again while anything is left.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Retry_Scheduler {

	public const HOOK = 's3_media_sync_retry';

	/** Set once no synced attachment keeps a next-attempt row (see tidy()). */
	public const TIDIED_OPTION = 's3_media_sync_next_tidied';

	/** Attachments one run tries, so a run stays short. */
	public const BATCH = 20;

	/**
	 * @param \Closure(int): mixed $offload         Re-offloads one attachment.
	 * @param \Closure(): int      $retry_deletions Re-sends due deletions; returns the next due time (0: none left).
	 */
	public function __construct(
		private readonly \Closure $offload,
		private readonly \Closure $retry_deletions
	) {}

	public function register(): void {
		add_action( self::HOOK, array( $this, 'run' ) );
	}

	/** Makes sure the job runs at `$when` at the latest. */
	public function schedule( int $when ): void {
		$next = wp_next_scheduled( self::HOOK );
		if ( false !== $next && $next <= $when ) {
			return;
		}
		if ( false !== $next ) {
			wp_unschedule_event( $next, self::HOOK );
		}
		wp_schedule_single_event( max( time(), $when ), self::HOOK );
	}

	public function run(): void {
		$now = time();
		foreach ( $this->due( $now ) as $attachment_id ) {
			( $this->offload )( $attachment_id );
		}
		$next_deletion = ( $this->retry_deletions )();
		$next_upload   = $this->next_due();
		$next          = array_filter( array( $next_upload, $next_deletion ) );
		if ( array() !== $next ) {
			$this->schedule( max( time() + 1, min( $next ) ) );
		}
	}

	/**
	 * @return list<int> Attachments not in S3 whose next attempt is due.
	 *
	 * Read from the next-attempt rows, which only attachments not in S3 have
	 * (Offload_State::NEXT_META), through the meta_key index: the rows read
	 * follow the attachments waiting, not the library.
	 */
	public function due( int $now, int $limit = self::BATCH ): array {
		global $wpdb;
		$ids = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- the job's queue; no cache could be right.
			$wpdb->prepare(
				"SELECT n.post_id FROM {$this->waiting()}
				AND CAST( n.meta_value AS UNSIGNED ) <= %d ORDER BY n.post_id LIMIT %d",
				Offload_State::STATUS_META,
				Offload_State::PENDING,
				Offload_State::FAILED,
				Offload_State::NEXT_META,
				$now,
				$limit
			)
		);
		return array_map( 'intval', (array) $ids );
	}

	/** The earliest next attempt of an attachment not in S3, or 0. */
	private function next_due(): int {
		global $wpdb;
		$next = $wpdb->get_var( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one aggregate, no cache needed in the job.
			$wpdb->prepare(
				"SELECT MIN( CAST( n.meta_value AS UNSIGNED ) ) FROM {$this->waiting()}",
				Offload_State::STATUS_META,
				Offload_State::PENDING,
				Offload_State::FAILED,
				Offload_State::NEXT_META
			)
		);
		return (int) $next;
	}

	/** Attachments (not trashed) pending or failed, by their next-attempt row `n`. Placeholders: status key, pending, failed, next key. */
	private function waiting(): string {
		global $wpdb;
		return "{$wpdb->postmeta} n
			INNER JOIN {$wpdb->postmeta} s ON s.post_id = n.post_id AND s.meta_key = %s AND s.meta_value IN ( %s, %s )
			INNER JOIN {$wpdb->posts} p ON p.ID = n.post_id AND p.post_type = 'attachment' AND p.post_status <> 'trash'
			WHERE n.meta_key = %s";
	}

	/**
	 * Removes the next-attempt rows that attachments synced before those rows
	 * were kept only while waiting still have, a few hundred a request, so
	 * the job stops reading them; true once none is left.
	 */
	public static function tidy( int $limit = 500 ): bool {
		global $wpdb;
		if ( 'done' === get_option( self::TIDIED_OPTION ) ) {
			return true;
		}
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- a one-time clean-up of the plugin's own rows.
		$rows = (array) $wpdb->get_results(
			$wpdb->prepare(
				"SELECT n.meta_id, n.post_id FROM {$wpdb->postmeta} n
				INNER JOIN {$wpdb->postmeta} s ON s.post_id = n.post_id AND s.meta_key = %s AND s.meta_value = %s
				WHERE n.meta_key = %s LIMIT %d",
				Offload_State::STATUS_META,
				Offload_State::SYNCED,
				Offload_State::NEXT_META,
				$limit
			),
			ARRAY_A
		);
		if ( array() !== $rows ) {
			$meta_ids = array_map( 'intval', array_column( $rows, 'meta_id' ) );
			$wpdb->query( 'DELETE FROM ' . $wpdb->postmeta . ' WHERE meta_id IN (' . implode( ',', $meta_ids ) . ')' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- integers only.
			wp_cache_delete_multiple( array_map( 'intval', array_column( $rows, 'post_id' ) ), 'post_meta' );
		}
		// phpcs:enable
		$done = count( $rows ) < $limit;
		if ( $done ) {
			update_option( self::TIDIED_OPTION, 'done', true );
		}
		return $done;
	}
}
