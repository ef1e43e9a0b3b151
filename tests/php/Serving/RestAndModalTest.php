<?php
/**
 * The REST API's media (view context) and the media modal's attachment data
 * show S3 URLs for the file and every size, which is also what the editor
 * inserts into posts.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Serving;

require_once __DIR__ . '/ServingTestCase.php';

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class RestAndModalTest extends ServingTestCase {

	public function test_rest_media_source_url_and_sizes_are_s3_urls(): void {
		$id   = $this->synced_image( 'rest-photo' );
		$keys = $this->keys( $id );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );

		$response = $this->rest( 'GET', '/wp/v2/media/' . $id );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( self::bucket_url( $keys[ $file ] ), $data['source_url'] );
		$this->assertNotEmpty( $data['media_details']['sizes'] );
		foreach ( $data['media_details']['sizes'] as $name => $size ) {
			$this->assertSame( self::bucket_url( $keys[ dirname( $file ) . '/' . $size['file'] ] ), $size['source_url'], $name );
		}
		$this->assertSame( 200, self::status_of( $data['media_details']['sizes']['medium']['source_url'] ) );
	}

	public function test_media_modal_url_and_sizes_are_s3_urls(): void {
		$id   = $this->synced_image( 'modal-photo' );
		$keys = $this->keys( $id );
		$file = (string) get_post_meta( $id, '_wp_attached_file', true );

		$data = wp_prepare_attachment_for_js( $id );
		$this->assertIsArray( $data );
		$this->assertSame( self::bucket_url( $keys[ $file ] ), $data['url'] );
		$this->assertArrayHasKey( 'medium', $data['sizes'] );
		$expected = array_map( static fn( string $key ): string => self::bucket_url( $key ), $keys );
		foreach ( $data['sizes'] as $name => $size ) {
			$this->assertContains( $size['url'], $expected, $name );
		}
	}

	public function test_media_modal_sizes_of_a_private_image_are_presigned_urls_that_load(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$id   = $this->synced_image( 'private-modal-photo' );
		$data = wp_prepare_attachment_for_js( $id );
		$this->assertIsArray( $data );
		foreach ( array_merge( array( 'url' => $data['url'] ), wp_list_pluck( $data['sizes'], 'url' ) ) as $name => $url ) {
			$this->assertStringContainsString( 'X-Amz-Signature=', $url, (string) $name );
			$this->assertSame( 200, self::status_of( $url ), (string) $name );
		}
	}
}
