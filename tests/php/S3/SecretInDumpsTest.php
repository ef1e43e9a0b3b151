<?php
/**
 * The secret, the session token and the signing key derived from the secret
 * appear in no var_dump or print_r of the objects holding them, and in no
 * exception trace of a function that takes them (PHP records arguments in
 * traces unless `#[\SensitiveParameter]` hides them).
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\S3\Credentials;
use S3MediaSync\S3\Signer;
use S3MediaSync\Settings\Secret_Box;
use S3MediaSync\Settings\Settings_Store;
use S3MediaSync\Tests\TestCase;

final class SecretInDumpsTest extends TestCase {

	private const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
	private const TOKEN  = 'IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKENvalue0123456789';

	/** @var string|false */
	private string|false $ignore_args = false;

	protected function setUp(): void {
		parent::setUp();
		// Traces carry arguments only with this off (php.ini-development's value).
		$this->ignore_args = ini_set( 'zend.exception_ignore_args', '0' );
	}

	protected function tearDown(): void {
		remove_all_filters( 'salt' );
		if ( false !== $this->ignore_args ) {
			ini_set( 'zend.exception_ignore_args', $this->ignore_args );
		}
		parent::tearDown();
	}

	/** Every form the secret or a key derived from it could take in a dump. */
	private function assert_no_secret( string $dump ): void {
		$this->assertStringNotContainsString( self::SECRET, $dump );
		$this->assertStringNotContainsString( self::TOKEN, $dump );
		$key = hash_hmac( 'sha256', gmdate( 'Ymd', 1_800_000_000 ), 'AWS4' . self::SECRET, true );
		foreach ( array( 'us-east-1', 's3', 'aws4_request' ) as $step ) {
			$key = hash_hmac( 'sha256', $step, $key, true );
			$this->assertStringNotContainsString( $key, $dump, 'no raw signing key (or step towards it)' );
			$this->assertStringNotContainsString( bin2hex( $key ), $dump, 'no hex signing key' );
		}
	}

	private static function dump( mixed $value ): string {
		ob_start();
		var_dump( $value ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_dump -- what the test is about.
		return (string) ob_get_clean() . print_r( $value, true ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_print_r -- the same.
	}

	/** The trace as a log would write it, and every argument it holds that is not an object (WordPress's hooks would be megabytes). */
	private static function trace( \Throwable $e ): string {
		$args = array();
		foreach ( $e->getTrace() as $frame ) {
			foreach ( $frame['args'] ?? array() as $arg ) {
				$args[] = is_object( $arg ) ? get_class( $arg ) : $arg;
			}
		}
		return $e->getTraceAsString() . self::dump( $args );
	}

	public function test_credentials_and_a_signer_that_has_signed_dump_without_secrets(): void {
		$credentials = new Credentials( 'ASIAIOSFODNN7EXAMPLE', self::SECRET, self::TOKEN );
		$signer      = new Signer( $credentials, 'us-east-1' );
		$signer->sign( 'GET', 'https://bucket.s3.amazonaws.com/a.jpg', array(), Signer::EMPTY_SHA256, 1_800_000_000 );
		$signer->presign( 'GET', 'https://bucket.s3.amazonaws.com/a.jpg', 900, 1_800_000_000 );

		$dump = self::dump( $credentials ) . self::dump( $signer ) . self::dump( array( $signer ) )
			. var_export( $signer, true ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_export -- var_export ignores __debugInfo: nothing secret may be a property.
		$this->assert_no_secret( $dump );
		$this->assertStringContainsString( 'ASIAIOSFODNN7EXAMPLE', $dump, 'the key id is still shown: it is what a dump is for' );
	}

	public function test_a_trace_through_sealing_does_not_show_the_secret(): void {
		add_filter(
			'salt',
			static function (): string {
				throw new \RuntimeException( 'salts unavailable' );
			}
		);
		try {
			Secret_Box::seal( self::SECRET );
			$this->fail( 'the salt filter throws' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringContainsString( 'Secret_Box::seal', $e->getTraceAsString(), 'the trace goes through seal()' );
			$this->assert_no_secret( self::trace( $e ) );
		}
	}

	public function test_a_trace_through_saving_the_settings_does_not_show_the_secret(): void {
		add_filter(
			'salt',
			static function (): string {
				throw new \RuntimeException( 'salts unavailable' );
			}
		);
		try {
			( new Settings_Store() )->update( array( 'secret_access_key' => self::SECRET ) );
			$this->fail( 'the salt filter throws' );
		} catch ( \RuntimeException $e ) {
			$this->assertStringContainsString( 'Settings_Store->update', $e->getTraceAsString() );
			$this->assert_no_secret( self::trace( $e ) );
		}
	}
}
