<?php
/**
 * One S3 request before it is signed: its body is either held in memory or
 * streamed from a file. A PUT that must be confirmed names the MD5 its
 * answer's ETag has to carry; for a streamed file it can be left to be
 * hashed when the request starts (`$hash_file`), so the first PUT of a
 * batch is on the wire before the next file is read.
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
	 * @param bool                  $hash_file Hash `$path` when the request starts: Content-MD5 is sent and the ETag must match it.
	 */
	public function __construct(
		public readonly string $method,
		public readonly string $url,
		private readonly array $headers = array(),
		public readonly string $body = '',
		public readonly string $path = '',
		private string $md5 = '',
		private readonly bool $hash_file = false
	) {}

	/** @return array<string, string> The headers to sign, Content-MD5 included once the file is hashed. */
	public function headers(): array {
		if ( ! $this->hash_file ) {
			return $this->headers;
		}
		return $this->headers + array( 'content-md5' => base64_encode( (string) hex2bin( $this->md5() ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
	}

	/** Hex MD5 the answer's ETag must equal ('' for no check). */
	public function md5(): string {
		if ( $this->hash_file && '' === $this->md5 ) {
			$this->md5 = (string) md5_file( $this->path );
		}
		return $this->md5;
	}

	/** How many bytes the body has: the order parallel requests start in. */
	public function size(): int {
		return '' === $this->path ? strlen( $this->body ) : (int) filesize( $this->path );
	}
}
