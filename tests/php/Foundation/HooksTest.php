<?php
/**
 * Hooks.php is the one screen that says which class answers which hook
 * (Serving_Hooks.php for serving's filters): every class that adds a hook
 * is registered there, with the hooks it adds named beside it; and the
 * plugin starts on plugins_loaded only where the site has what it needs.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Foundation;

use S3MediaSync\Requirements;
use S3MediaSync\Tests\TestCase;

final class HooksTest extends TestCase {

	private static function root(): string {
		return dirname( __DIR__, 3 );
	}

	public function test_every_hook_a_class_adds_is_named_where_the_class_is_registered(): void {
		$hooks   = (string) file_get_contents( self::root() . '/includes/Hooks.php' );
		$serving = (string) file_get_contents( self::root() . '/includes/Media/Serving/Serving_Hooks.php' );
		$tree    = new \RecursiveIteratorIterator( new \RecursiveDirectoryIterator( self::root() . '/includes', \FilesystemIterator::SKIP_DOTS ) );
		$missing = array();
		$classes = 0;
		foreach ( $tree as $file ) {
			$path = $file instanceof \SplFileInfo ? $file->getPathname() : '';
			if ( ! str_ends_with( $path, '.php' ) || in_array( basename( $path ), array( 'Hooks.php', 'Plugin.php', 'Serving_Hooks.php' ), true ) ) {
				continue;
			}
			$code = (string) file_get_contents( $path );
			if ( 0 === preg_match_all( '/add_(?:action|filter)\(\s*[\'"]([a-z0-9_]+)/', $code, $found ) ) {
				continue;
			}
			++$classes;
			$screen = str_contains( $path, '/Media/Serving/' ) ? $serving : $hooks;
			$class  = basename( $path, '.php' );
			if ( ! str_contains( $screen, $class ) ) {
				$missing[] = "$class is not registered where the hooks are listed";
			}
			foreach ( array_unique( $found[1] ) as $hook ) {
				if ( ! str_contains( $screen, $hook ) ) {
					$missing[] = "$class adds $hook, which is not named beside it";
				}
			}
		}
		$this->assertGreaterThan( 20, $classes );
		$this->assertSame( array(), $missing );
	}

	public function test_the_plugin_starts_on_plugins_loaded_and_its_requirements_match_its_header(): void {
		$this->assertNotFalse( has_action( 'plugins_loaded', array( \S3MediaSync\Plugin::class, 'start' ) ) );
		$header = get_file_data( self::root() . '/plugin.php', array( 'wp' => 'Requires at least', 'php' => 'Requires PHP' ) );
		$this->assertSame( $header['wp'], Requirements::WORDPRESS );
		$this->assertSame( $header['php'], Requirements::PHP );
		$this->assertSame( array(), Requirements::current_problems() );
	}

	public function test_a_site_that_lacks_something_is_told_what(): void {
		$problems = Requirements::problems( '8.1.2', '6.7', false, false );
		$this->assertCount( 4, $problems );
		$this->assertStringContainsString( '8.2', $problems[0] );
		$this->assertStringContainsString( '6.7', $problems[1] );
		$this->assertStringContainsString( 'sodium', $problems[2] );
		$this->assertStringContainsString( 'curl', $problems[3] );
		$this->assertSame( array(), Requirements::problems( '8.3.0', '7.1.4', true, true ) );

		$this->act_as( 'administrator' );
		ob_start();
		Requirements::notice( array( 'PHP <b>9</b>' ) );
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'S3 Media Sync is not running', $html );
		$this->assertStringContainsString( 'PHP &lt;b&gt;9&lt;/b&gt;', $html );
	}
}
