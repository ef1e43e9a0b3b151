<?php
/**
 * Deletes objects from one bucket, all at once (an image and its sizes take
 * about as long as one DELETE), and queues every deletion S3 did not
 * confirm, so it is retried rather than forgotten. Callers decide which
 * objects this site may delete (Recorded_Objects); this only sends and
 * queues.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Error;

final class Object_Deletions {

	public function __construct(
		private readonly Client_Factory $factory,
		private readonly Deletion_Queue $queue,
		private readonly Retry_Scheduler $scheduler
	) {}

	/**
	 * Sends the deletions; what S3 did not confirm is queued (again, with
	 * `$attempts` + 1 for a retry) and the retry job scheduled.
	 *
	 * @param list<string> $keys     Object keys in `$bucket`.
	 * @param int          $attempts How often these were tried before (0: never).
	 * @return list<string> The keys S3 confirmed deleted.
	 */
	public function delete( string $bucket, array $keys, int $attempts = 0 ): array {
		if ( array() === $keys ) {
			return array();
		}
		$client   = $this->factory->client( $bucket );
		$outcomes = null === $client ? array() : $client->delete_objects( $keys );
		$deleted  = array();
		$next     = 0;
		foreach ( array_unique( $keys ) as $key ) {
			$outcome = $outcomes[ $key ] ?? null;
			if ( null !== $outcome && ! $outcome instanceof S3_Error ) {
				$deleted[] = $key;
				if ( $attempts > 0 ) {
					$this->queue->remove( $bucket, $key );
				}
				continue;
			}
			$reason = null === $outcome ? __( 'S3 is not configured.', 's3-media-sync' ) : $outcome->code . ': ' . $outcome->message;
			$due    = $this->queue->add( $bucket, $key, $reason, $attempts + 1 );
			$next   = 0 === $next ? $due : min( $next, $due );
		}
		if ( 0 === $attempts && 0 !== $next ) {
			$this->scheduler->schedule( $next );
		}
		return $deleted;
	}
}
