<?php
/**
 * Site Health warns when the stored secret is sealed with salts WordPress
 * keeps in the database (wp-config.php lacks them) and no
 * S3_MEDIA_SYNC_ENCRYPTION_KEY is set: a copy of the database alone would
 * then open it. The test site's wp-config.php defines its salts, so the
 * constants the check reads are given to it here.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Access;

use S3MediaSync\Admin\Encryption_Key_Health_Test;
use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

final class EncryptionKeyHealthTest extends TestCase {

	private const SALTS = array(
		'AUTH_KEY'         => 'auth key 8f2c6e0d4b1a9f3e7c5d2b8a6e4f1c3d',
		'SECURE_AUTH_KEY'  => 'secure auth key 1d3f5b7a9c2e4f6a8b0d1c3e5f7a9b2c',
		'AUTH_SALT'        => 'auth salt 7a5c3e1f9d2b4c6e8a0f1d3b5c7e9a2d',
		'SECURE_AUTH_SALT' => 'secure auth salt 3c1e5a7f9b2d4e6c8a0b1f3d5e7c9a2b',
	);

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		Plugin::settings()->update(
			array(
				'access_key_id'     => 'AKIAIOSFODNN7EXAMPLE',
				'secret_access_key' => 'a-stored-secret-0123456789',
				'bucket'            => 'health-bucket',
			)
		);
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	/** @param array<string, string> $constants The constants wp-config.php would define. */
	private function result( array $constants ): array {
		$test = new Encryption_Key_Health_Test( Plugin::settings(), static fn( string $name ): mixed => $constants[ $name ] ?? null );
		return $test->result();
	}

	public function test_it_is_registered(): void {
		$tests = apply_filters( 'site_status_tests', array( 'direct' => array() ) );
		$this->assertArrayHasKey( Encryption_Key_Health_Test::ID, $tests['direct'] );
	}

	public function test_salts_in_the_database_without_the_constant_are_a_warning(): void {
		foreach ( array(
			'no salts in wp-config.php'        => array(),
			'one missing'                      => array_slice( self::SALTS, 0, 3 ),
			'the sample phrase'                => array_merge( self::SALTS, array( 'AUTH_KEY' => 'put your unique phrase here' ) ),
			'two the same (WordPress skips both)' => array_merge( self::SALTS, array( 'AUTH_SALT' => self::SALTS['AUTH_KEY'] ) ),
		) as $case => $constants ) {
			$result = $this->result( $constants );
			$this->assertSame( 'recommended', $result['status'], $case );
			$this->assertSame( Encryption_Key_Health_Test::ID, $result['test'] );
			$this->assertStringContainsString( 'S3_MEDIA_SYNC_ENCRYPTION_KEY', $result['actions'], $case );
		}
	}

	public function test_salts_in_wp_config_or_the_constant_are_good(): void {
		$this->assertSame( 'good', $this->result( self::SALTS )['status'] );
		$this->assertSame( 'good', $this->result( array( 'S3_MEDIA_SYNC_ENCRYPTION_KEY' => 'a-long-random-key-0123456789abcdef' ) )['status'] );
	}

	public function test_no_stored_secret_is_good(): void {
		delete_option( Settings_Fields::OPTION );
		$this->assertSame( 'good', $this->result( array() )['status'] );
	}
}
