<?php
/**
 * A site with an image-format plugin (Modern Image Formats' shape: a WebP
 * beside the original and beside each size, named in the metadata's
 * `sources`): the WebP files go up with the attachment, pages that print
 * them in `<picture>` get S3 URLs, they come back from S3 when the local
 * copies were removed, and they are deleted with the attachment. The
 * WebP files are real ones, made by GD from the JPEGs WordPress wrote.
 *
 * @package S3MediaSync\Tests
 * @group s3
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Hooks;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Tests\Media\Media_Test_Case;

final class ModernFormatsTest extends Media_Test_Case {

	/** @var array<string, string> WebP files written (relative to uploads) => their MD5. */
	private array $webp = array();

	private ?\Closure $writer = null;

	protected function setUp(): void {
		parent::setUp();
		if ( ! function_exists( 'imagewebp' ) || empty( gd_info()['WebP Support'] ) ) {
			$this->markTestSkipped( 'GD here has no WebP support.' );
		}
		$this->writer = function ( array $meta, int $id ): array {
			$main = (string) get_attached_file( $id );
			$dir  = dirname( $main );
			$rel  = dirname( (string) get_post_meta( $id, '_wp_attached_file', true ) );
			$make = function ( string $jpeg ) use ( $dir, $rel ): array {
				$name  = pathinfo( $jpeg, PATHINFO_FILENAME ) . '-jpg.webp';
				$image = imagecreatefromjpeg( $dir . '/' . $jpeg );
				imagewebp( $image, $dir . '/' . $name, 80 );
				$this->webp[ $rel . '/' . $name ] = (string) md5_file( $dir . '/' . $name );
				return array(
					'file'     => $name,
					'filesize' => (int) filesize( $dir . '/' . $name ),
				);
			};
			$meta['sources'] = array(
				'image/jpeg' => array(
					'file'     => wp_basename( $main ),
					'filesize' => (int) filesize( $main ),
				),
				'image/webp' => $make( wp_basename( $main ) ),
			);
			foreach ( $meta['sizes'] as $size => $data ) {
				$meta['sizes'][ $size ]['sources'] = array(
					'image/jpeg' => array(
						'file'     => $data['file'],
						'filesize' => (int) filesize( $dir . '/' . $data['file'] ),
					),
					'image/webp' => $make( $data['file'] ),
				);
			}
			return $meta;
		};
		// Before the plugin's own listener (priority 100), as such plugins run.
		add_filter( 'wp_generate_attachment_metadata', $this->writer, 10, 2 );
	}

	protected function tearDown(): void {
		remove_filter( 'wp_generate_attachment_metadata', $this->writer, 10 );
		parent::tearDown();
	}

	public function test_webp_sources_live_and_die_with_the_attachment(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id    = $this->upload( $this->make_jpeg( 1200, 800 ), 'modern.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $state?->status, (string) wp_json_encode( $state?->error ) );
		$this->assertGreaterThan( 2, count( $this->webp ), 'the original and its sizes got a WebP each' );

		$owner = $this->bucket_owner();
		$root  = wp_get_upload_dir()['basedir'];
		foreach ( $this->webp as $file => $md5 ) {
			$this->assertArrayHasKey( $file, $state->keys, $file . ' is recorded' );
			$object = $owner->get_object( $state->keys[ $file ] );
			$this->assertInstanceOf( S3_Response::class, $object, $file );
			$this->assertSame( $md5, md5( $object->body ), $file . ' holds the bytes GD wrote' );
			$this->assertSame( 'image/webp', $object->header( 'content-type' ) );
			$this->assertFileDoesNotExist( $root . '/' . $file, 'removed locally once S3 confirmed it' );
		}

		// A <picture> as such plugins print it, with local URLs: the page gets S3's.
		$base    = wp_get_upload_dir()['baseurl'];
		$webps   = array_keys( $this->webp );
		$picture = '<picture><source type="image/webp" srcset="' . esc_url( $base . '/' . $webps[0] ) . ' 1200w, ' . esc_url( $base . '/' . $webps[1] ) . ' 300w"><img src="' . esc_url( (string) wp_get_attachment_url( $id ) ) . '" alt=""></picture>';
		$page    = (string) apply_filters( 'the_content', $picture );
		$this->assertStringNotContainsString( $base . '/' . $webps[0], $page );
		$this->assertStringContainsString( $state->keys[ $webps[0] ], $page );
		$this->assertStringContainsString( $state->keys[ $webps[1] ], $page );

		// Brought back from S3, byte for byte.
		foreach ( $this->webp as $file => $md5 ) {
			$this->assertTrue( \S3MediaSync\Plugin::services()->local_copies->restore( $id, $root . '/' . $file ), $file );
			$this->assertSame( $md5, md5_file( $root . '/' . $file ) );
		}

		wp_delete_attachment( $id, true );
		foreach ( $this->webp as $file => $md5 ) {
			$this->assertNotInstanceOf( S3_Response::class, $owner->get_object( $state->keys[ $file ] ), $file . ' deleted with the attachment' );
		}
	}
}
