<?php
/**
 * The plugin header claims only what this test run proves.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Foundation;

use S3MediaSync\Tests\TestCase;

final class PluginHeaderTest extends TestCase {

	/** @return array<string, string> */
	private function header(): array {
		return array_merge(
			get_plugin_data( \S3MediaSync\PLUGIN_FILE, false, false ),
			get_file_data( \S3MediaSync\PLUGIN_FILE, array( 'License' => 'License' ) )
		);
	}

	public function test_plugin_is_active_from_this_working_tree(): void {
		$this->assertTrue( is_plugin_active( 's3-media-sync/plugin.php' ) );
		$this->assertSame(
			realpath( dirname( __DIR__, 3 ) . '/plugin.php' ),
			realpath( \S3MediaSync\PLUGIN_FILE )
		);
	}

	public function test_header_names_the_plugin_its_text_domain_and_license(): void {
		$header = $this->header();
		$this->assertSame( 'S3 Media Sync', $header['Name'] );
		$this->assertSame( 's3-media-sync', $header['TextDomain'] );
		$this->assertSame( '/languages', $header['DomainPath'] );
		$this->assertSame( 'GPL-2.0-or-later', $header['License'] );
	}

	public function test_version_constant_matches_the_header(): void {
		$this->assertSame( $this->header()['Version'], \S3MediaSync\VERSION );
	}

	public function test_required_versions_are_no_newer_than_what_this_run_uses(): void {
		$header = $this->header();
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', $header['RequiresPHP'] );
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', $header['RequiresWP'] );
		$this->assertTrue(
			version_compare( PHP_VERSION, $header['RequiresPHP'], '>=' ),
			'Requires PHP ' . $header['RequiresPHP'] . ' but the tests ran on ' . PHP_VERSION
		);
		$this->assertTrue(
			version_compare( get_bloginfo( 'version' ), $header['RequiresWP'], '>=' ),
			'Requires at least ' . $header['RequiresWP'] . ' but the tests ran on ' . get_bloginfo( 'version' )
		);
	}

	public function test_every_php_file_declares_strict_types(): void {
		$root  = dirname( __DIR__, 3 );
		$files = array_merge( array( $root . '/plugin.php' ), $this->php_files( $root . '/includes' ) );
		$this->assertGreaterThan( 3, count( $files ) );
		foreach ( $files as $file ) {
			$this->assertStringContainsString( 'declare(strict_types=1);', (string) file_get_contents( $file ), $file );
		}
	}

	/** @return list<string> */
	private function php_files( string $dir ): array {
		$files    = array();
		$iterator = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( $dir, \FilesystemIterator::SKIP_DOTS ) );
		foreach ( $iterator as $file ) {
			if ( $file instanceof \SplFileInfo && 'php' === $file->getExtension() ) {
				$files[] = $file->getPathname();
			}
		}
		return $files;
	}
}
