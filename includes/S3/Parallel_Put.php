<?php
/**
 * PUTs many files at once with curl_multi, each streamed from disk (memory
 * stays flat for a 1 GB file) as a single PUT, which S3 accepts up to 5 GB.
 * Each PUT carries Content-MD5, so S3 rejects corrupted bytes, and the answer's
 * ETag (the MD5 of a single-part upload) is compared with the file's: only a
 * match counts as confirmed. Transient failures are retried by error code.
 *
 * Requests go through curl directly rather than the WordPress HTTP API, which
 * can only send a body held in memory.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Parallel_Put {

	public const MAX_SINGLE_PUT = 5368709120; // 5 GiB, S3's limit for one PUT.

	public function __construct(
		private readonly Signer $signer,
		private readonly Bucket_Address $address,
		private readonly Retry_Policy $retry = new Retry_Policy(),
		private readonly Clock $clock = new Clock(),
		private readonly int $concurrency = 8,
		private readonly int $timeout = 600
	) {}

	/**
	 * @param list<Upload_Job> $jobs Files to upload.
	 * @return array<string, S3_Response|S3_Error> Object key => outcome.
	 */
	public function put( array $jobs ): array {
		$results = array();
		$pending = array();
		foreach ( $jobs as $job ) {
			$problem = $this->unreadable( $job );
			if ( null !== $problem ) {
				$results[ $job->key ] = $problem;
				continue;
			}
			$pending[] = $job;
		}
		$skew_attempt = 0; // The attempt whose answers taught us the clock offset.
		for ( $attempt = 1; array() !== $pending; $attempt++ ) {
			$retry = array();
			foreach ( $this->run_batch( $pending ) as $index => list( $outcome, $date ) ) {
				$job                  = $pending[ $index ];
				$results[ $job->key ] = $outcome;
				if ( ! $outcome instanceof S3_Error ) {
					continue;
				}
				if ( $this->retry->is_clock_skew( $outcome ) ) {
					// Corrected once, from the first such answer; every PUT it refused is retried once.
					if ( 0 === $skew_attempt && null !== $this->clock->correct( $outcome, $date ) ) {
						$skew_attempt = $attempt;
					}
					if ( $skew_attempt === $attempt ) {
						$retry[] = $job;
					}
					continue;
				}
				if ( $this->retry->is_transient( $outcome ) && $attempt < $this->retry->max_attempts ) {
					$retry[] = $job;
				}
			}
			$pending = $retry;
			if ( array() !== $pending ) {
				usleep( 1000 * $this->retry->delay_ms( $attempt + 1 ) );
			}
		}
		return $results;
	}

	private function unreadable( Upload_Job $job ): ?S3_Error {
		$refused = \S3MediaSync\Settings\Endpoint_Address::problem( $this->address->object_url( $job->key ) );
		if ( null !== $refused ) {
			return new S3_Error( 'EndpointNotAllowed', $refused );
		}
		if ( ! is_file( $job->path ) || ! is_readable( $job->path ) ) {
			/* translators: %s: file path relative to the uploads folder. */
			return new S3_Error( 'LocalFileMissing', sprintf( __( 'The local file %s is missing or unreadable.', 's3-media-sync' ), wp_basename( $job->path ) ) );
		}
		if ( (int) filesize( $job->path ) > self::MAX_SINGLE_PUT ) {
			return new S3_Error( 'EntityTooLarge', __( 'Files over 5 GB need a multipart upload, which this version does not do yet: the file stays on this server.', 's3-media-sync' ) );
		}
		return null;
	}

	/**
	 * Runs one pass over the jobs, at most `concurrency` at a time.
	 *
	 * @param list<Upload_Job> $jobs Jobs.
	 * @return array<int, array{0: S3_Response|S3_Error, 1: string}> Index => outcome and Date header.
	 */
	private function run_batch( array $jobs ): array {
		// Largest first: it takes longest, so it should start first.
		uasort( $jobs, static fn( Upload_Job $a, Upload_Job $b ): int => (int) filesize( $b->path ) <=> (int) filesize( $a->path ) );
		$multi    = curl_multi_init();
		$active   = array(); // (int) handle id => [index, handle, stream, md5 hex, headers ref]
		$outcomes = array();
		$queue    = array_keys( $jobs );
		$running  = 0;

		$start_next = function () use ( &$queue, &$active, $jobs, $multi ): void {
			while ( count( $active ) < $this->concurrency && array() !== $queue ) {
				$index             = (int) array_shift( $queue );
				$transfer          = $this->start( $jobs[ $index ] );
				$transfer['index'] = $index;
				curl_multi_add_handle( $multi, $transfer['handle'] );
				$active[ spl_object_id( $transfer['handle'] ) ] = $transfer;
				// Get this one on the wire before hashing the next file.
				curl_multi_exec( $multi, $running );
			}
		};

		$start_next();
		do {
			$status = curl_multi_exec( $multi, $running );
			if ( $running > 0 ) {
				curl_multi_select( $multi, 1.0 );
			}
			while ( false !== ( $info = curl_multi_info_read( $multi ) ) ) {
				$handle   = $info['handle'];
				$transfer = $active[ spl_object_id( $handle ) ];
				unset( $active[ spl_object_id( $handle ) ] );
				$outcomes[ $transfer['index'] ] = $this->finish( $transfer, $info['result'] );
				curl_multi_remove_handle( $multi, $handle );
				curl_close( $handle );
				fclose( $transfer['stream'] );
				$start_next();
			}
		} while ( ( $running > 0 || array() !== $active ) && CURLM_OK === $status );
		curl_multi_close( $multi );
		return $outcomes;
	}

	/** @return array<string, mixed> The transfer's state. */
	private function start( Upload_Job $job ): array {
		$size    = (int) filesize( $job->path );
		$md5     = (string) md5_file( $job->path, true );
		$url     = $this->address->object_url( $job->key );
		$headers = array(
			'content-type'   => $job->content_type,
			'content-length' => (string) $size,
			'content-md5'    => base64_encode( $md5 ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		);
		if ( '' !== $job->acl ) {
			$headers['x-amz-acl'] = $job->acl;
		}
		if ( '' !== $job->cache_control ) {
			$headers['cache-control'] = $job->cache_control;
		}
		$signed = $this->signer->sign( 'PUT', $url, $headers, Signer::UNSIGNED_PAYLOAD, $this->clock->now() );

		$lines = array();
		foreach ( $signed as $name => $value ) {
			$lines[] = $name . ': ' . $value;
		}
		// No "Expect: 100-continue": it costs every PUT a round trip, and a refused one only the bytes it sent.
		$lines[] = 'Expect:';

		$stream           = fopen( $job->path, 'rb' );
		$response_headers = new \ArrayObject();
		$handle           = curl_init( $url );
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_UPLOAD         => true,
				CURLOPT_INFILE         => $stream,
				CURLOPT_INFILESIZE     => $size,
				CURLOPT_HTTPHEADER     => $lines,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_CONNECTTIMEOUT => 10,
				CURLOPT_TIMEOUT        => $this->timeout,
				CURLOPT_USERAGENT      => 'S3MediaSync/' . \S3MediaSync\VERSION,
				// As the HTTP API's Requests does: an endpoint can only ever be spoken to over HTTP(S), and no redirect leaves it.
				CURLOPT_PROTOCOLS      => CURLPROTO_HTTP | CURLPROTO_HTTPS,
				CURLOPT_REDIR_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
				CURLOPT_FOLLOWLOCATION => false,
				CURLOPT_HEADERFUNCTION => static function ( $curl, string $line ) use ( $response_headers ): int {
					$parts = explode( ':', $line, 2 );
					if ( 2 === count( $parts ) ) {
						$response_headers[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
					}
					return strlen( $line );
				},
			)
		);
		return array(
			'handle'  => $handle,
			'stream'  => $stream,
			'md5'     => bin2hex( $md5 ),
			'headers' => $response_headers,
		);
	}

	/**
	 * @param array<string, mixed> $transfer The transfer's state.
	 * @return array{0: S3_Response|S3_Error, 1: string}
	 */
	private function finish( array $transfer, int $curl_result ): array {
		$handle  = $transfer['handle'];
		$headers = $transfer['headers']->getArrayCopy();
		$date    = (string) ( $headers['date'] ?? '' );
		if ( CURLE_OK !== $curl_result ) {
			$message = 'cURL error ' . $curl_result . ': ' . curl_error( $handle );
			$code    = CURLE_OPERATION_TIMEDOUT === $curl_result ? S3_Error::TIMEOUT : S3_Error::NETWORK;
			return array( S3_Error::transport( $code, $message ), $date );
		}
		$status = (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE );
		$body   = (string) curl_multi_getcontent( $handle );
		if ( $status < 200 || $status >= 300 ) {
			return array( S3_Error::from_response( $status, $headers, $body ), $date );
		}
		$etag = strtolower( trim( (string) ( $headers['etag'] ?? '' ), '"' ) );
		if ( $etag !== $transfer['md5'] ) {
			// Not confirmed: retried as transient, and the local file is kept.
			return array( new S3_Error( 'BadDigest', __( 'S3 stored something other than the file sent (its ETag is not the file\'s MD5).', 's3-media-sync' ), $status ), $date );
		}
		return array( new S3_Response( $status, $headers, $body ), $date );
	}
}
