<?php
/**
 * Settings → S3 Media Sync exists for administrators only and loads the
 * built React app with its translations.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Foundation;

use S3MediaSync\Access\Last_Result;
use S3MediaSync\Admin\Settings_Page;
use S3MediaSync\Tests\TestCase;

final class SettingsPageTest extends TestCase {

	private function build_admin_menu(): string {
		global $submenu, $_wp_submenu_nopriv, $_registered_pages;
		$submenu            = array();
		$_wp_submenu_nopriv = array();
		$_registered_pages  = array();
		$page               = new Settings_Page();
		$page->add_page();
		return (string) get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' );
	}

	public function test_administrators_get_the_page_under_settings(): void {
		$this->act_as( 'administrator' );
		$this->build_admin_menu();
		global $submenu;
		$entries = array_column( $submenu['options-general.php'] ?? array(), 2 );
		$this->assertContains( Settings_Page::SLUG, $entries );
		$entry = array_values( array_filter( $submenu['options-general.php'], static fn( $item ) => Settings_Page::SLUG === $item[2] ) )[0];
		$this->assertSame( 'manage_options', $entry[1] );
		$this->assertSame( 'S3 Media Sync', $entry[0] );
	}

	public function test_editors_do_not_get_the_page(): void {
		$this->act_as( 'editor' );
		$this->build_admin_menu();
		global $submenu;
		$this->assertNotContains( Settings_Page::SLUG, array_column( $submenu['options-general.php'] ?? array(), 2 ) );
	}

	public function test_page_enqueues_the_built_script_with_dependencies_and_translations(): void {
		$this->act_as( 'administrator' );
		$this->assertFileExists( dirname( __DIR__, 3 ) . '/build/settings.asset.php', 'run the build first' );
		$page = new Settings_Page();
		$page->add_page();
		$hook = get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' );

		$page->enqueue( 'index.php' );
		$this->assertFalse( wp_script_is( 's3-media-sync-settings', 'enqueued' ), 'loaded on another screen' );

		$page->enqueue( $hook );
		$this->assertTrue( wp_script_is( 's3-media-sync-settings', 'enqueued' ) );
		$script = wp_scripts()->registered['s3-media-sync-settings'];
		$this->assertSame( 's3-media-sync', $script->textdomain );
		$this->assertContains( 'wp-element', $script->deps );
		$this->assertContains( 'wp-components', $script->deps );
		$this->assertStringEndsWith( '/s3-media-sync/build/settings.js', (string) strtok( (string) $script->src, '?' ) );
	}

	/**
	 * A dependency WordPress does not register keeps the whole page from
	 * loading, silently. The build asks for `react-jsx-runtime`, which
	 * WordPress registers from 6.6 on: this runs on the current release and
	 * on the previous major ("Requires at least").
	 */
	public function test_every_dependency_of_the_built_script_is_registered_by_this_wordpress(): void {
		$asset = dirname( __DIR__, 3 ) . '/build/settings.asset.php';
		$this->assertFileExists( $asset, 'run the build first' );
		$deps = ( require $asset )['dependencies'];
		$this->assertContains( 'react-jsx-runtime', $deps );
		$missing = array_values( array_filter( $deps, static fn ( string $handle ): bool => ! wp_script_is( $handle, 'registered' ) ) );
		$this->assertSame( array(), $missing, 'WordPress ' . get_bloginfo( 'version' ) . ' registers no script of these handles' );
	}

	public function test_page_enqueues_the_built_stylesheet_with_its_right_to_left_twin(): void {
		$this->act_as( 'administrator' );
		$build = dirname( __DIR__, 3 ) . '/build';
		$this->assertFileExists( "$build/settings.css", 'run the build first' );
		$this->assertFileExists( "$build/settings-rtl.css" );
		$page = new Settings_Page();
		$page->add_page();

		$page->enqueue( (string) get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' ) );

		$this->assertTrue( wp_style_is( 's3-media-sync-settings', 'enqueued' ) );
		$this->assertContains( 'wp-components', wp_styles()->registered['s3-media-sync-settings']->deps );
		$this->assertSame( 'replace', wp_styles()->get_data( 's3-media-sync-settings', 'rtl' ) );
	}

	/**
	 * The page's first reads are answered from its HTML: also GET /test when
	 * the test never ran (a 404 is not preloaded by WordPress, and the page
	 * would ask for it and log the 404 in the browser's console).
	 *
	 * @return array<string, mixed> Path => preloaded answer.
	 */
	private function preloaded_answers(): array {
		$page = new Settings_Page();
		$page->add_page();
		$page->enqueue( (string) get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' ) );
		$inline = (array) wp_scripts()->get_data( 'wp-api-fetch', 'after' );
		// The last one: scripts stay registered from test to test.
		$this->assertSame( 1, preg_match( '/createPreloadingMiddleware\( (.*) \) \);/', (string) end( $inline ), $match ) );
		return json_decode( $match[1], true );
	}

	public function test_a_test_that_never_ran_is_preloaded_as_an_empty_answer(): void {
		$this->act_as( 'administrator' );
		delete_option( Last_Result::OPTION );

		$answers = $this->preloaded_answers();

		$this->assertArrayHasKey( '/s3-media-sync/v1/test', $answers );
		$this->assertNull( $answers['/s3-media-sync/v1/test']['body'] );
		$this->assertArrayHasKey( '/s3-media-sync/v1/settings', $answers );
	}

	public function test_the_last_test_result_is_preloaded_as_it_is(): void {
		$this->act_as( 'administrator' );
		$result = array(
			'ok'        => true,
			'category'  => 'ok',
			'title'     => 'S3 access works',
			'message'   => 'Every permission works.',
			'tested_at' => '2026-11-27T12:00:00Z',
			'checks'    => array(),
		);
		update_option( Last_Result::OPTION, $result, false );

		$answers = $this->preloaded_answers();
		delete_option( Last_Result::OPTION );

		$this->assertSame( 'ok', $answers['/s3-media-sync/v1/test']['body']['category'] );
	}

	public function test_page_renders_the_mount_point_for_administrators_only(): void {
		$this->act_as( 'subscriber' );
		ob_start();
		( new Settings_Page() )->render();
		$this->assertSame( '', (string) ob_get_clean() );

		$this->act_as( 'administrator' );
		ob_start();
		( new Settings_Page() )->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'id="' . Settings_Page::ROOT_ID . '"', $html );
	}
}
