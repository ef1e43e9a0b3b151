<?php
/**
 * The media list's bulk actions "Make private in S3" / "Make public in S3":
 * offered to administrators only while ACLs are in use; each selected
 * attachment changed through Acl_Changer; the notice counts what changed
 * and names what did not, and says the CDN caveat after a switch to
 * private. The attachment details' select changes one attachment the same
 * way, and only when its value changed.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Admin;

use S3MediaSync\Admin\Acl_Caveat;
use S3MediaSync\Admin\Attachment_Acl_Field;
use S3MediaSync\Admin\Media_Library_Acl_Action;
use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Tests\Media\Media_Test_Case;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class MediaLibraryBulkAclTest extends Media_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		self::configure_guide_settings();
	}

	private function changer(): Acl_Changer {
		return new Acl_Changer( Plugin::settings(), new Client_Factory( Plugin::settings() ), Plugin::recorded() );
	}

	/** The notice the next admin screen shows, as printed. */
	private function notice( Media_Library_Acl_Action $action ): string {
		ob_start();
		$action->notice();
		return (string) ob_get_clean();
	}

	public function test_the_bulk_actions_are_offered_to_administrators_while_acls_are_in_use(): void {
		$action = new Media_Library_Acl_Action( $this->changer() );
		$this->assertSame( array( 'delete', 's3_media_sync_make_private', 's3_media_sync_make_public' ), array_keys( $action->bulk_actions( array( 'delete' => 'Delete' ) ) ) );
		self::configure_guide_settings( array( 'object_acl' => 'bucket-default' ) );
		$this->assertSame( array( 'delete' ), array_keys( $action->bulk_actions( array( 'delete' => 'Delete' ) ) ) );
		self::configure_guide_settings();
		$this->act_as( 'editor' );
		$this->assertSame( array( 'delete' ), array_keys( $action->bulk_actions( array( 'delete' => 'Delete' ) ) ) );
	}

	public function test_a_bulk_change_counts_what_changed_names_what_did_not_and_says_the_cdn_caveat(): void {
		$synced   = $this->upload( $this->make_jpeg( 300, 200 ), 'bulk-one.jpg' );
		$also     = $this->upload( $this->make_jpeg( 300, 200 ), 'bulk-two.jpg' );
		$not_sent = $this->upload( $this->make_jpeg( 300, 200 ), 'bulk-three.jpg' );
		( new Offload_State( Offload_State::PENDING, 'b', 'public-read' ) )->save( $not_sent );
		$action = new Media_Library_Acl_Action( $this->changer() );

		$location = $action->handle_bulk( 'upload.php?mode=list', 's3_media_sync_make_private', array( $synced, $also, $not_sent ) );
		$this->assertSame( 'upload.php?mode=list', $location );
		$this->assertSame( 'private', Offload_State::of( $synced )?->acl );
		$this->assertSame( 'private', Offload_State::of( $also )?->acl );
		$notice = $this->notice( $action );
		$this->assertStringContainsString( 'notice-warning', $notice );
		$this->assertStringContainsString( '2 attachments are now private in S3.', $notice );
		$this->assertStringContainsString( '1 attachment was not changed:', $notice );
		$this->assertStringContainsString( 'bulk-three: This attachment is not in S3 yet: upload it first.', $notice );
		$this->assertStringContainsString( esc_html( Acl_Caveat::text() ), $notice );
		$this->assertSame( '', $this->notice( $action ), 'shown once' );

		$action->handle_bulk( 'upload.php', 's3_media_sync_make_public', array( $synced ) );
		$this->assertSame( 'public-read', Offload_State::of( $synced )?->acl );
		$notice = $this->notice( $action );
		$this->assertStringContainsString( 'notice-success', $notice );
		$this->assertStringContainsString( '1 attachment is now public in S3.', $notice );
		$this->assertStringNotContainsString( 'immutable', $notice );
	}

	public function test_other_bulk_actions_pass_through_and_change_nothing(): void {
		$id     = $this->upload( $this->make_jpeg( 300, 200 ), 'bulk-other.jpg' );
		$action = new Media_Library_Acl_Action( $this->changer() );
		$this->assertSame( 'here', $action->handle_bulk( 'here', 'delete', array( $id ) ) );
		$this->assertSame( 'public-read', Offload_State::of( $id )?->acl );
		$this->assertSame( '', $this->notice( $action ) );
	}

	public function test_the_details_select_changes_one_attachment_only_when_its_value_changed(): void {
		$id    = $this->upload( $this->make_jpeg( 300, 200 ), 'details-select.jpg' );
		$post  = get_post( $id );
		$field = new Attachment_Acl_Field( $this->changer() );
		$this->assertInstanceOf( \WP_Post::class, $post );
		$html = (string) $field->field( array(), $post )[ Attachment_Acl_Field::NAME ]['html'];
		$this->assertStringContainsString( 'id="attachments-' . $id . '-s3_media_sync_acl"', $html, 'the id core\'s label names' );
		$this->assertStringContainsString( 'immutable', $html );

		$data = array( 'ID' => $id );
		$this->assertSame( $data, $field->save( $data, array( Attachment_Acl_Field::NAME => 'public-read' ) ) );
		$this->assertSame( $data, $field->save( $data, array( Attachment_Acl_Field::NAME => 'private' ) ) );
		$this->assertSame( 'private', Offload_State::of( $id )?->acl );

		$this->act_as( 'editor' );
		$this->assertSame( array(), $field->field( array(), $post ) );
		$field->save( $data, array( Attachment_Acl_Field::NAME => 'public-read' ) );
		$this->assertSame( 'private', Offload_State::of( $id )?->acl, 'editors change nothing' );
	}
}
