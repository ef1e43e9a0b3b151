<?php
/**
 * Presigned GET URLs for serving: pure HMAC, no request. The signer is built
 * on the first URL that needs one (unsealing the secret once a request), and
 * each URL is signed once a request: an image printed in src, srcset and a
 * link gets the same URL every time, which the browser caches as one.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\S3\Clock;
use S3MediaSync\S3\Credentials;
use S3MediaSync\S3\Signer;
use S3MediaSync\Settings\Settings_Store;

final class Presigner {

	/** False once we know the credentials cannot sign (no secret, or it cannot be unsealed). */
	private Signer|false|null $signer = null;

	/** @var array<string, string> Object URL => presigned URL. */
	private array $signed = array();

	public function __construct(
		private readonly Settings_Store $store,
		private readonly string $region,
		private readonly int $expires,
		private readonly Clock $clock = new Clock()
	) {}

	/** The presigned form of an object URL (as Bucket_Address makes it), or null when this site cannot sign. */
	public function url( string $object_url ): ?string {
		if ( isset( $this->signed[ $object_url ] ) ) {
			return $this->signed[ $object_url ];
		}
		$signer = $this->signer();
		if ( null === $signer ) {
			return null;
		}
		return $this->signed[ $object_url ] = $signer->presign( 'GET', $object_url, $this->expires, $this->clock->now() );
	}

	private function signer(): ?Signer {
		if ( null === $this->signer ) {
			$secret       = $this->store->secret();
			$key_id       = (string) $this->store->get( 'access_key_id' );
			$this->signer = null === $secret || '' === $key_id ? false : new Signer( new Credentials( $key_id, $secret ), $this->region );
		}
		return false === $this->signer ? null : $this->signer;
	}
}
