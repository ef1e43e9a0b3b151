<?php
/**
 * Sends signed requests at once over curl_multi, a body streamed from its
 * file when it has one (memory stays flat for a 1 GB file), the largest
 * file first since it takes longest (requests without a file, such as a
 * listing sent along, before any file). Judging the answers is Transport's job.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Curl_Wire {

	public function __construct(
		private readonly int $concurrency,
		private readonly float $timeout
	) {}

	/**
	 * @param array<int, Request> $requests Requests, by index.
	 * @param callable            $sign     Request => its signed headers, called as it starts.
	 * @return array<int, Wire_Answer> Answers, by index.
	 */
	public function run( array $requests, callable $sign ): array {
		// Requests without a file first (a listing sent along with PUTs is small but its answer is awaited), then the largest file.
		uasort( $requests, static fn( Request $a, Request $b ): int => array( '' !== $a->path, $b->size() ) <=> array( '' !== $b->path, $a->size() ) );
		$multi   = curl_multi_init();
		$active  = array(); // spl_object_id( handle ) => transfer.
		$answers = array();
		$queue   = array_keys( $requests );
		$running = 0;

		$start_next = function () use ( &$queue, &$active, &$running, $requests, $sign, $multi ): void {
			while ( count( $active ) < max( 1, $this->concurrency ) && array() !== $queue ) {
				$index             = (int) array_shift( $queue );
				$transfer          = $this->start( $requests[ $index ], $sign( $requests[ $index ] ) );
				$transfer['index'] = $index;
				curl_multi_add_handle( $multi, $transfer['handle'] );
				$active[ spl_object_id( $transfer['handle'] ) ] = $transfer;
				// Get this one on the wire before opening the next.
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
				$answers[ $transfer['index'] ] = $this->finish( $transfer, $info['result'] );
				curl_multi_remove_handle( $multi, $handle );
				curl_close( $handle );
				if ( null !== $transfer['stream'] ) {
					fclose( $transfer['stream'] );
				}
				$start_next();
			}
		} while ( ( $running > 0 || array() !== $active ) && CURLM_OK === $status );
		curl_multi_close( $multi );
		return $answers;
	}

	/**
	 * @param array<string, string> $signed Signed headers.
	 * @return array<string, mixed> The transfer's state.
	 */
	private function start( Request $request, array $signed ): array {
		$lines = array();
		foreach ( $signed as $name => $value ) {
			$lines[] = $name . ': ' . $value;
		}
		// No "Expect: 100-continue": it costs every PUT a round trip, and a refused one only the bytes it sent.
		$lines[] = 'Expect:';

		$response_headers = new \ArrayObject();
		$handle           = curl_init( $request->url );
		$stream           = null;
		$options          = array(
			CURLOPT_HTTPHEADER      => $lines,
			CURLOPT_RETURNTRANSFER  => true,
			CURLOPT_CONNECTTIMEOUT  => 10,
			CURLOPT_TIMEOUT_MS      => (int) ( 1000 * $this->timeout ),
			CURLOPT_USERAGENT       => 'S3MediaSync/' . \S3MediaSync\VERSION,
			// As the HTTP API's Requests does: an endpoint can only ever be spoken to over HTTP(S), and no redirect leaves it.
			CURLOPT_PROTOCOLS       => CURLPROTO_HTTP | CURLPROTO_HTTPS,
			CURLOPT_REDIR_PROTOCOLS => CURLPROTO_HTTP | CURLPROTO_HTTPS,
			CURLOPT_FOLLOWLOCATION  => false,
			CURLOPT_HEADERFUNCTION  => static function ( $curl, string $line ) use ( $response_headers ): int {
				$parts = explode( ':', $line, 2 );
				if ( 2 === count( $parts ) ) {
					$response_headers[ strtolower( trim( $parts[0] ) ) ] = trim( $parts[1] );
				}
				return strlen( $line );
			},
		);
		if ( '' !== $request->path ) {
			$stream                        = fopen( $request->path, 'rb' );
			$options[ CURLOPT_UPLOAD ]     = true;
			$options[ CURLOPT_INFILE ]     = $stream;
			$options[ CURLOPT_INFILESIZE ] = $request->size();
		} else {
			$options[ CURLOPT_CUSTOMREQUEST ] = $request->method;
			if ( '' !== $request->body ) {
				$options[ CURLOPT_POSTFIELDS ] = $request->body;
			} elseif ( 'HEAD' === $request->method ) {
				$options[ CURLOPT_NOBODY ] = true;
			}
		}
		curl_setopt_array( $handle, $options );
		return array(
			'handle'  => $handle,
			'stream'  => $stream,
			'headers' => $response_headers,
		);
	}

	/** @param array<string, mixed> $transfer The transfer's state. */
	private function finish( array $transfer, int $curl_result ): Wire_Answer {
		$handle  = $transfer['handle'];
		$headers = $transfer['headers']->getArrayCopy();
		if ( CURLE_OK !== $curl_result ) {
			return Wire_Answer::failed( CURLE_OPERATION_TIMEDOUT === $curl_result, 'cURL error ' . $curl_result . ': ' . curl_error( $handle ) );
		}
		return new Wire_Answer( (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ), $headers, (string) curl_multi_getcontent( $handle ) );
	}
}
