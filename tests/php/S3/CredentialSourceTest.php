<?php
/**
 * Where the key comes from: wp-config.php constants, then the AWS_*
 * environment variables, then the saved settings (docs/credentials.md).
 * Test S3 Access, run against moto with IAM on, names the source it signed
 * with. Constants and environment variables last for the process, so each
 * test runs in its own.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class CredentialSourceTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		delete_option( Settings_Fields::OPTION );
	}

	protected function tearDown(): void {
		foreach ( array( 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN' ) as $name ) {
			putenv( $name );
		}
		delete_option( Settings_Fields::OPTION );
		delete_option( 's3_media_sync_last_test' );
		parent::tearDown();
	}

	/** @return array{accessKeyId: string, secretAccessKey: string} The guide's least-privilege user. */
	private static function guide_user(): array {
		return self::run_state()['s3']['user'];
	}

	private static function environment( string $key_id, string $secret, string $token = '' ): void {
		putenv( 'AWS_ACCESS_KEY_ID=' . $key_id );
		putenv( 'AWS_SECRET_ACCESS_KEY=' . $secret );
		if ( '' !== $token ) {
			putenv( 'AWS_SESSION_TOKEN=' . $token );
		}
	}

	/** @return array<string, mixed> */
	private function access_test(): array {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/test' );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	public function test_the_saved_key_is_the_source_when_nothing_else_is_set(): void {
		self::configure_guide_settings();
		$result = $this->access_test();
		$this->assertTrue( $result['ok'], (string) $result['message'] );
		$this->assertSame(
			array(
				'source'        => 'settings',
				'access_key_id' => self::guide_user()['accessKeyId'],
				'temporary'     => false,
			),
			$result['credentials']
		);
	}

	public function test_the_environment_needs_no_saved_key_and_wins_over_one(): void {
		self::configure_guide_settings(
			array(
				'access_key_id'     => '',
				'secret_access_key' => '',
			)
		);
		$this->assertFalse( $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data()['configured'] );

		self::environment( self::guide_user()['accessKeyId'], self::guide_user()['secretAccessKey'] );
		$this->assertTrue( $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data()['configured'], 'the environment completes the settings' );
		$result = $this->access_test();
		$this->assertTrue( $result['ok'], (string) $result['message'] );
		$this->assertSame( 'environment', $result['credentials']['source'] );

		// A wrong saved key does not matter while the environment has one.
		self::configure_guide_settings( array( 'secret_access_key' => 'a-saved-secret-that-is-wrong' ) );
		$result = $this->access_test();
		$this->assertTrue( $result['ok'], (string) $result['message'] );
		$this->assertSame( 'environment', $result['credentials']['source'] );
	}

	public function test_wp_config_constants_win_over_the_environment(): void {
		self::configure_guide_settings( array( 'secret_access_key' => 'a-saved-secret-that-is-wrong' ) );
		self::environment( 'AKIAENVIRONMENTKEY000', 'an-environment-secret-that-is-wrong' );
		define( 'S3_MEDIA_SYNC_ACCESS_KEY_ID', self::guide_user()['accessKeyId'] );
		define( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', self::guide_user()['secretAccessKey'] );
		$result = $this->access_test();
		$this->assertTrue( $result['ok'], (string) $result['message'] );
		$this->assertSame( 'wp-config', $result['credentials']['source'] );
	}

	public function test_a_session_token_s3_refuses_is_a_clear_answer_naming_the_variables(): void {
		self::configure_guide_settings();
		self::environment( self::guide_user()['accessKeyId'], self::guide_user()['secretAccessKey'], 'not-the-token-sts-issued' );
		$result = $this->access_test();
		$this->assertFalse( $result['ok'], (string) wp_json_encode( $result['credentials'] ) . wp_json_encode( $result['checks'] ) );
		$this->assertSame( 'invalid_credentials', $result['category'] );
		$this->assertSame( 'environment', $result['credentials']['source'] );
		$this->assertTrue( $result['credentials']['temporary'] );
		$check = $result['checks'][0];
		$this->assertSame( 'InvalidToken', $check['code'] );
		$this->assertStringContainsString( 'session token', $check['message'] );
		$this->assertStringContainsString( 'AWS_SESSION_TOKEN', implode( ' ', $check['hints'] ) );
		$this->assertStringNotContainsString( self::guide_user()['secretAccessKey'], (string) wp_json_encode( $result ) );
	}

	public function test_a_session_token_constant_goes_with_the_wp_config_key(): void {
		self::configure_guide_settings();
		define( 'S3_MEDIA_SYNC_ACCESS_KEY_ID', self::guide_user()['accessKeyId'] );
		define( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', self::guide_user()['secretAccessKey'] );
		define( 'S3_MEDIA_SYNC_SESSION_TOKEN', 'not-a-token-sts-issued' );
		$result = $this->access_test();
		$this->assertSame( 'wp-config', $result['credentials']['source'] );
		$this->assertTrue( $result['credentials']['temporary'] );
		$this->assertSame( 'InvalidToken', $result['checks'][0]['code'] );
		$this->assertStringContainsString( 'S3_MEDIA_SYNC_SESSION_TOKEN', implode( ' ', $result['checks'][0]['hints'] ) );
	}
}
