<?php
/**
 * What came back on the wire for one request, before it is judged: the
 * status, headers (lowercase names) and body, or the transport failure.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Wire_Answer {

	public readonly string $date;

	/** @param array<string, string> $headers Lowercase names. */
	public function __construct(
		public readonly int $status,
		public readonly array $headers,
		public readonly string $body,
		public readonly ?S3_Error $failure = null
	) {
		$this->date = $headers['date'] ?? '';
	}

	/** No answer: a refused connection, DNS, TLS, or a timeout. */
	public static function failed( bool $timed_out, string $message ): self {
		return new self( 0, array(), '', S3_Error::transport( $timed_out ? S3_Error::TIMEOUT : S3_Error::NETWORK, $message ) );
	}
}
