<?php
/**
 * Deleting an attachment deletes exactly the objects recorded for it (every
 * size, edited copies, the original of a scaled image), from the buckets
 * they were written to — and of those only the ones Recorded_Objects lets
 * this site delete: written by this site, in a bucket it was configured
 * with, under the attachment's own file names, recorded by no other
 * attachment. A copy of the database running elsewhere deletes nothing of
 * the original site's. A deletion S3 does not confirm is queued and
 * retried, never lost.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Attachment_Deleter {

	public function __construct(
		private readonly Object_Deletions $deletions,
		private readonly Deletion_Queue $queue,
		private readonly Recorded_Objects $recorded
	) {}

	public function register(): void {
		add_action( 'delete_attachment', array( $this, 'delete' ) );
	}

	/** @param mixed $attachment_id The attachment being deleted, as the delete_attachment action passes it. */
	public function delete( mixed $attachment_id ): void {
		if ( ! is_numeric( $attachment_id ) ) {
			return;
		}
		$id = (int) $attachment_id;
		// An upload of this attachment still running would record keys after they were deleted: wait for it.
		$locked = Attachment_Lock::acquire( $id, 20.0 );
		try {
			$state = Offload_State::of( $id );
			if ( null === $state ) {
				return;
			}
			$by_bucket = array();
			foreach ( $this->recorded->writable_objects( $id, $state ) as $object ) {
				$by_bucket[ $object['bucket'] ][] = $object['key'];
			}
			foreach ( $by_bucket as $bucket => $keys ) {
				$deleted = $this->deletions->delete( (string) $bucket, $keys );
				/**
				 * Fires after an attachment's objects were deleted with it.
				 * Keys S3 did not confirm are queued and retried, and are
				 * not in `$deleted`.
				 *
				 * @param int          $attachment_id The attachment.
				 * @param list<string> $deleted       Object keys S3 confirmed deleted.
				 * @param string       $bucket        Their bucket.
				 * @param list<string> $queued        Object keys queued for another try.
				 */
				do_action( 's3_media_sync_deleted', $id, $deleted, (string) $bucket, array_values( array_diff( $keys, $deleted ) ) );
			}
			Offload_State::forget( $id );
		} finally {
			if ( $locked ) {
				Attachment_Lock::release( $id );
			}
		}
	}

	/**
	 * Re-sends the deletions that are due, a batch at a time within a time
	 * budget; returns when the next one is due (0: none left, or now when
	 * the budget ran out with more due).
	 */
	public function retry_due( float $budget = 20.0 ): int {
		$started = microtime( true );
		do {
			$batch   = $this->queue->all( 50, time() );
			$grouped = array();
			foreach ( $batch as $entry ) {
				$grouped[ $entry['bucket'] ][ $entry['attempts'] ][] = $entry['key'];
			}
			foreach ( $grouped as $bucket => $by_attempts ) {
				foreach ( $by_attempts as $attempts => $keys ) {
					$this->deletions->delete( (string) $bucket, $keys, (int) $attempts );
				}
			}
			if ( count( $batch ) === 50 && microtime( true ) - $started > $budget ) {
				return time();
			}
		} while ( count( $batch ) === 50 );
		$next = 0;
		foreach ( $this->queue->all( 1000 ) as $entry ) {
			$next = 0 === $next ? $entry['next_attempt'] : min( $next, $entry['next_attempt'] );
		}
		return $next;
	}
}
