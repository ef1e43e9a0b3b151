<?php
/**
 * The media library says where each attachment stands with S3, escapes what
 * it shows, and offers "Retry upload" only where it makes sense.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Admin\Media_Library_Status;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class MediaLibraryStatusTest extends TestCase {

	use Creates_Attachments;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		self::configure_guide_settings();
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	private function status(): Media_Library_Status {
		$offloader = Plugin::offloader();
		$this->assertNotNull( $offloader );
		return new Media_Library_Status( $offloader );
	}

	public function test_the_column_and_details_show_the_state_and_escape_the_error(): void {
		$id = $this->upload( $this->make_jpeg( 300, 200 ), 'column.jpg' );
		$this->assertArrayHasKey( Media_Library_Status::COLUMN, $this->status()->columns( array() ) );
		$this->assertStringContainsString( 'Synced', $this->status()->describe( $id ) );

		( new Offload_State( Offload_State::FAILED, 'b', 'private', array(), array( 'code' => 'AccessDenied', 'message' => '<script>alert(1)</script>"><img src=x onerror=alert(2)>' ) ) )->save( $id );
		$html = $this->status()->describe( $id );
		$this->assertStringContainsString( 'Failed', $html );
		$this->assertStringNotContainsString( '<script>', $html );
		$this->assertStringNotContainsString( '<img', $html );
		$this->assertStringContainsString( '&lt;script&gt;', $html );

		$post   = get_post( $id );
		$fields = $this->status()->details_field( array(), $post );
		$this->assertStringNotContainsString( '<script>', (string) $fields[ Media_Library_Status::COLUMN ]['html'] );
	}

	public function test_retry_is_offered_for_attachments_not_in_s3_and_to_administrators_only(): void {
		$id   = $this->upload( $this->make_jpeg( 300, 200 ), 'retry-row.jpg' );
		$post = get_post( $id );
		$this->assertSame( array(), $this->status()->row_actions( array(), $post ), 'synced: nothing to retry' );

		( new Offload_State( Offload_State::PENDING, 'b', 'public-read' ) )->save( $id );
		$actions = $this->status()->row_actions( array(), $post );
		$this->assertStringContainsString( 'Retry upload', $actions[ Media_Library_Status::RETRY ] );
		$this->assertStringContainsString( '_wpnonce=', $actions[ Media_Library_Status::RETRY ] );

		$this->act_as( 'editor' );
		$this->assertSame( array(), $this->status()->row_actions( array(), $post ) );
	}
}
