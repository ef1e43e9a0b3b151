<?php
/**
 * Where a browser fetches an object from: the delivery URL (CDN or custom
 * domain) when one is set, otherwise the bucket's own URL; a presigned
 * bucket URL when the object needs one.
 *
 * Presigned URLs always use the bucket's URL, never the delivery URL: the
 * signature covers the Host header, so S3 refuses it behind a CDN with its
 * own host name, and a CDN that cached the object would hand private media
 * to anyone without checking the signature.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\S3\Bucket_Address;

final class Object_Urls {

	/** @var array<string, Bucket_Address> Bucket name => its address (which keeps the part before the key). */
	private array $addresses = array();

	public function __construct(
		private readonly Serving_Settings $settings,
		private readonly Presigner $presigner
	) {}

	/**
	 * @param string   $bucket  The bucket setting the object was written under ('' for the current one).
	 * @param int|null $expires For a presigned URL: seconds it stays valid once handed out (null: the setting).
	 * @return string|null Null when a presigned URL is needed and cannot be made.
	 */
	public function url( string $bucket, string $key, bool $presigned, ?int $expires = null ): ?string {
		$bucket = '' === $bucket || $this->settings->stored_bucket === $bucket ? $this->settings->bucket : $bucket;
		if ( $presigned ) {
			return $this->presigner->url( $this->address( $bucket )->object_url( $key ), $expires );
		}
		// A delivery URL serves the configured bucket; objects left in another one are fetched from it directly.
		if ( '' !== $this->settings->delivery_url && $bucket === $this->settings->bucket ) {
			return $this->settings->delivery_url . '/' . Bucket_Address::encode_key( $key );
		}
		return $this->address( $bucket )->object_url( $key );
	}

	public function presigner(): Presigner {
		return $this->presigner;
	}

	private function address( string $bucket ): Bucket_Address {
		return $this->addresses[ $bucket ] ??= new Bucket_Address( $bucket, $this->settings->region, $this->settings->endpoint, $this->settings->path_style );
	}
}
