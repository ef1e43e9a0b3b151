<?php
/**
 * One S3 request before it is signed: its body is either held in memory or
 * streamed from a file. A PUT that must be confirmed names the MD5 its
 * answer's ETag has to carry.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Request {

	/**
	 * @param array<string, string> $headers Lowercase names, signed with the request.
	 * @param string                $path    A file to stream as the body instead of `$body`.
	 * @param string                $md5     Hex MD5 the answer's ETag must equal ('' for no check).
	 */
	public function __construct(
		public readonly string $method,
		public readonly string $url,
		public readonly array $headers = array(),
		public readonly string $body = '',
		public readonly string $path = '',
		public readonly string $md5 = ''
	) {}

	/** How many bytes the body has: the order parallel requests start in. */
	public function size(): int {
		return '' === $this->path ? strlen( $this->body ) : (int) filesize( $this->path );
	}
}
