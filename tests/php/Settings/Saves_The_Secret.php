<?php
/**
 * For tests of the stored secret: each starts and ends without the option,
 * as an administrator, and saves a key through the settings route.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Settings\Settings_Fields;

trait Saves_The_Secret {

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		delete_option( Settings_Fields::OPTION );
	}

	protected function tearDown(): void {
		remove_all_filters( 'salt' );
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	/** POST /settings with a key id, the secret and a bucket. */
	private function save_secret( string $secret = self::SECRET ): \WP_REST_Response {
		return $this->rest(
			'POST',
			'/s3-media-sync/v1/settings',
			array(
				'access_key_id'     => 'AKIAIOSFODNN7EXAMPLE',
				'secret_access_key' => $secret,
				'bucket'            => 'secret-test-bucket',
			)
		);
	}
}
