<?php
/**
 * The one place S3 clients are built, from the saved settings and the
 * credentials Credential_Source finds. The
 * `s3_media_sync_client_config` filter is the seam tests and unusual hosts
 * use to point them elsewhere (endpoint, path-style, timeouts).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

use S3MediaSync\Settings\Settings_Store;

final class Client_Factory {

	/** Seconds one streamed PUT may take: a large file on a slow uplink. */
	private const UPLOAD_TIMEOUT = 600;

	private readonly Credential_Source $credentials;

	public function __construct( private readonly Settings_Store $settings ) {
		$this->credentials = new Credential_Source( $settings );
	}

	/**
	 * Where clients get their key: `wp-config`, `environment` or `settings`
	 * (Credential_Source), and the key id; null when there is none.
	 *
	 * @return array{source: string, access_key_id: string, temporary: bool}|null
	 */
	public function credential_source(): ?array {
		$credentials = $this->credentials->credentials();
		$source      = $this->credentials->name();
		return null === $credentials || null === $source ? null : array(
			'source'        => $source,
			'access_key_id' => $credentials->access_key_id,
			'temporary'     => '' !== $credentials->session_token(),
		);
	}

	/**
	 * The client, or null when the settings are incomplete or the secret is
	 * unreadable. `$bucket` addresses another bucket with the same key (for
	 * objects written before the bucket setting changed).
	 */
	public function client( ?string $bucket = null ): ?S3_Client {
		$parts = $this->parts( $bucket );
		return null === $parts ? null : new S3_Client( new Transport( $parts['signer'], new Retry_Policy(), new Clock(), $parts['timeout'] ), $parts['address'] );
	}

	/** Parallel streaming PUTs with the same settings. */
	public function uploader( int $concurrency = 8 ): ?Parallel_Put {
		$parts = $this->parts( null );
		return null === $parts ? null : new Parallel_Put( new Transport( $parts['signer'], new Retry_Policy(), new Clock(), self::UPLOAD_TIMEOUT ), $parts['address'], $concurrency );
	}

	/**
	 * Where clients address S3, after the filter: serving uses it too, so
	 * URLs point where the client wrote. Needs no secret.
	 *
	 * @return array{bucket: string, region: string, endpoint: string, use_path_style: bool, timeout: int}
	 */
	public function config( ?string $bucket = null ): array {
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
			'bucket'         => (string) ( $config['bucket'] ?? '' ),
			'region'         => (string) ( $config['region'] ?? '' ),
			'endpoint'       => (string) ( $config['endpoint'] ?? '' ),
			'use_path_style' => (bool) ( $config['use_path_style'] ?? false ),
			'timeout'        => (int) ( $config['timeout'] ?? 30 ),
		);
	}

	/**
	 * The one place a signer is made: the key Credential_Source finds (the
	 * wp-config.php constants, the environment, or the saved settings), for
	 * the region clients address. Null when there is nothing to sign with.
	 */
	public function signer(): ?Signer {
		return $this->parts( null )['signer'] ?? null;
	}

	/** @return array{signer: Signer, address: Bucket_Address, timeout: int}|null */
	private function parts( ?string $bucket ): ?array {
		// Settings_Store::is_configured() without resolving the credentials twice.
		$values      = $this->settings->values();
		$credentials = '' === $values['bucket'] || '' === $values['region'] ? null : $this->credentials->credentials();
		if ( null === $credentials ) {
			return null;
		}
		$config = $this->config( $bucket );
		return array(
			'signer'  => new Signer( $credentials, $config['region'] ),
			'address' => new Bucket_Address( $config['bucket'], $config['region'], $config['endpoint'], $config['use_path_style'] ),
			'timeout' => max( 1, $config['timeout'] ),
		);
	}
}
