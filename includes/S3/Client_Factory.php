<?php
/**
 * The one place an S3 client is built, from the saved settings. The
 * `s3_media_sync_client_config` filter is the seam tests and unusual hosts
 * use to point it elsewhere (endpoint, path-style, timeouts).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

use S3MediaSync\Settings\Settings_Store;

final class Client_Factory {

	public function __construct( private readonly Settings_Store $settings ) {}

	/** The client, or null when the settings are incomplete or the secret is unreadable. */
	public function client(): ?S3_Client {
		$secret = $this->settings->secret();
		if ( ! $this->settings->is_configured() || null === $secret ) {
			return null;
		}
		$values = $this->settings->values();

		/**
		 * Filters how the S3 client is built.
		 *
		 * @param array{bucket: string, region: string, endpoint: string, use_path_style: bool, timeout: int} $config
		 */
		$config = (array) apply_filters(
			's3_media_sync_client_config',
			array(
				'bucket'         => (string) $values['bucket'],
				'region'         => (string) $values['region'],
				'endpoint'       => (string) $values['endpoint'],
				'use_path_style' => (bool) $values['use_path_style'],
				'timeout'        => 30,
			)
		);

		return new S3_Client(
			new Signer( new Credentials( (string) $values['access_key_id'], $secret ), (string) $config['region'] ),
			new Bucket_Address( (string) $config['bucket'], (string) $config['region'], (string) $config['endpoint'], (bool) $config['use_path_style'] ),
			new Retry_Policy(),
			new Clock(),
			max( 1, (int) $config['timeout'] )
		);
	}
}
