<?php
/**
 * Activation and boot are silent: no output, no notice, no early translation.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Foundation;

use S3MediaSync\Tests\TestCase;

final class ActivationTest extends TestCase {

	public function test_reactivation_emits_no_output_and_no_php_notice(): void {
		$this->act_as( 'administrator' );
		$notices = array();
		// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- collecting notices is the point.
		set_error_handler(
			static function ( int $errno, string $message, string $file, int $line ) use ( &$notices ): bool {
				$notices[] = "$message at $file:$line";
				return true;
			}
		);
		try {
			deactivate_plugins( 's3-media-sync/plugin.php', true );
			$this->assertFalse( is_plugin_active( 's3-media-sync/plugin.php' ) );
			ob_start();
			$result = activate_plugin( 's3-media-sync/plugin.php' );
			$output = (string) ob_get_clean();
		} finally {
			restore_error_handler();
		}
		$this->assertNull( $result );
		$this->assertSame( '', $output );
		$this->assertSame( array(), $notices );
		$this->assertTrue( is_plugin_active( 's3-media-sync/plugin.php' ) );
	}

	public function test_the_installed_site_logged_no_php_notice_from_the_plugin(): void {
		$log = (string) ( defined( 'WP_DEBUG_LOG' ) && is_string( WP_DEBUG_LOG ) ? WP_DEBUG_LOG : '' );
		$this->assertNotSame( '', $log, 'the test site must log to a file' );
		$contents = is_readable( $log ) ? (string) file_get_contents( $log ) : '';
		$this->assertStringNotContainsString( 's3-media-sync', $contents );
		$this->assertStringNotContainsString( '_load_textdomain_just_in_time', $contents );
	}

	public function test_autoloader_finds_plugin_classes_and_ignores_others(): void {
		$this->assertTrue( class_exists( \S3MediaSync\Admin\Asset_Loader::class ) );
		$this->assertFalse( class_exists( 'S3MediaSync\\No\\Such_Class' ) );
		$this->assertFalse( class_exists( 'Another\\Plugin\\Asset_Loader' ) );
	}
}
