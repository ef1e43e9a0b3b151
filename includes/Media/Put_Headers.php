<?php
/**
 * The headers an object is PUT with besides its bytes, type and ACL:
 * Cache-Control (the `cache_control` setting or its constant, else a
 * default per ACL) and whatever the `s3_media_sync_put_headers` filter adds
 * — Content-Disposition, Content-Language, Expires, x-amz-meta-*, a storage
 * class. Only headers PutObject takes under the guide's policy are sent;
 * others (an ACL, tagging, KMS encryption, anything signing-related) are
 * dropped, and so is a value with control characters.
 *
 * `immutable` is safe in the default because a key's bytes never change:
 * new bytes under an old file name go to a new, versioned key.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Put_Headers {

	/** A year, for bytes that never change under their key. */
	public const LONG = 'max-age=31536000, immutable';

	/** Header names the filter may set; x-amz-meta-* too. */
	private const ALLOWED = array( 'cache-control', 'content-disposition', 'content-language', 'content-encoding', 'expires', 'x-amz-storage-class' );

	public function __construct( private readonly string $cache_control ) {}

	/** The Cache-Control of new objects with this ACL when no setting says otherwise. */
	public static function default_cache_control( string $acl ): string {
		return match ( $acl ) {
			'private'     => 'private, ' . self::LONG,
			'public-read' => 'public, ' . self::LONG,
			default       => self::LONG, // bucket-default: the bucket decides who may read, so neither word is claimed.
		};
	}

	/**
	 * @return array<string, string> Lowercase header names => values.
	 */
	public function for_object( int $attachment_id, string $key, string $file, string $acl ): array {
		$headers = array( 'cache-control' => '' !== $this->cache_control ? $this->cache_control : self::default_cache_control( $acl ) );

		/**
		 * Filters the headers an object is uploaded with (besides Content-Type,
		 * Content-MD5 and the ACL). Allowed: Cache-Control,
		 * Content-Disposition, Content-Language, Content-Encoding, Expires,
		 * x-amz-storage-class and x-amz-meta-*; anything else is dropped.
		 *
		 * @param array<string, string> $headers       Lowercase header names => values.
		 * @param int                   $attachment_id The attachment.
		 * @param string                $key           The object key.
		 * @param string                $file          The file, relative to the uploads folder.
		 * @param string                $acl           public-read, private or bucket-default.
		 */
		$filtered = apply_filters( 's3_media_sync_put_headers', $headers, $attachment_id, $key, $file, $acl );
		return self::allowed( is_array( $filtered ) ? $filtered : $headers );
	}

	/**
	 * @param array<mixed, mixed> $headers What a filter returned.
	 * @return array<string, string>
	 */
	private static function allowed( array $headers ): array {
		$clean = array();
		foreach ( $headers as $name => $value ) {
			$name = strtolower( trim( (string) $name ) );
			if ( ! is_scalar( $value ) || ! ( in_array( $name, self::ALLOWED, true ) || 1 === preg_match( '/^x-amz-meta-[a-z0-9-]{1,100}$/', $name ) ) ) {
				continue;
			}
			$value = trim( (string) $value );
			if ( '' !== $value && strlen( $value ) <= 1024 && 1 !== preg_match( '/[\x00-\x1F\x7F]/', $value ) ) {
				$clean[ $name ] = $value;
			}
		}
		return $clean;
	}
}
