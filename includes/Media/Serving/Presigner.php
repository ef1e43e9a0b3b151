<?php
/**
 * Presigned GET URLs for serving: pure HMAC, no request. The signer is built
 * on the first URL that needs one (unsealing the secret once a request).
 *
 * URLs are signed for a time window, not for the current second: every page
 * view in the same window hands out the very same URL for an object, so the
 * browser's cache serves it again instead of downloading the bytes anew
 * (docs/performance-budgets.md, budget 10). See Presign_Window for the
 * arithmetic that keeps each URL valid at least `presign_expiry` seconds
 * from the moment it is handed out.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media\Serving;

use S3MediaSync\S3\Clock;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\Signer;

final class Presigner {

	/** False once we know the credentials cannot sign (no secret, or it cannot be unsealed). */
	private Signer|false|null $signer = null;

	/** @var array<string, string> Window start and object URL => presigned URL. */
	private array $signed = array();

	/** @var array<int, Presign_Window> Expiry => its window. */
	private array $windows = array();

	/** @param int $expires How long a URL must stay valid once handed out (presign_expiry). */
	public function __construct(
		private readonly Client_Factory $factory,
		private readonly int $expires,
		private readonly Clock $clock = new Clock()
	) {}

	public function expiry(): int {
		return $this->expires;
	}

	/**
	 * The presigned form of an object URL (as Bucket_Address makes it), or
	 * null when this site cannot sign.
	 *
	 * @param int|null $expires Seconds it must stay valid once handed out; null for the setting.
	 */
	public function url( string $object_url, ?int $expires = null ): ?string {
		$window = $this->windows[ $expires ?? $this->expires ] ??= new Presign_Window( $expires ?? $this->expires );
		// Keyed by the window too: a long process (WP-CLI, a queue worker) outlives one.
		$start = $window->start( $this->clock->now() );
		$cache = $start . ' ' . $window->lifetime() . ' ' . $object_url;
		if ( isset( $this->signed[ $cache ] ) ) {
			return $this->signed[ $cache ];
		}
		$signer = $this->signer();
		if ( null === $signer ) {
			return null;
		}
		return $this->signed[ $cache ] = $signer->presign( 'GET', $object_url, $window->lifetime(), $start );
	}

	private function signer(): ?Signer {
		if ( null === $this->signer ) {
			$this->signer = $this->factory->signer() ?? false;
		}
		return false === $this->signer ? null : $this->signer;
	}
}
