<?php
/**
 * The one way S3 requests are sent: signed with our SigV4, retried by S3
 * error code (Retry_Policy), re-signed once with the clock corrected when S3
 * says RequestTimeTooSkewed, and every answer read the same way. A single
 * request with its body in memory goes over the WordPress HTTP API; several
 * at once, or a body streamed from disk (which the HTTP API cannot send),
 * go over curl_multi (Curl_Wire).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Transport {

	/** Clock offsets (seconds) learnt from RequestTimeTooSkewed answers. */
	private array $clock_corrections = array();

	/** Unix time after which no request or retry starts (0: none). */
	private float $deadline = 0.0;

	public function __construct(
		private readonly Signer $signer,
		private readonly Retry_Policy $retry = new Retry_Policy(),
		private readonly Clock $clock = new Clock(),
		private readonly int $timeout = 30
	) {}

	/** @return list<int> Offsets applied because S3 said the clock was off. */
	public function clock_corrections(): array {
		return $this->clock_corrections;
	}

	/** Moves the time limit to an absolute moment (microtime; 0 for none). */
	public function set_deadline( float $deadline ): void {
		$this->deadline = $deadline;
	}

	/** Seconds left before the time limit (INF without one). */
	public function time_left(): float {
		return 0.0 === $this->deadline ? INF : max( 0.0, $this->deadline - microtime( true ) );
	}

	public function presign( string $method, string $url, int $expires ): string {
		return $this->signer->presign( $method, $url, $expires, $this->clock->now() );
	}

	public function send( Request $request ): S3_Response|S3_Error {
		return $this->send_all( array( $request ), 1 )[0];
	}

	/**
	 * Sends every request, at most `$concurrency` at a time, retrying each
	 * one that failed for a transient reason.
	 *
	 * @param list<Request> $requests Requests.
	 * @return array<int, S3_Response|S3_Error> Outcomes, by the requests' indexes.
	 */
	public function send_all( array $requests, int $concurrency ): array {
		$results  = array();
		$pending  = array();
		$attempts = array();
		foreach ( $requests as $index => $request ) {
			// Checked on every request, not only when saved: a name may resolve elsewhere by now.
			$refused = \S3MediaSync\Settings\Endpoint_Address::problem( $request->url );
			if ( null !== $refused ) {
				$results[ $index ] = new S3_Error( 'EndpointNotAllowed', $refused );
				continue;
			}
			$pending[ $index ]  = $request;
			$attempts[ $index ] = 0;
		}
		$skew_corrected = false;
		while ( array() !== $pending ) {
			$timeout = $this->request_timeout();
			if ( $timeout < 0.5 ) {
				foreach ( array_keys( $pending ) as $index ) {
					$results[ $index ] ??= S3_Error::transport( S3_Error::TIMEOUT, __( 'The time allowed for this operation ran out before S3 answered.', 's3-media-sync' ) );
				}
				break;
			}
			foreach ( array_keys( $pending ) as $index ) {
				++$attempts[ $index ];
			}
			// Signed as each one starts: a streamed file is hashed then, not before the first is on the wire.
			$sign    = fn( Request $request ): array => $this->signer->sign( $request->method, $request->url, $request->headers(), '' === $request->path ? hash( 'sha256', $request->body ) : Signer::UNSIGNED_PAYLOAD, $this->clock->now() );
			$answers = 1 === count( $pending ) && '' === reset( $pending )->path
				? array( (int) key( $pending ) => $this->over_http_api( reset( $pending ), $sign( reset( $pending ) ), $timeout ) )
				: ( new Curl_Wire( $concurrency, $timeout ) )->run( $pending, $sign );
			$retry   = array();
			$skewed  = false;
			foreach ( $answers as $index => $answer ) {
				$outcome           = $this->confirmed( $answer, $pending[ $index ] );
				$results[ $index ] = $outcome;
				if ( ! $outcome instanceof S3_Error ) {
					continue;
				}
				if ( $this->retry->is_clock_skew( $outcome ) ) {
					// Corrected once, from the first such answer; every request it refused is sent again, not counted as a retry.
					if ( ! $skew_corrected && ( $skewed || $this->correct_clock( $outcome, $answer->date ) ) ) {
						$skewed = true;
						--$attempts[ $index ];
						$retry[ $index ] = $pending[ $index ];
					}
					continue;
				}
				if ( $this->retry->is_transient( $outcome ) && $attempts[ $index ] < $this->retry->max_attempts ) {
					$retry[ $index ] = $pending[ $index ];
				}
			}
			$skew_corrected = $skew_corrected || $skewed;
			$pending        = $retry;
			if ( array() === $pending || $skewed ) {
				continue;
			}
			$delay = $this->retry->delay_ms( max( array_intersect_key( $attempts, $pending ) ) + 1 );
			if ( 0.0 !== $this->deadline && microtime( true ) + $delay / 1000 >= $this->deadline ) {
				break;
			}
			usleep( 1000 * $delay );
		}
		ksort( $results );
		return $results;
	}

	/** Seconds a request may take now: the timeout, cut to the time limit. */
	private function request_timeout(): float {
		if ( 0.0 === $this->deadline ) {
			return (float) $this->timeout;
		}
		return max( 0.0, min( (float) $this->timeout, $this->deadline - microtime( true ) ) );
	}

	private function correct_clock( S3_Error $error, string $date ): bool {
		$offset = $this->clock->correct( $error, $date );
		if ( null === $offset ) {
			return false;
		}
		$this->clock_corrections[] = $offset;
		return true;
	}

	/** @param array<string, string> $signed Signed headers. */
	private function over_http_api( Request $request, array $signed, float $timeout ): Wire_Answer {
		$raw = wp_remote_request(
			$request->url,
			array(
				'method'      => $request->method,
				'headers'     => $signed,
				'body'        => $request->body,
				'timeout'     => $timeout,
				'redirection' => 0,
				'user-agent'  => 'S3MediaSync/' . \S3MediaSync\VERSION,
			)
		);
		if ( is_wp_error( $raw ) ) {
			$message = $raw->get_error_message();
			return Wire_Answer::failed( 1 === preg_match( '/cURL error 28\b|timed out/i', $message ), $message );
		}
		$headers = array();
		foreach ( wp_remote_retrieve_headers( $raw ) as $name => $value ) {
			$headers[ strtolower( (string) $name ) ] = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
		}
		return new Wire_Answer( (int) wp_remote_retrieve_response_code( $raw ), $headers, (string) wp_remote_retrieve_body( $raw ) );
	}

	/** What an answer means: a 2xx whose ETag, when the request names an MD5, matches it; else the error. */
	private function confirmed( Wire_Answer $answer, Request $request ): S3_Response|S3_Error {
		if ( null !== $answer->failure ) {
			return $answer->failure;
		}
		if ( $answer->status < 200 || $answer->status >= 300 ) {
			return S3_Error::from_response( $answer->status, $answer->headers, $answer->body );
		}
		if ( '' !== $request->md5() && strtolower( trim( $answer->headers['etag'] ?? '', '"' ) ) !== $request->md5() ) {
			// Not confirmed: retried as transient, and the local file is kept.
			return new S3_Error( 'BadDigest', __( 'S3 stored something other than the file sent (its ETag is not the file\'s MD5).', 's3-media-sync' ), $answer->status );
		}
		return new S3_Response( $answer->status, $answer->headers, $answer->body );
	}
}
