<?php
/**
 * PUTs many files at once, each streamed from disk as a single PUT, which
 * S3 accepts up to 5 GB. Each PUT carries Content-MD5, so S3 rejects
 * corrupted bytes, and the answer's ETag (the MD5 of a single-part upload)
 * must be the file's: only a match counts as confirmed. Sending, retrying
 * and clock correction are Transport's.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Parallel_Put {

	public const MAX_SINGLE_PUT = 5368709120; // 5 GiB, S3's limit for one PUT.

	public function __construct(
		private readonly Transport $transport,
		private readonly Bucket_Address $address,
		private readonly int $concurrency = 8
	) {}

	/**
	 * @param list<Upload_Job> $jobs Files to upload.
	 * @return array<string, S3_Response|S3_Error> Object key => outcome.
	 */
	public function put( array $jobs ): array {
		return $this->put_along( $jobs, array() )[0];
	}

	/**
	 * PUTs the files and sends `$along` in the same pool of parallel
	 * requests (a bulk copy's next listings): they take slots of the pool
	 * instead of time before or after it.
	 *
	 * @param list<Upload_Job> $jobs  Files to upload.
	 * @param list<Request>    $along Other requests, such as listings.
	 * @return array{0: array<string, S3_Response|S3_Error>, 1: array<int, S3_Response|S3_Error>} Object key => outcome; `$along`'s outcomes, by index.
	 */
	public function put_along( array $jobs, array $along ): array {
		$results  = array();
		$requests = array();
		$keys     = array();
		foreach ( $jobs as $job ) {
			$problem = $this->unreadable( $job );
			if ( null !== $problem ) {
				$results[ $job->key ] = $problem;
				continue;
			}
			$keys[]     = $job->key;
			$requests[] = $this->request( $job );
		}
		$puts    = count( $requests );
		$answers = array();
		foreach ( $this->transport->send_all( array_merge( $requests, array_values( $along ) ), $this->concurrency ) as $index => $outcome ) {
			if ( $index < $puts ) {
				$results[ $keys[ $index ] ] = $outcome;
			} else {
				$answers[ $index - $puts ] = $outcome;
			}
		}
		return array( $results, $answers );
	}

	private function unreadable( Upload_Job $job ): ?S3_Error {
		if ( ! is_file( $job->path ) || ! is_readable( $job->path ) ) {
			/* translators: %s: file path relative to the uploads folder. */
			return new S3_Error( 'LocalFileMissing', sprintf( __( 'The local file %s is missing or unreadable.', 's3-media-sync' ), wp_basename( $job->path ) ) );
		}
		if ( (int) filesize( $job->path ) > self::MAX_SINGLE_PUT ) {
			return new S3_Error( 'EntityTooLarge', __( 'Files over 5 GB need a multipart upload, which this version does not do yet: the file stays on this server.', 's3-media-sync' ) );
		}
		return null;
	}

	private function request( Upload_Job $job ): Request {
		$headers = array_merge(
			$job->headers,
			array(
				'content-type'   => $job->content_type,
				'content-length' => (string) filesize( $job->path ),
			)
		);
		if ( '' !== $job->acl ) {
			$headers['x-amz-acl'] = $job->acl;
		}
		// Hashed when its PUT starts: the largest file is on the wire before the others are read.
		return new Request( 'PUT', $this->address->object_url( $job->key ), $headers, '', $job->path, '', true );
	}
}
