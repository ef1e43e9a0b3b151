<?php
/**
 * The test translation (languages/s3-media-sync-de_DE.*) proves that
 * both kinds of string reach a German site: PHP strings through the .mo that
 * the plugin's load_plugin_textdomain() registered, and the settings page's
 * script strings through the JSON file WordPress finds by the md5 of the
 * built script's path (build/settings.js).
 *
 * The locale is switched with the determine_locale filter: switch_to_locale()
 * only accepts locales whose core translations are installed, and this site
 * has none.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Release;

use S3MediaSync\Admin\Settings_Page;
use S3MediaSync\Plugin;
use S3MediaSync\Tests\TestCase;

final class TranslationTest extends TestCase {

	private const DOMAIN = 's3-media-sync';
	private const HANDLE = 's3-media-sync-settings';

	public static function german(): string {
		return 'de_DE';
	}

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'determine_locale', array( self::class, 'german' ) );
		add_filter( 'locale', array( self::class, 'german' ) );
		// Whatever was loaded in English is dropped; the next string loads the German file.
		unload_textdomain( self::DOMAIN, true );
	}

	protected function tearDown(): void {
		remove_filter( 'determine_locale', array( self::class, 'german' ) );
		remove_filter( 'locale', array( self::class, 'german' ) );
		unload_textdomain( self::DOMAIN, true );
		wp_dequeue_script( self::HANDLE );
		wp_deregister_script( self::HANDLE );
		parent::tearDown();
	}

	public function test_php_strings_are_translated_from_the_plugins_languages_folder(): void {
		$this->assertSame( 'de_DE', determine_locale() );
		$this->assertFileExists( Plugin::path( 'languages/s3-media-sync-de_DE.mo' ) );
		$this->assertSame( 'Nur Administratoren können S3 Media Sync verwalten.', __( 'Only administrators can manage S3 Media Sync.', 's3-media-sync' ) );
		$this->assertSame( '%d Sekunden', _n( '%d second', '%d seconds', 5, 's3-media-sync' ) );
		$this->assertTrue( is_textdomain_loaded( self::DOMAIN ) );

		// Through the plugin's own code: the REST permission error a subscriber gets.
		$this->act_as( 'subscriber' );
		$response = $this->rest( 'GET', '/s3-media-sync/v1/settings' );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'Nur Administratoren können S3 Media Sync verwalten.', $response->get_data()['message'] );
	}

	public function test_the_settings_script_gets_its_json_translations(): void {
		$this->act_as( 'administrator' );
		$page = new Settings_Page();
		$page->add_page();
		$page->enqueue( (string) get_plugin_page_hookname( Settings_Page::SLUG, 'options-general.php' ) );
		$this->assertTrue( wp_script_is( self::HANDLE, 'enqueued' ), 'run the build first' );

		$expected = Plugin::path( 'languages/s3-media-sync-de_DE-' . md5( 'build/settings.js' ) . '.json' );
		$this->assertFileExists( $expected );

		$json = load_script_textdomain( self::HANDLE, self::DOMAIN, Plugin::path( 'languages' ) );
		$this->assertIsString( $json, 'WordPress found no JSON file for build/settings.js' );
		$data     = json_decode( $json, true, 16, JSON_THROW_ON_ERROR );
		$messages = $data['locale_data']['messages'];
		$this->assertSame( array( 'Änderungen speichern' ), $messages['Save Changes'] );
		$this->assertSame( array( 'Amazon-S3-Verbindung' ), $messages['Amazon S3 connection'] );
		$this->assertSame( 'de_DE', $messages['']['lang'] );

		// What the page prints before the script: wp.i18n.setLocaleData with those strings.
		$inline = (string) wp_scripts()->print_translations( self::HANDLE, false );
		$this->assertStringContainsString( 'setLocaleData', $inline );
		$this->assertStringContainsString( '"s3-media-sync"', $inline );
		$this->assertStringContainsString( 'nderungen speichern', $inline );
	}
}
