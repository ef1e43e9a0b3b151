<?php
/**
 * "Remove local copies after upload": files go only after S3 confirmed them,
 * and an image edit afterwards reads the original back from S3.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Offload_State;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class LocalCopiesTest extends Media_Test_Case {

	/** @return list<string> Absolute paths of the attachment's recorded files. */
	private function local_paths( Offload_State $state ): array {
		$root = wp_get_upload_dir()['basedir'];
		return array_map( static fn( string $relative ): string => $root . '/' . $relative, array_keys( $state->keys ) );
	}

	public function test_local_files_stay_when_the_option_is_off(): void {
		self::configure_guide_settings();
		$id    = $this->upload( $this->make_jpeg( 1200, 800 ), 'kept.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $state?->status );
		foreach ( $this->local_paths( $state ) as $path ) {
			$this->assertFileExists( $path );
		}
	}

	public function test_confirmed_files_are_removed_and_an_edit_reads_the_original_back(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id    = $this->upload( $this->make_jpeg( 1200, 800 ), 'removed.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $state?->status );
		$this->assertGreaterThan( 3, count( $state->keys ) );
		foreach ( $this->local_paths( $state ) as $path ) {
			$this->assertFileDoesNotExist( $path );
		}
		$this->assertCount( count( $state->keys ), $state->local_removed );

		// Rotating in the image editor needs the original: it comes back from S3.
		require_once ABSPATH . 'wp-admin/includes/image-edit.php';
		$_REQUEST['history'] = (string) wp_json_encode( array( array( 'r' => 90 ) ) );
		$_REQUEST['target']  = 'all';
		$_REQUEST['context'] = '';
		$_REQUEST['do']      = 'save';
		$result              = wp_save_image( $id );
		unset( $_REQUEST['history'], $_REQUEST['target'], $_REQUEST['context'], $_REQUEST['do'] );
		$this->assertTrue( empty( $result->error ) && ! empty( $result->msg ), (string) wp_json_encode( $result ) );
		\S3MediaSync\Plugin::offloader()?->offload_changed(); // What the shutdown hook runs at the end of the edit's request.

		$edited = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $edited?->status );
		$this->assertGreaterThan( count( $state->keys ), count( $edited->keys ), 'the edited files were uploaded too' );
		$this->assertMatchesRegularExpression( '/-e\d+/', (string) get_post_meta( $id, '_wp_attached_file', true ) );
	}

	public function test_nothing_is_removed_when_s3_did_not_confirm(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		self::front( 'POST', '/down' );
		$id    = $this->upload( $this->make_jpeg( 800, 600 ), 'unconfirmed.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::PENDING, $state?->status );
		$this->assertFileExists( get_attached_file( $id ) );
		foreach ( wp_get_attachment_metadata( $id )['sizes'] as $size ) {
			$this->assertFileExists( dirname( (string) get_attached_file( $id ) ) . '/' . $size['file'] );
		}
	}

	public function test_regenerating_sizes_reads_the_removed_original_back(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id   = $this->upload( $this->make_jpeg( 1200, 800 ), 'regenerate.jpg' );
		$file = (string) get_attached_file( $id );
		$this->assertFileDoesNotExist( $file );

		// What core's post-process, WP-CLI and regeneration plugins do.
		$original = wp_get_original_image_path( $id );
		$this->assertIsString( $original );
		$this->assertFileExists( $original, 'read back from S3' );
		$metadata = wp_generate_attachment_metadata( $id, $original );
		$this->assertNotEmpty( $metadata['sizes'] ?? array() );
	}

	public function test_showing_media_in_rest_and_the_media_modal_reads_nothing_back(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id   = $this->upload( $this->make_jpeg( 1200, 800 ), 'shown-only.jpg' );
		$file = (string) get_attached_file( $id );
		$this->assertFileDoesNotExist( $file );
		$since = (int) self::front( 'GET', '/state' )['lastSeq'];

		// Every REST media response names the original (core 7.0+), and so does the media modal.
		$this->assertSame( 200, $this->rest( 'GET', "/wp/v2/media/$id" )->get_status() );
		$this->assertIsArray( wp_prepare_attachment_for_js( $id ) );

		$this->assertFileDoesNotExist( $file, 'nothing was put back on disk' );
		$gets = array_filter( (array) self::front( 'GET', '/log?since=' . $since )['entries'], static fn( array $entry ): bool => 'GET' === $entry['method'] && str_contains( (string) $entry['path'], 'shown-only' ) );
		$this->assertSame( array(), array_values( $gets ), 'no object was read from S3' );
	}
}
