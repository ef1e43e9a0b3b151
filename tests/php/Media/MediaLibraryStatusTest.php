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

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class MediaLibraryStatusTest extends Media_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		self::configure_guide_settings();
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

	/**
	 * S3's error text names the IAM user and the account: only users who can
	 * manage the plugin read it. An author sees that their upload failed,
	 * in the list column, the attachment details (the media modal) and the
	 * attachment's REST field, and nothing of why.
	 */
	public function test_only_administrators_read_s3_error_text(): void {
		$author = $this->act_as( 'author' );
		$id     = $this->upload( $this->make_jpeg( 60, 40 ), 'author-upload.jpg' );
		$this->assertSame( $author, (int) get_post_field( 'post_author', $id ) );
		$error = array(
			'code'    => 'AccessDenied',
			'message' => 'User: arn:aws:iam::123456789012:user/s3-media-sync is not authorized to perform: s3:PutObject',
		);
		( new Offload_State( Offload_State::FAILED, 'b', 'public-read', array(), $error ) )->save( $id );
		$post = get_post( $id );

		$seen = array(
			'column'  => $this->status()->describe( $id ),
			'details' => (string) $this->status()->details_field( array(), $post )[ Media_Library_Status::COLUMN ]['html'],
		);
		$request = new \WP_REST_Request( 'GET', '/wp/v2/media/' . $id );
		$request->set_param( 'context', 'edit' );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( 200, $response->get_status(), 'an author may edit their own upload' );
		$seen['rest'] = (string) wp_json_encode( $response->get_data()['s3_media_sync'] ?? null );
		foreach ( $seen as $where => $text ) {
			$this->assertStringNotContainsString( '123456789012', $text, $where );
			$this->assertStringNotContainsString( 's3-media-sync is not', $text, $where );
			$this->assertStringNotContainsString( 'AccessDenied', $text, $where );
		}
		$this->assertStringContainsString( 'Failed', $seen['column'] );
		$this->assertStringContainsString( '"status":"failed"', $seen['rest'] );

		$this->act_as( 'administrator' );
		$this->assertStringContainsString( 'arn:aws:iam::123456789012:user/s3-media-sync', $this->status()->describe( $id ) );
		$response = rest_get_server()->dispatch( $request );
		$this->assertSame( $error, $response->get_data()['s3_media_sync']['error'] ?? null );
	}
}
