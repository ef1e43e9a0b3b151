<?php
/**
 * A shop's protected downloads: WooCommerce moves a downloadable product's
 * upload into uploads/woocommerce_uploads/ through the `upload_dir`
 * filter (and denies the folder in .htaccess). Such files go up private and
 * stay on this server, whatever Remove local copies says, while ordinary
 * uploads beside them go up public and are removed locally. A folder the
 * filter adds is treated the same way.
 *
 * @package S3MediaSync\Tests
 * @group s3
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Hooks;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Tests\Media\Media_Test_Case;

final class ProtectedFoldersTest extends Media_Test_Case {

	private string $folder = '';

	private ?\Closure $upload_dir = null;

	protected function setUp(): void {
		parent::setUp();
		// What WooCommerce's upload_dir filter does while a product download is uploaded.
		$this->upload_dir = function ( array $dirs ): array {
			if ( '' === $this->folder ) {
				return $dirs;
			}
			$dirs['subdir'] = '/' . $this->folder . $dirs['subdir'];
			$dirs['path']   = $dirs['basedir'] . $dirs['subdir'];
			$dirs['url']    = $dirs['baseurl'] . $dirs['subdir'];
			return $dirs;
		};
		add_filter( 'upload_dir', $this->upload_dir );
	}

	protected function tearDown(): void {
		remove_filter( 'upload_dir', $this->upload_dir );
		remove_all_filters( 's3_media_sync_protected_folders' );
		parent::tearDown();
	}

	private function upload_into( string $folder, string $name ): int {
		$this->folder = $folder;
		try {
			return $this->upload( $this->make_jpeg( 600, 400 ), $name );
		} finally {
			$this->folder = '';
		}
	}

	public function test_protected_downloads_go_up_private_and_stay_on_this_server(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		add_filter( 's3_media_sync_protected_folders', static fn( array $folders ): array => array_merge( $folders, array( 'members-only' ) ) );

		$shop    = $this->upload_into( 'woocommerce_uploads', 'product-download.jpg' );
		$member  = $this->upload_into( 'members-only', 'member-file.jpg' );
		$regular = $this->upload_into( '', 'blog-photo.jpg' );
		$root    = wp_get_upload_dir()['basedir'];

		foreach ( array( $shop, $member ) as $id ) {
			$state = Offload_State::of( $id );
			$this->assertSame( Offload_State::SYNCED, $state?->status );
			$this->assertSame( 'private', $state->acl );
			$this->assertSame( array(), $state->local_removed, 'nothing removed locally' );
			foreach ( $state->keys as $file => $key ) {
				$this->assertFalse( $this->is_public( $key ), $key . ' is private in S3' );
				$this->assertFileExists( $root . '/' . $file, 'the shop serves it from disk' );
			}
		}
		$this->assertStringStartsWith( 'woocommerce_uploads/', (string) get_post_meta( $shop, '_wp_attached_file', true ) );

		$state = Offload_State::of( $regular );
		$this->assertSame( 'public-read', $state?->acl );
		$this->assertNotSame( array(), $state->local_removed, 'an ordinary upload is removed locally' );
		$keys = array_values( $state->keys );
		$this->assertTrue( $this->is_public( $keys[0] ) );

		$status = ( new \S3MediaSync\Admin\Media_Library_Status( \S3MediaSync\Plugin::offloader() ) )->describe( $shop );
		$this->assertStringContainsString( 'Protected folder', $status, 'the media list says why it stays' );
	}
}
