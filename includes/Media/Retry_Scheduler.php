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

	/** @return list<int> Attachments not in S3 whose next attempt is due. */
	public function due( int $now, int $limit = self::BATCH ): array {
		$query = new \WP_Query(
			array(
				'post_type'      => 'attachment',
				'post_status'    => 'any',
				'fields'         => 'ids',
				'posts_per_page' => $limit,
				'no_found_rows'  => true,
				'orderby'        => 'ID',
				'order'          => 'ASC',
				'meta_query'     => array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- a handful of rows, in the background.
					'relation' => 'AND',
					array(
						'key'     => Offload_State::STATUS_META,
						'value'   => array( Offload_State::PENDING, Offload_State::FAILED ),
						'compare' => 'IN',
					),
					array(
						'key'     => Offload_State::NEXT_META,
						'value'   => $now,
						'compare' => '<=',
						'type'    => 'NUMERIC',
					),
				),
			)
		);
		return array_map( 'intval', $query->posts );
	}

	/** The earliest next attempt of an attachment not in S3, or 0. */
	private function next_due(): int {
		global $wpdb;
		$next = $wpdb->get_var( // phpcs:ignore WordPress.DB.DirectDatabaseQuery -- one aggregate, no cache needed in the job.
			$wpdb->prepare(
				"SELECT MIN( CAST( n.meta_value AS UNSIGNED ) ) FROM {$wpdb->postmeta} n
				INNER JOIN {$wpdb->postmeta} s ON s.post_id = n.post_id AND s.meta_key = %s AND s.meta_value IN ( %s, %s )
				WHERE n.meta_key = %s",
				Offload_State::STATUS_META,
				Offload_State::PENDING,
				Offload_State::FAILED,
				Offload_State::NEXT_META
			)
		);
		return (int) $next;
	}
}
