<?php
/**
 * "Remove stored secret": an empty secret keeps the stored one, so removing
 * it is its own field, remove_secret_access_key. It removes the secret and
 * nothing else; any other value, or one sent with a new secret, is refused
 * with a message and changes nothing. A secret set in wp-config.php cannot
 * be removed here. Constants last for the process, so each test runs in its
 * own.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class SecretRemovalTest extends TestCase {

	private const SECRET = 'Removal/Test+Key=Never-Shown-0123456789ab';

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		delete_option( Settings_Fields::OPTION );
		$saved = $this->rest(
			'POST',
			'/s3-media-sync/v1/settings',
			array(
				'access_key_id'     => 'AKIAIOSFODNN7EXAMPLE',
				'secret_access_key' => self::SECRET,
				'bucket'            => 'removal-test-bucket',
				'region'            => 'eu-west-1',
			)
		);
		$this->assertSame( 200, $saved->get_status() );
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	public function test_removing_the_secret_keeps_every_other_setting_and_unconfigures_the_site(): void {
		$before = get_option( Settings_Fields::OPTION );

		$answer = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'remove_secret_access_key' => true ) );

		$this->assertSame( 200, $answer->get_status() );
		$data = $answer->get_data();
		$this->assertFalse( $data['has_secret_access_key'] );
		$this->assertFalse( $data['configured'] );
		$this->assertArrayNotHasKey( 'remove_secret_access_key', $data, 'an action, not a setting' );
		$after = get_option( Settings_Fields::OPTION );
		$this->assertSame( '', $after['secret_access_key'] );
		unset( $before['secret_access_key'], $after['secret_access_key'] );
		$this->assertSame( $before, $after );
		$this->assertNull( Plugin::settings()->secret() );
	}

	public function test_false_removes_nothing(): void {
		$sealed = get_option( Settings_Fields::OPTION )['secret_access_key'];

		$answer = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'remove_secret_access_key' => false ) );

		$this->assertSame( 200, $answer->get_status() );
		$this->assertSame( $sealed, get_option( Settings_Fields::OPTION )['secret_access_key'] );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}

	/** @return array<string, array{0: array<string, mixed>}> */
	public static function refused(): array {
		return array(
			'text'                        => array( array( 'remove_secret_access_key' => 'please' ) ),
			'a number'                    => array( array( 'remove_secret_access_key' => 2 ) ),
			'a list'                      => array( array( 'remove_secret_access_key' => array( true ) ) ),
			'with a new secret'           => array(
				array(
					'remove_secret_access_key' => true,
					'secret_access_key'        => 'Another/Secret+Key',
				),
			),
			'beside an invalid bucket'    => array(
				array(
					'remove_secret_access_key' => true,
					'bucket'                   => 'Not A Bucket',
				),
			),
		);
	}

	/**
	 * @dataProvider refused
	 * @param array<string, mixed> $body The request.
	 */
	public function test_bad_input_is_refused_with_a_message_and_changes_nothing( array $body ): void {
		$raw = $this->raw_option( Settings_Fields::OPTION );

		$answer = $this->rest( 'POST', '/s3-media-sync/v1/settings', $body );

		$this->assertSame( 400, $answer->get_status() );
		$error = $answer->as_error();
		$this->assertSame( 'rest_invalid_param', $error->get_error_code() );
		$params = $error->get_error_data()['params'];
		$this->assertNotEmpty( $params );
		foreach ( $params as $message ) {
			$this->assertIsString( $message );
			$this->assertNotSame( '', $message );
		}
		$this->assertSame( $raw, $this->raw_option( Settings_Fields::OPTION ) );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}

	public function test_a_secret_set_in_wp_config_cannot_be_removed_here(): void {
		define( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', 'constant-secret-value' );
		$raw = $this->raw_option( Settings_Fields::OPTION );

		$answer = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'remove_secret_access_key' => true ) );

		$this->assertSame( 400, $answer->get_status() );
		$params = $answer->as_error()->get_error_data()['params'];
		$this->assertStringContainsString( 'S3_MEDIA_SYNC_SECRET_ACCESS_KEY', $params['remove_secret_access_key'] );
		$this->assertSame( $raw, $this->raw_option( Settings_Fields::OPTION ) );
	}
}
