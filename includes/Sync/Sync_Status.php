<?php
/**
 * How much of the media library is in S3: counts by state, and the
 * attachments that failed with their errors (at most 100).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Sync;

use S3MediaSync\Media\Offload_State;

final class Sync_Status {

	public const MAX_FAILURES = 100;

	/** @return array{total: int, synced: int, pending: int, failed: int, failures: list<array{id: int, file: string, code: string, message: string}>} */
	public function summary(): array {
		global $wpdb;
		$total  = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'attachment'" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		$counts = $wpdb->get_results( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				"SELECT m.meta_value AS status, COUNT(*) AS n FROM {$wpdb->postmeta} m
				INNER JOIN {$wpdb->posts} p ON p.ID = m.post_id AND p.post_type = 'attachment'
				WHERE m.meta_key = %s GROUP BY m.meta_value",
				Offload_State::STATUS_META
			),
			ARRAY_A
		);
		$by = array();
		foreach ( (array) $counts as $row ) {
			$by[ (string) $row['status'] ] = (int) $row['n'];
		}
		$synced = $by[ Offload_State::SYNCED ] ?? 0;
		$failed = $by[ Offload_State::FAILED ] ?? 0;
		return array(
			'total'    => $total,
			'synced'   => $synced,
			'pending'  => max( 0, $total - $synced - $failed ),
			'failed'   => $failed,
			'failures' => $this->failures(),
		);
	}

	/** @return list<array{id: int, file: string, code: string, message: string}> */
	private function failures(): array {
		global $wpdb;
		$ids      = $wpdb->get_col( // phpcs:ignore WordPress.DB.DirectDatabaseQuery
			$wpdb->prepare(
				"SELECT m.post_id FROM {$wpdb->postmeta} m INNER JOIN {$wpdb->posts} p ON p.ID = m.post_id AND p.post_type = 'attachment'
				WHERE m.meta_key = %s AND m.meta_value = %s ORDER BY m.post_id LIMIT %d",
				Offload_State::STATUS_META,
				Offload_State::FAILED,
				self::MAX_FAILURES
			)
		);
		$ids      = array_map( 'intval', (array) $ids );
		$failures = array();
		// One query for every failure's state and file, instead of one an attachment.
		update_meta_cache( 'post', $ids );
		foreach ( $ids as $id ) {
			$state      = Offload_State::of( $id );
			$failures[] = array(
				'id'      => $id,
				'file'    => (string) get_post_meta( $id, '_wp_attached_file', true ),
				'code'    => (string) ( $state?->error['code'] ?? '' ),
				'message' => (string) ( $state?->error['message'] ?? '' ),
			);
		}
		return $failures;
	}
}
