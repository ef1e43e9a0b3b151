<?php
/**
 * The report of a Test S3 Access that could not start: the settings lack
 * something to sign a request with (or the stored secret no longer opens,
 * when the key it was sealed with changed). No check ran and no request was made.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Not_Configured_Report {

	/**
	 * @param array<string, mixed> $policy The least-privilege policy for the settings as they are.
	 */
	public function __construct(
		private readonly bool $secret_unreadable,
		private readonly array $policy,
		private readonly int $duration_ms
	) {}

	/** @return array<string, mixed> The answer of POST /test. */
	public function to_array(): array {
		return array(
			'ok'              => false,
			'category'        => 'not_configured',
			'title'           => Diagnosis::title( 'not_configured' ),
			'message'         => $this->secret_unreadable
				? __( 'The stored Secret Access Key can no longer be read: the key it was sealed with (the S3_MEDIA_SYNC_ENCRYPTION_KEY constant in wp-config.php, or the site\'s salts without it) changed since it was saved. Enter it again and save.', 's3-media-sync' )
				: __( 'Enter the Access Key ID, Secret Access Key, bucket and region, and save, before testing.', 's3-media-sync' ),
			'tested_at'       => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'checks'          => array(),
			'region_detected' => null,
			'leftover_key'    => null,
			'credentials'     => null,
			'policy'          => $this->policy,
			'requests'        => 0,
			'duration_ms'     => $this->duration_ms,
		);
	}
}
