<?php
/**
 * Where a bucket and its objects live: Amazon S3's regional host names,
 * virtual-hosted or path-style, or a custom S3-compatible endpoint.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Bucket_Address {

	public function __construct(
		public readonly string $bucket,
		public readonly string $region,
		private readonly string $endpoint = '',
		private readonly bool $path_style = false
	) {}

	public function uses_path_style(): bool {
		// Dots in a bucket name break the TLS certificate of *.s3.amazonaws.com.
		return $this->path_style || str_contains( $this->bucket, '.' );
	}

	/** URL of the bucket itself, without a trailing slash (path-style) or with "/" (virtual-hosted). */
	public function bucket_url(): string {
		return $this->uses_path_style() ? $this->base() . '/' . $this->bucket : $this->virtual_host_base() . '/';
	}

	/** The part of every object URL before the key, computed once. */
	private ?string $object_base = null;

	/** URL of an object; the key is encoded once per segment, as S3 signs it. */
	public function object_url( string $key ): string {
		$this->object_base ??= $this->uses_path_style() ? $this->base() . '/' . $this->bucket . '/' : $this->virtual_host_base() . '/';
		return $this->object_base . self::encode_key( $key );
	}

	public static function encode_key( string $key ): string {
		// rawurlencode encodes "/" too; put the separators back.
		return str_replace( '%2F', '/', rawurlencode( $key ) );
	}

	private function base(): string {
		if ( '' !== $this->endpoint ) {
			return rtrim( $this->endpoint, '/' );
		}
		return 'https://s3.' . $this->region . '.' . $this->aws_domain();
	}

	private function virtual_host_base(): string {
		if ( '' === $this->endpoint ) {
			return 'https://' . $this->bucket . '.s3.' . $this->region . '.' . $this->aws_domain();
		}
		$parts = (array) wp_parse_url( $this->endpoint );
		$port  = isset( $parts['port'] ) ? ':' . $parts['port'] : '';
		$path  = rtrim( (string) ( $parts['path'] ?? '' ), '/' );
		return ( $parts['scheme'] ?? 'https' ) . '://' . $this->bucket . '.' . ( $parts['host'] ?? '' ) . $port . $path;
	}

	private function aws_domain(): string {
		return str_starts_with( $this->region, 'cn-' ) ? 'amazonaws.com.cn' : 'amazonaws.com';
	}
}
