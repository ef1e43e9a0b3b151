<?php
/**
 * A successful (2xx) S3 answer.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class S3_Response {

	/**
	 * @param array<string, string> $headers Lowercase names.
	 */
	public function __construct(
		public readonly int $status,
		public readonly array $headers,
		public readonly string $body
	) {}

	public function header( string $name ): string {
		return $this->headers[ strtolower( $name ) ] ?? '';
	}
}
