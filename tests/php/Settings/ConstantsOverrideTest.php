<?php
/**
 * wp-config.php constants win over the database, are reported as locked and
 * cannot be changed through REST. Constants last for the process, so each
 * test runs in its own.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class ConstantsOverrideTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		update_option(
			Settings_Fields::OPTION,
			array_merge(
				Settings_Fields::defaults(),
				array(
					'bucket' => 'database-bucket',
					'region' => 'eu-west-1',
				)
			)
		);
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	public function test_constants_win_and_are_listed_as_locked(): void {
		define( 'S3_MEDIA_SYNC_BUCKET', 'constant-bucket' );
		define( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', 'constant-secret-value' );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertSame( 'constant-bucket', $data['bucket'] );
		$this->assertSame( 'eu-west-1', $data['region'] );
		$this->assertEqualsCanonicalizing( array( 'bucket', 'secret_access_key' ), $data['locked'] );
		$this->assertTrue( $data['has_secret_access_key'] );
		$this->assertStringNotContainsString( 'constant-secret-value', (string) wp_json_encode( $data ) );
	}

	public function test_a_locked_field_cannot_be_changed_and_nothing_is_saved(): void {
		define( 'S3_MEDIA_SYNC_BUCKET', 'constant-bucket' );
		$before   = $this->raw_option( Settings_Fields::OPTION );
		$response = $this->rest(
			'POST',
			'/s3-media-sync/v1/settings',
			array(
				'bucket'         => 'other-bucket',
				'presign_expiry' => 120,
			)
		);
		$this->assertSame( 400, $response->get_status() );
		$this->assertStringContainsString( 'S3_MEDIA_SYNC_BUCKET', $response->get_data()['data']['params']['bucket'] );
		$this->assertSame( $before, $this->raw_option( Settings_Fields::OPTION ) );
	}

	public function test_an_invalid_constant_is_ignored_and_reported(): void {
		define( 'S3_MEDIA_SYNC_PRESIGN_EXPIRY', 5 );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertSame( 900, $data['presign_expiry'] );
		$this->assertContains( 'presign_expiry', $data['locked'] );
		$this->assertArrayHasKey( 'presign_expiry', (array) $data['constant_errors'] );
	}
}
