<?php
/**
 * Retries by S3 error code, not by HTTP status: RequestTimeout is a 400 and
 * worth retrying, AccessDenied is a 403 and never is. Attempts are bounded,
 * with full jitter so parallel uploads do not retry in step.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Retry_Policy {

	private const TRANSIENT = array( 'InternalError', 'ServiceUnavailable', 'SlowDown', 'RequestTimeout', 'RequestTimeoutException', 'Throttling', 'ThrottlingException', 'OperationAborted', 'BadDigest', S3_Error::NETWORK, S3_Error::TIMEOUT );

	public function __construct(
		public readonly int $max_attempts = 3,
		private readonly int $base_delay_ms = 100,
		private readonly int $max_delay_ms = 2000
	) {}

	public function is_transient( S3_Error $error ): bool {
		if ( in_array( $error->code, self::TRANSIENT, true ) ) {
			return true;
		}
		// An unnamed 5xx (a proxy's error page) is the server's trouble, not ours.
		return $error->status >= 500 && str_starts_with( $error->code, 'HTTP' );
	}

	public function is_clock_skew( S3_Error $error ): bool {
		return 'RequestTimeTooSkewed' === $error->code;
	}

	/** Delay before attempt number `$attempt` (2 for the first retry). */
	public function delay_ms( int $attempt ): int {
		$ceiling = min( $this->max_delay_ms, $this->base_delay_ms * ( 2 ** max( 0, $attempt - 2 ) ) );
		return random_int( 0, $ceiling );
	}
}
