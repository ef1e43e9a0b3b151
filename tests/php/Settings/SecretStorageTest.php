<?php
/**
 * The secret is sealed at rest exactly once, never leaves the server, and a
 * secret that can no longer be unsealed is reported, not used.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Plugin;
use S3MediaSync\Settings\Secret_Box;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

final class SecretStorageTest extends TestCase {

	use Saves_The_Secret;

	private const SECRET = 'Sekr3t/Test+Key=Never-Shown-0123456789ab';

	public function test_first_save_seals_the_secret_exactly_once(): void {
		$this->assertNull( $this->raw_option( Settings_Fields::OPTION ) );
		$this->assertSame( 200, $this->save_secret()->get_status() );

		$raw = (string) $this->raw_option( Settings_Fields::OPTION );
		$this->assertStringNotContainsString( self::SECRET, $raw );
		$stored = get_option( Settings_Fields::OPTION );
		$this->assertTrue( Secret_Box::is_sealed( $stored['secret_access_key'] ) );
		// Sealed twice, one unseal would give back another sealed string.
		$this->assertSame( self::SECRET, Secret_Box::unseal( $stored['secret_access_key'] ) );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}

	public function test_sealing_uses_a_fresh_nonce_and_round_trips(): void {
		$first  = Secret_Box::seal( self::SECRET );
		$second = Secret_Box::seal( self::SECRET );
		$this->assertNotSame( $first, $second );
		$this->assertSame( self::SECRET, Secret_Box::unseal( $first ) );
		$this->assertSame( self::SECRET, Secret_Box::unseal( $second ) );
		$this->assertNull( Secret_Box::unseal( self::SECRET ), 'a plaintext is not a sealed value' );
		$this->assertNull( Secret_Box::unseal( substr( $first, 0, -4 ) . 'AAAA' ), 'a tampered value must not unseal' );
	}

	public function test_an_empty_or_absent_secret_keeps_the_stored_one(): void {
		$this->save_secret();
		$sealed = get_option( Settings_Fields::OPTION )['secret_access_key'];

		$this->assertSame( 200, $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'secret_access_key' => '' ) )->get_status() );
		$this->assertSame( 200, $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'bucket' => 'other-bucket' ) )->get_status() );
		$this->assertSame( $sealed, get_option( Settings_Fields::OPTION )['secret_access_key'] );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}

	public function test_the_secret_is_in_no_rest_answer(): void {
		$answers = array(
			$this->save_secret(),
			$this->rest( 'GET', '/s3-media-sync/v1/settings' ),
			$this->rest(
				'POST',
				'/s3-media-sync/v1/settings',
				array(
					'secret_access_key' => self::SECRET,
					'bucket'            => 'NOT VALID',
				)
			),
			$this->rest( 'OPTIONS', '/s3-media-sync/v1/settings' ),
			$this->rest( 'GET', '/wp/v2/settings' ),
		);
		foreach ( $answers as $answer ) {
			$json = (string) wp_json_encode( $answer->get_data() );
			$this->assertStringNotContainsString( self::SECRET, $json );
			$this->assertStringNotContainsString( 'sodium-secretbox', $json, 'not even sealed' );
		}
		$this->assertTrue( $answers[1]->get_data()['has_secret_access_key'] );
		$this->assertArrayNotHasKey( 'secret_access_key', $answers[1]->get_data() );
	}

	public function test_core_settings_endpoint_does_not_publish_the_option(): void {
		$this->save_secret();
		$data = $this->rest( 'GET', '/wp/v2/settings' )->get_data();
		$this->assertArrayNotHasKey( Settings_Fields::OPTION, $data );
	}

	public function test_changed_salts_make_the_secret_unreadable_and_say_so(): void {
		$this->save_secret();
		$this->assertTrue( Plugin::settings()->is_configured() );

		add_filter( 'salt', static fn( string $salt ): string => hash( 'sha256', 'new salts ' . $salt ) );

		$this->assertNull( Plugin::settings()->secret() );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertTrue( $data['has_secret_access_key'] );
		$this->assertTrue( $data['secret_unreadable'] );
		$this->assertFalse( $data['configured'] );

		// Entering the secret again under the new salts repairs it.
		$this->assertSame( 200, $this->save_secret()->get_status() );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertFalse( $data['secret_unreadable'] );
		$this->assertTrue( $data['configured'] );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}
}
