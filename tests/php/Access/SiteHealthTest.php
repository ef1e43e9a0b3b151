<?php
/**
 * Tools → Site Health runs the same check as Test S3 Access, asynchronously
 * through REST as core's own async tests do, and reports its category.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Access;

use S3MediaSync\Admin\Site_Health_Test;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class SiteHealthTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		delete_option( 's3_media_sync_last_test' );
		parent::tearDown();
	}

	public function test_the_async_test_is_registered_with_a_rest_route(): void {
		$tests = apply_filters( 'site_status_tests', array( 'async' => array() ) );
		$this->assertArrayHasKey( Site_Health_Test::ID, $tests['async'] );
		$test = $tests['async'][ Site_Health_Test::ID ];
		$this->assertTrue( $test['has_rest'] );
		$this->assertStringContainsString( 's3-media-sync/v1/site-health', $test['test'] );
		$this->assertIsCallable( $test['async_direct_test'] );
	}

	public function test_the_guide_settings_are_good_and_a_wrong_secret_is_critical_with_the_same_title(): void {
		self::configure_guide_settings();
		$good = $this->rest( 'GET', '/s3-media-sync/v1/site-health' );
		$this->assertSame( 200, $good->get_status() );
		$this->assertSame( 'good', $good->get_data()['status'] );
		$this->assertSame( Site_Health_Test::ID, $good->get_data()['test'] );

		self::configure_guide_settings( array( 'secret_access_key' => 'wrong-secret-for-site-health' ) );
		$bad = $this->rest( 'GET', '/s3-media-sync/v1/site-health' )->get_data();
		$this->assertSame( 'critical', $bad['status'] );
		$this->assertStringContainsString( 'Invalid credentials', $bad['label'] );
		$this->assertStringNotContainsString( 'wrong-secret-for-site-health', (string) wp_json_encode( $bad ) );
		// The same result is what the settings page shows next.
		$this->assertSame( 'invalid_credentials', $this->rest( 'GET', '/s3-media-sync/v1/test' )->get_data()['category'] );
	}

	public function test_not_configured_is_a_recommendation_and_subscribers_are_refused(): void {
		delete_option( Settings_Fields::OPTION );
		$this->assertSame( 'recommended', $this->rest( 'GET', '/s3-media-sync/v1/site-health' )->get_data()['status'] );
		$this->act_as( 'subscriber' );
		$this->assertSame( 403, $this->rest( 'GET', '/s3-media-sync/v1/site-health' )->get_status() );
	}
}
