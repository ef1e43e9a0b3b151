<?php
/**
 * The one place S3 clients are built, from the saved settings. The
 * `s3_media_sync_client_config` filter is the seam tests and unusual hosts
 * use to point them elsewhere (endpoint, path-style, timeouts).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

use S3MediaSync\Settings\Settings_Store;

final class Client_Factory {

	public function __construct( private readonly Settings_Store $settings ) {}

	/**
	 * The client, or null when the settings are incomplete or the secret is
	 * unreadable. `$bucket` addresses another bucket with the same key (for
	 * objects written before the bucket setting changed).
	 */
	public function client( ?string $bucket = null ): ?S3_Client {
		$parts = $this->parts( $bucket );
		return null === $parts ? null : new S3_Client( $parts['signer'], $parts['address'], new Retry_Policy(), new Clock(), $parts['timeout'] );
	}

	/** Parallel streaming PUTs with the same settings. */
	public function uploader( int $concurrency = 8 ): ?Parallel_Put {
		$parts = $this->parts( null );
		return null === $parts ? null : new Parallel_Put( $parts['signer'], $parts['address'], new Retry_Policy(), new Clock(), $concurrency );
	}

	/** @return array{signer: Signer, address: Bucket_Address, timeout: int}|null */
	private function parts( ?string $bucket ): ?array {
		$secret = $this->settings->secret();
		if ( ! $this->settings->is_configured() || null === $secret ) {
			return null;
		}
		$values = $this->settings->values();

		/**
		 * Filters how S3 clients are built.
		 *
		 * @param array{bucket: string, region: string, endpoint: string, use_path_style: bool, timeout: int} $config
		 */
		$config = (array) apply_filters(
			's3_media_sync_client_config',
			array(
				'bucket'         => $bucket ?? (string) $values['bucket'],
				'region'         => (string) $values['region'],
				'endpoint'       => (string) $values['endpoint'],
				'use_path_style' => (bool) $values['use_path_style'],
				'timeout'        => 30,
			)
		);
		return array(
			'signer'  => new Signer( new Credentials( (string) $values['access_key_id'], $secret ), (string) $config['region'] ),
			'address' => new Bucket_Address( (string) $config['bucket'], (string) $config['region'], (string) $config['endpoint'], (bool) $config['use_path_style'] ),
			'timeout' => max( 1, (int) $config['timeout'] ),
		);
	}
}
