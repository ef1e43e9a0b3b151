<?php
/**
 * The plugin header claims only what the test runs prove: "Requires at
 * least" is the previous major, which CI runs the PHP and integration suites
 * on, and "Tested up to" the current release, which CI runs every suite on.
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

	/**
	 * Which release this run built its site from: `current`, `previous` (the
	 * previous major, which CI also runs: tools/lib/wordpress-release.ts) or
	 * the Debian suite named.
	 */
	private static function release(): string {
		return (string) ( self::run_state()['site']['wordpressRelease'] ?? 'current' );
	}

	/** major.minor of the WordPress this run uses. */
	private static function running_wordpress(): string {
		$version = (string) get_bloginfo( 'version' );
		self::assertMatchesRegularExpression( '/^\d+\.\d+/', $version );
		preg_match( '/^(\d+)\.(\d+)/', $version, $parts );
		return $parts[1] . '.' . $parts[2];
	}

	/** "Tested up to" of readme.txt, which only the readme carries. */
	private static function tested_up_to(): string {
		$data = get_file_data( dirname( __DIR__, 3 ) . '/readme.txt', array( 'TestedUpTo' => 'Tested up to' ) );
		return (string) $data['TestedUpTo'];
	}

	public function test_requires_php_is_no_newer_than_the_php_this_run_uses(): void {
		$header = $this->header();
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', $header['RequiresPHP'] );
		$this->assertTrue(
			version_compare( PHP_VERSION, $header['RequiresPHP'], '>=' ),
			'Requires PHP ' . $header['RequiresPHP'] . ' but the tests ran on ' . PHP_VERSION
		);
	}

	public function test_requires_at_least_lets_in_the_wordpress_this_run_uses(): void {
		$header = $this->header();
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', $header['RequiresWP'] );
		$this->assertTrue(
			version_compare( self::running_wordpress(), $header['RequiresWP'], '>=' ),
			'Requires at least ' . $header['RequiresWP'] . ' but the tests ran on ' . get_bloginfo( 'version' ) . ' (' . self::release() . ' release)'
		);
	}

	/**
	 * CI runs the suite on the current release and on the previous major:
	 * "Requires at least" is the previous major's major.minor, the lowest
	 * release CI runs, not the one a machine happens to have.
	 */
	public function test_requires_at_least_is_the_lowest_release_ci_runs(): void {
		$requires = $this->header()['RequiresWP'];
		if ( 'previous' === self::release() ) {
			$this->assertSame(
				self::running_wordpress(),
				$requires,
				'This run is on the previous major, the lowest release CI tests: "Requires at least" must name it.'
			);
		} else {
			$this->assertTrue(
				version_compare( $requires, self::running_wordpress(), '<' ),
				'"Requires at least: ' . $requires . '" shuts out the previous major, which CI tests (`npm test -- --wp=previous`).'
			);
		}
	}

	/** "Tested up to" is the current release's major.minor, newer than the previous major's. */
	public function test_tested_up_to_is_the_current_release(): void {
		$tested = self::tested_up_to();
		$this->assertMatchesRegularExpression( '/^\d+\.\d+$/', $tested );
		if ( 'current' === self::release() ) {
			$this->assertSame(
				self::running_wordpress(),
				$tested,
				'readme.txt\'s "Tested up to" must be the current release this run uses.'
			);
		} else {
			$this->assertTrue(
				version_compare( $tested, self::running_wordpress(), '>' ),
				'This run is on the ' . self::release() . ' release (' . get_bloginfo( 'version' ) . '), which is not older than "Tested up to: ' . $tested . '": it is no previous major (see tools/lib/wordpress-release.ts).'
			);
		}
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
