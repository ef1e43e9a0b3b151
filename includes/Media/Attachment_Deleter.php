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

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Error;

final class Attachment_Deleter {

	public function __construct(
		private readonly Client_Factory $factory,
		private readonly Deletion_Queue $queue,
		private readonly Retry_Scheduler $scheduler,
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
			$deleted = array();
			foreach ( $this->recorded->writable_objects( $id, $state ) as $object ) {
				if ( isset( $deleted[ $object['bucket'] . '/' . $object['key'] ] ) ) {
					continue;
				}
				$deleted[ $object['bucket'] . '/' . $object['key'] ] = true;
				$client = $this->factory->client( $object['bucket'] );
				$result = null === $client ? null : $client->delete_object( $object['key'] );
				if ( null === $result || $result instanceof S3_Error ) {
					$reason = null === $result ? __( 'S3 is not configured.', 's3-media-sync' ) : $result->code . ': ' . $result->message;
					$this->scheduler->schedule( $this->queue->add( $object['bucket'], $object['key'], $reason ) );
				}
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
			$now   = time();
			$batch = $this->queue->all( 50, $now );
			foreach ( $batch as $entry ) {
				$client = $this->factory->client( $entry['bucket'] );
				$result = null === $client ? null : $client->delete_object( $entry['key'] );
				if ( null !== $result && ! $result instanceof S3_Error ) {
					$this->queue->remove( $entry['bucket'], $entry['key'] );
					continue;
				}
				$reason = null === $result ? __( 'S3 is not configured.', 's3-media-sync' ) : $result->code . ': ' . $result->message;
				$this->queue->add( $entry['bucket'], $entry['key'], $reason, $entry['attempts'] + 1 );
				if ( microtime( true ) - $started > $budget ) {
					return time();
				}
			}
		} while ( count( $batch ) === 50 && microtime( true ) - $started < $budget );
		$next = 0;
		foreach ( $this->queue->all( 1000 ) as $entry ) {
			$next = 0 === $next ? $entry['next_attempt'] : min( $next, $entry['next_attempt'] );
		}
		return $next;
	}
}
