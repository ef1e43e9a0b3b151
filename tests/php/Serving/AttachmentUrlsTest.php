<?php
/**
 * What WordPress hands out for an attachment (its URL, image src, srcset)
 * is the S3 URL of each file once the attachment is synced, and the local
 * URL otherwise.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Object_Keys;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class AttachmentUrlsTest extends ServingTestCase {

	public function test_a_synced_image_url_src_and_srcset_are_s3_urls_that_load(): void {
		$id   = $this->synced_image();
		$keys = $this->keys( $id );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );

		$this->assertSame( self::bucket_url( $keys[ $file ] ), wp_get_attachment_url( $id ) );

		$medium = wp_get_attachment_image_src( $id, 'medium' );
		$this->assertIsArray( $medium );
		$meta = wp_get_attachment_metadata( $id );
		$this->assertSame( self::bucket_url( $keys[ dirname( $file ) . '/' . $meta['sizes']['medium']['file'] ] ), $medium[0] );
		$this->assertSame( array( 300, 225 ), array( $medium[1], $medium[2] ) );

		$srcset = wp_get_attachment_image_srcset( $id, 'large' );
		$this->assertIsString( $srcset );
		$urls = self::srcset_urls( $srcset );
		$this->assertGreaterThanOrEqual( 4, count( $urls ), $srcset );
		$expected = array_map( static fn( string $key ): string => self::bucket_url( $key ), $keys );
		foreach ( array_merge( array( wp_get_attachment_url( $id ), $medium[0] ), $urls ) as $url ) {
			$this->assertContains( $url, $expected, 'every URL is the S3 URL of one of its keys' );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
	}

	public function test_wp_get_attachment_image_prints_s3_src_and_srcset(): void {
		$id   = $this->synced_image();
		$html = wp_get_attachment_image( $id, 'large' );
		$this->assertStringContainsString( ' srcset="', $html );
		$urls = self::html_urls( $html );
		$this->assertNotEmpty( $urls );
		foreach ( $urls as $url ) {
			$this->assertStringStartsWith( self::bucket_url( '' ), $url );
		}
		$this->assertStringNotContainsString( self::uploads_url(), $html );
	}

	public function test_a_name_with_non_ascii_letters_gets_s3_src_and_srcset_that_load(): void {
		$id   = $this->synced_image( 'café-日本' );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		$this->assertStringContainsString( '日本', $file, 'WordPress keeps non-ASCII letters (it only removes accents)' );

		$html = wp_get_attachment_image( $id, 'large' );
		$this->assertStringContainsString( ' srcset="', $html );
		$urls = self::html_urls( $html );
		$this->assertGreaterThanOrEqual( 4, count( $urls ) );
		foreach ( $urls as $url ) {
			$this->assertContains( $url, array_map( static fn( string $key ): string => self::bucket_url( $key ), $this->keys( $id ) ) );
			$this->assertSame( 200, self::status_of( $url ), $url );
		}
	}

	public function test_an_unsynced_image_keeps_local_urls(): void {
		$id   = $this->unsynced_image();
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );

		$this->assertSame( self::uploads_url() . $file, wp_get_attachment_url( $id ) );
		$this->assertStringStartsWith( self::uploads_url(), (string) wp_get_attachment_image_src( $id, 'medium' )[0] );
		foreach ( self::srcset_urls( (string) wp_get_attachment_image_srcset( $id, 'large' ) ) as $url ) {
			$this->assertStringStartsWith( self::uploads_url(), $url );
		}
	}

	public function test_a_size_that_never_reached_s3_is_served_locally(): void {
		$id    = $this->synced_image();
		$state = Offload_State::of( $id );
		$file  = (string) get_post_meta( $id, '_wp_attached_file', true );
		$meta  = wp_get_attachment_metadata( $id );
		$thumb = dirname( $file ) . '/' . $meta['sizes']['thumbnail']['file'];
		$keys  = $state->keys;
		unset( $keys[ $thumb ] );
		( new Offload_State( Offload_State::SYNCED, $state->bucket, $state->acl, $keys ) )->save( $id );

		$this->assertSame( self::uploads_url() . $thumb, wp_get_attachment_image_src( $id, 'thumbnail' )[0] );
		$this->assertSame( self::bucket_url( $keys[ $file ] ), wp_get_attachment_url( $id ) );
	}

	public function test_with_serving_off_every_url_is_local(): void {
		$id = $this->synced_image();
		self::configure_guide_settings( array( 'serve_from_s3' => false ) );

		$this->assertStringStartsWith( self::uploads_url(), (string) wp_get_attachment_url( $id ) );
		$this->assertStringStartsWith( self::uploads_url(), (string) wp_get_attachment_image_src( $id, 'medium' )[0] );
		$html = wp_get_attachment_image( $id, 'large' );
		foreach ( self::html_urls( $html ) as $url ) {
			$this->assertStringStartsWith( self::uploads_url(), $url );
		}
		$rendered = apply_filters( 'the_content', $this->image_block( $id ) );
		$this->assertStringNotContainsString( self::bucket_url( '' ), $rendered );
	}

	public function test_a_delivery_url_replaces_the_bucket_url(): void {
		$id   = $this->synced_image();
		$keys = $this->keys( $id );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		self::configure_guide_settings( array( 'delivery_url' => 'https://cdn.example.test/media/' ) );

		$this->assertSame( 'https://cdn.example.test/media/' . $keys[ $file ], wp_get_attachment_url( $id ) );
		foreach ( self::srcset_urls( (string) wp_get_attachment_image_srcset( $id, 'large' ) ) as $url ) {
			$this->assertStringStartsWith( 'https://cdn.example.test/media/' . Object_Keys::UPLOADS_PREFIX, $url );
		}
	}

	public function test_urls_follow_the_keys_recorded_with_their_prefix(): void {
		// The guide's policy does not grant staging/*, so the state is written as the offloader would record it.
		self::configure_guide_settings( array( 'key_prefix' => 'staging/' ) );
		$id   = $this->unsynced_image();
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );
		( new Offload_State( Offload_State::SYNCED, self::run_state()['s3']['bucket'], 'public-read', array( $file => 'staging/wp-content/uploads/' . $file ) ) )->save( $id );

		$this->assertSame( self::bucket_url( 'staging/wp-content/uploads/' . $file ), wp_get_attachment_url( $id ) );
	}

	private function image_block( int $id ): string {
		$large = (string) wp_get_attachment_image_src( $id, 'large' )[0];
		return '<!-- wp:image {"id":' . $id . ',"sizeSlug":"large"} --><figure class="wp-block-image size-large"><img src="' . $large . '" alt="" class="wp-image-' . $id . '"/></figure><!-- /wp:image -->';
	}
}
