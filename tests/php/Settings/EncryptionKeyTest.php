<?php
/**
 * S3_MEDIA_SYNC_ENCRYPTION_KEY: a key of its own for the sealed secret, the
 * same on every server, instead of the salts. A secret sealed with the salts
 * moves to it the first time it is read; one sealed with another key is
 * reported unreadable, never a crash. Constants last for the process, so
 * each test runs in its own.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Plugin;
use S3MediaSync\Settings\Secret_Box;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * @runTestsInSeparateProcesses
 * @preserveGlobalState disabled
 */
final class EncryptionKeyTest extends TestCase {

	use Saves_The_Secret;

	private const SECRET = 'Sekr3t/Encryption+Key=Test-0123456789abcd';

	private function stored_secret(): string {
		wp_cache_delete( Settings_Fields::OPTION, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		return (string) ( get_option( Settings_Fields::OPTION )['secret_access_key'] ?? '' );
	}

	public function test_a_secret_sealed_with_the_salts_moves_to_the_constant_on_first_read(): void {
		$this->assertSame( 200, $this->save_secret()->get_status() );
		$with_salts = $this->stored_secret();
		$this->assertTrue( Secret_Box::is_sealed( $with_salts ) );

		define( 'S3_MEDIA_SYNC_ENCRYPTION_KEY', 'a-long-random-key-shared-by-every-server-0123456789' );
		$this->assertSame( self::SECRET, Plugin::settings()->secret(), 'still opens' );
		$migrated = $this->stored_secret();
		$this->assertNotSame( $with_salts, $migrated, 'sealed again, under the constant' );
		$this->assertStringNotContainsString( self::SECRET, $migrated );

		// Now the salts no longer matter: a server with other salts opens it too.
		add_filter( 'salt', static fn( string $salt ): string => hash( 'sha256', 'other server ' . $salt ) );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
		$this->assertSame( $migrated, $this->stored_secret(), 'migrated once' );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertFalse( $data['secret_unreadable'] );
		$this->assertTrue( $data['configured'] );

		// A new secret saved now is sealed under the constant straight away.
		$this->assertSame( 200, $this->save_secret()->get_status() );
		$this->assertSame( self::SECRET, Plugin::settings()->secret() );
	}

	public function test_a_wrong_constant_makes_the_secret_unreadable_and_says_so(): void {
		define( 'S3_MEDIA_SYNC_ENCRYPTION_KEY', 'the-key-this-server-has-0123456789abcdef' );
		$this->assertSame( 200, $this->save_secret()->get_status() );
		// The same secret, sealed on a server whose constant differs.
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$other = Secret_Box::KEY_PREFIX . base64_encode( $nonce . sodium_crypto_secretbox( self::SECRET, $nonce, random_bytes( SODIUM_CRYPTO_SECRETBOX_KEYBYTES ) ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the sealed format.
		update_option( Settings_Fields::OPTION, array_merge( get_option( Settings_Fields::OPTION ), array( 'secret_access_key' => $other ) ), false );

		$this->assertNull( Plugin::settings()->secret() );
		$this->assertSame( $other, $this->stored_secret(), 'nothing rewritten' );
		$data = $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_data();
		$this->assertTrue( $data['has_secret_access_key'] );
		$this->assertTrue( $data['secret_unreadable'] );
		$this->assertFalse( $data['configured'] );

		$test = $this->rest( 'POST', '/s3-media-sync/v1/test' )->get_data();
		$this->assertSame( 'not_configured', $test['category'] );
		$this->assertStringContainsString( 'S3_MEDIA_SYNC_ENCRYPTION_KEY', $test['message'] );
		$this->assertSame( 0, $test['requests'] );
	}
}
