<?php
/**
 * Private media (and every object when `sign_urls` is on) is served through
 * presigned GET URLs of the bucket: they load, the plain URL does not, and
 * each is exactly the SigV4 URL for that key, time and expiry.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\Media\Offload_State;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class PresignedUrlsTest extends ServingTestCase {

	public function test_a_private_image_loads_through_presigned_urls_and_not_through_its_plain_url(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$id   = $this->synced_image( 'private-photo' );
		$keys = $this->keys( $id );
		$this->assertSame( 'private', Offload_State::of( $id )->acl );

		$urls = array_merge(
			array( (string) wp_get_attachment_url( $id ), (string) wp_get_attachment_image_src( $id, 'medium' )[0] ),
			self::srcset_urls( (string) wp_get_attachment_image_srcset( $id, 'large' ) )
		);
		$this->assertGreaterThanOrEqual( 5, count( $urls ) );
		foreach ( $urls as $url ) {
			$plain = strtok( $url, '?' );
			$this->assertContains( $plain, array_map( static fn( string $key ): string => self::bucket_url( $key ), $keys ) );
			$this->assertStringContainsString( 'X-Amz-Signature=', $url );
			$this->assertSame( 200, self::status_of( $url ), $url );
			$this->assertSame( 403, self::status_of( $plain ), 'the object itself is private: ' . $plain );
		}
	}

	public function test_the_presigned_url_is_the_sigv4_url_for_the_key_time_and_expiry(): void {
		self::configure_guide_settings(
			array(
				'object_acl'     => 'private',
				'presign_expiry' => 600,
			)
		);
		$id   = $this->synced_image( 'signed-photo' );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		$key  = $this->keys( $id )[ $file ];

		$before = time();
		$url    = (string) wp_get_attachment_url( $id );
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$signed_at = \DateTimeImmutable::createFromFormat( 'Ymd\THis\Z', (string) $query['X-Amz-Date'], new \DateTimeZone( 'UTC' ) );
		$this->assertInstanceOf( \DateTimeImmutable::class, $signed_at );
		// Signed for the 600-second window it was handed out in, valid for two (PresignWindowTest).
		$this->assertSame( 0, $signed_at->getTimestamp() % 600, 'signed at the start of a window' );
		$this->assertEqualsWithDelta( $before - ( $before % 600 ), $signed_at->getTimestamp(), 600, 'the current window' );
		$this->assertSame( '1200', $query['X-Amz-Expires'] );

		$this->assertSame( self::sigv4_presigned_get( $key, $signed_at->getTimestamp(), 1200 ), $url );
	}

	public function test_sign_urls_presigns_public_objects_with_the_bucket_url_not_the_delivery_url(): void {
		$id   = $this->synced_image( 'signed-public' );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		self::configure_guide_settings(
			array(
				'sign_urls'    => true,
				'delivery_url' => 'https://cdn.example.test',
			)
		);

		$url = (string) wp_get_attachment_url( $id );
		$this->assertStringStartsWith( self::bucket_url( $this->keys( $id )[ $file ] ) . '?', $url );
		$this->assertStringContainsString( 'X-Amz-Signature=', $url );
		$this->assertSame( 200, self::status_of( $url ) );
	}

	public function test_the_acl_recorded_for_the_attachment_wins_over_the_setting(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$private = $this->synced_image( 'stays-private' );
		self::configure_guide_settings( array( 'object_acl' => 'public-read' ) );
		$public = $this->synced_image( 'stays-public' );

		$this->assertStringContainsString( 'X-Amz-Signature=', (string) wp_get_attachment_url( $private ), 'objects written private stay presigned' );
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$this->assertStringNotContainsString( '?', (string) wp_get_attachment_url( $public ), 'objects written public-read stay plain' );
		$this->assertSame( 200, self::status_of( (string) wp_get_attachment_url( $public ) ) );
	}

	/** Signature Version 4 query signing, written out here apart from the plugin's signer. */
	private static function sigv4_presigned_get( string $key, int $time, int $expires ): string {
		$s3     = self::run_state()['s3'];
		$parts  = wp_parse_url( $s3['endpoint'] );
		$host   = $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
		$path   = '/' . $s3['bucket'] . '/' . implode( '/', array_map( 'rawurlencode', explode( '/', $key ) ) );
		$day    = gmdate( 'Ymd', $time );
		$scope  = $day . '/' . $s3['region'] . '/s3/aws4_request';
		$query  = 'X-Amz-Algorithm=AWS4-HMAC-SHA256'
			. '&X-Amz-Credential=' . rawurlencode( $s3['user']['accessKeyId'] . '/' . $scope )
			. '&X-Amz-Date=' . gmdate( 'Ymd\THis\Z', $time )
			. '&X-Amz-Expires=' . $expires
			. '&X-Amz-SignedHeaders=host';
		$request = "GET\n{$path}\n{$query}\nhost:{$host}\n\nhost\nUNSIGNED-PAYLOAD";
		$to_sign = "AWS4-HMAC-SHA256\n" . gmdate( 'Ymd\THis\Z', $time ) . "\n{$scope}\n" . hash( 'sha256', $request );
		$signing = 'AWS4' . $s3['user']['secretAccessKey'];
		foreach ( array( $day, $s3['region'], 's3', 'aws4_request' ) as $part ) {
			$signing = hash_hmac( 'sha256', $part, $signing, true );
		}
		return $parts['scheme'] . '://' . $host . $path . '?' . $query . '&X-Amz-Signature=' . hash_hmac( 'sha256', $to_sign, $signing );
	}
}
