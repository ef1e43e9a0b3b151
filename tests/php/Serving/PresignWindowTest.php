<?php
/**
 * Presigned URLs the browser can cache: private media is signed for a time
 * window, so every page view in the window hands out the same URL for an
 * object, and each URL stays valid at least `presign_expiry` seconds from
 * when it was handed out, never past S3's 7-day limit. The window boundary
 * is crossed by moving the plugin's clock (its offset option, as a
 * RequestTimeTooSkewed answer would), and the S3 front, which checks the
 * signature with the AWS SDK's signer and the expiry against its own clock,
 * judges the URLs.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\S3\Clock;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class PresignWindowTest extends ServingTestCase {

	private const EXPIRY = 600;

	protected function tearDown(): void {
		delete_option( Clock::OPTION );
		parent::tearDown();
	}

	public function test_the_same_url_for_a_whole_window_and_a_new_one_after_it_each_valid_at_least_the_expiry(): void {
		self::configure_guide_settings(
			array(
				'object_acl'     => 'private',
				'presign_expiry' => self::EXPIRY,
			)
		);
		$id = $this->synced_image( 'windowed' );

		// The plugin's clock put on the first second of a window, then on its last, then on the next window's first.
		$now   = time();
		$start = $now - ( $now % self::EXPIRY );
		$first = $this->url_at( $id, $start );
		$last  = $this->url_at( $id, $start + self::EXPIRY - 1 );
		$next  = $this->url_at( $id, $start + self::EXPIRY );

		$this->assertSame( $first, $last, 'one URL for the whole window: the browser caches it once' );
		$this->assertNotSame( $last, $next, 'a new window, a new URL' );

		foreach ( array( array( $first, $start ), array( $last, $start + self::EXPIRY - 1 ), array( $next, $start + self::EXPIRY ) ) as list( $url, $handed_out ) ) {
			$query = self::query( $url );
			$this->assertSame( gmdate( 'Ymd\THis\Z', $handed_out - ( $handed_out % self::EXPIRY ) ), $query['X-Amz-Date'], 'signed at the start of its window' );
			$this->assertSame( (string) ( 2 * self::EXPIRY ), $query['X-Amz-Expires'] );
			$this->assertGreaterThanOrEqual( self::EXPIRY, self::valid_until( $query ) - $handed_out, 'valid at least the expiry from when it was handed out' );
			$this->assertSame( 200, self::status_of( $url ), 'the front accepts it: ' . $url );
		}
	}

	public function test_a_url_of_a_window_long_gone_is_refused_by_the_front(): void {
		self::configure_guide_settings(
			array(
				'object_acl'     => 'private',
				'presign_expiry' => self::EXPIRY,
			)
		);
		$id = $this->synced_image( 'window-gone' );

		// Signed three windows ago: its 2 × 600 s have run out, so the front's expiry check is live.
		$stale = $this->url_at( $id, time() - 3 * self::EXPIRY );
		$this->assertSame( 403, self::status_of( $stale ), $stale );
		$this->assertSame( 200, self::status_of( $this->url_at( $id, time() ) ) );
	}

	/**
	 * @dataProvider long_expiries
	 */
	public function test_long_expiries_stay_within_s3s_seven_days_and_still_last_the_expiry( int $expiry ): void {
		self::configure_guide_settings(
			array(
				'object_acl'     => 'private',
				'presign_expiry' => $expiry,
			)
		);
		$id = $this->synced_image( 'long-' . $expiry );

		$now   = time();
		$query = self::query( $this->url_at( $id, $now ) );
		$this->assertLessThanOrEqual( 604800, (int) $query['X-Amz-Expires'] );
		$this->assertGreaterThanOrEqual( $expiry, self::valid_until( $query ) - $now );
		$this->assertSame( 200, self::status_of( $this->url_at( $id, $now ) ) );
	}

	/** @return array<string, array{int}> */
	public static function long_expiries(): array {
		return array(
			'half a week'          => array( 302400 ),
			'more than half'       => array( 500000 ),
			'the whole seven days' => array( 604800 ),
		);
	}

	/** The attachment's URL as a page would print it with the plugin's clock at `$at`. */
	private function url_at( int $id, int $at ): string {
		update_option( Clock::OPTION, $at - time(), false );
		// A new request: serving builds its presigner (and clock) afresh.
		do_action( 's3_media_sync_settings_updated', array() );
		$url = (string) wp_get_attachment_url( $id );
		$this->assertStringContainsString( 'X-Amz-Signature=', $url );
		return $url;
	}

	/** @return array<string, string> */
	private static function query( string $url ): array {
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		return array_map( 'strval', $query );
	}

	/** @param array<string, string> $query A presigned URL's query. */
	private static function valid_until( array $query ): int {
		$signed = \DateTimeImmutable::createFromFormat( 'Ymd\THis\Z', $query['X-Amz-Date'], new \DateTimeZone( 'UTC' ) );
		self::assertInstanceOf( \DateTimeImmutable::class, $signed );
		return $signed->getTimestamp() + (int) $query['X-Amz-Expires'];
	}
}
