<?php
/**
 * POST /s3-media-sync/v1/attachments/{id}/acl makes one attachment private
 * or public, object by object, and refuses what makes no sense.
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
final class AttachmentAclTest extends Media_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		self::configure_guide_settings();
	}

	public function test_an_attachment_becomes_private_then_public_again(): void {
		$id   = $this->upload( $this->make_jpeg( 800, 600 ), 'acl.jpg' );
		$keys = array_values( (array) Offload_State::of( $id )?->keys );
		$this->assertGreaterThan( 1, count( $keys ) );
		foreach ( $keys as $key ) {
			$this->assertTrue( $this->is_public( $key ), $key );
		}

		$response = $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'private' ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'private', $response->get_data()['acl'] );
		foreach ( $keys as $key ) {
			$this->assertFalse( $this->is_public( $key ), $key );
		}
		$this->assertSame( 'private', Offload_State::of( $id )?->acl );

		$this->assertSame( 200, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'public-read' ) )->get_status() );
		foreach ( $keys as $key ) {
			$this->assertTrue( $this->is_public( $key ), $key );
		}
	}

	public function test_bad_requests_are_refused_and_change_nothing(): void {
		$id     = $this->upload( $this->make_jpeg( 400, 300 ), 'acl-bad.jpg' );
		$before = get_post_meta( $id, Offload_State::META, true );

		$this->assertSame( 400, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'authenticated-read' ) )->get_status() );
		$this->assertSame( 400, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array() )->get_status() );
		$this->assertSame( 404, $this->rest( 'POST', '/s3-media-sync/v1/attachments/999999/acl', array( 'acl' => 'private' ) )->get_status() );
		$post_id = wp_insert_post( array( 'post_title' => 'not an attachment' ) );
		$this->assertSame( 404, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$post_id/acl", array( 'acl' => 'private' ) )->get_status() );
		wp_delete_post( $post_id, true );

		self::configure_guide_settings( array( 'object_acl' => 'bucket-default' ) );
		$this->assertSame( 409, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'private' ) )->get_status() );

		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'private' ) )->get_status() );
		$this->assertSame( $before, get_post_meta( $id, Offload_State::META, true ) );
	}

	public function test_an_attachment_not_in_s3_is_refused(): void {
		self::front( 'POST', '/down' );
		$id = $this->upload( $this->make_jpeg( 400, 300 ), 'acl-pending.jpg' );
		self::front( 'POST', '/up' );
		$this->assertSame( Offload_State::PENDING, Offload_State::of( $id )?->status );
		$this->assertSame( 409, $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/acl", array( 'acl' => 'private' ) )->get_status() );
	}

	public function test_the_media_library_offers_the_opposite_acl_to_administrators_only(): void {
		$id      = $this->upload( $this->make_jpeg( 400, 300 ), 'acl-row.jpg' );
		$changer = new \S3MediaSync\Media\Acl_Changer( \S3MediaSync\Plugin::settings(), new \S3MediaSync\S3\Client_Factory( \S3MediaSync\Plugin::settings() ), \S3MediaSync\Plugin::recorded() );
		$action  = new \S3MediaSync\Admin\Media_Library_Acl_Action( $changer );
		$post    = get_post( $id );
		$this->assertInstanceOf( \WP_Post::class, $post );

		$actions = $action->row_actions( array(), $post );
		$this->assertArrayHasKey( 's3_media_sync_acl', $actions );
		$this->assertStringContainsString( 'Make private', $actions['s3_media_sync_acl'] );
		$this->assertStringContainsString( 'acl=private', $actions['s3_media_sync_acl'] );
		$this->assertStringContainsString( '_wpnonce=', $actions['s3_media_sync_acl'] );

		$this->assertNotWPError( $changer->change( $id, 'private' ) );
		$this->assertStringContainsString( 'Make public', $action->row_actions( array(), $post )['s3_media_sync_acl'] );

		self::configure_guide_settings( array( 'object_acl' => 'bucket-default' ) );
		$this->assertSame( array(), $action->row_actions( array(), $post ), 'hidden when ACLs are not used' );
		self::configure_guide_settings();
		$this->act_as( 'editor' );
		$this->assertSame( array(), $action->row_actions( array(), $post ), 'hidden from editors' );
	}

	private function assertNotWPError( mixed $value ): void {
		$this->assertFalse( is_wp_error( $value ), is_wp_error( $value ) ? $value->get_error_message() : '' );
	}
}
