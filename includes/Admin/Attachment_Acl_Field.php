<?php
/**
 * The per-attachment control of who may see a synced attachment's files:
 * a "Who may see it in S3" select in the attachment details (the media modal
 * and Edit Media), for administrators, while ACLs are in use. Core saves the
 * details with the attachment's update-post nonce (the modal on change, Edit
 * Media with Update) through attachment_fields_to_save, where a changed
 * value goes to Acl_Changer. Core shows no error of that filter, so a
 * refusal is kept for a minute and shown in the field when it is drawn again.
 * The modal does not draw its fields again after saving them (only when an
 * attachment is added), so a few lines added to media-views draw them again
 * once the select's change is saved, and put the focus back on the select.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Offload_State;

final class Attachment_Acl_Field {

	public const NAME = 's3_media_sync_acl';

	public function __construct( private readonly Acl_Changer $changer ) {}

	public function register(): void {
		// After Media_Library_Status's field: first where the file stands, then who may see it.
		add_filter( 'attachment_fields_to_edit', array( $this, 'field' ), 20, 2 );
		add_filter( 'attachment_fields_to_save', array( $this, 'save' ), 10, 2 );
		add_action( 'wp_enqueue_media', array( $this, 'redraw_after_save' ) );
	}

	/** After the modal saved the fields, draws them again when this field is among them. */
	public function redraw_after_save(): void {
		$script = <<<'JS'
( function () {
	var Compat = window.wp && wp.media && wp.media.view && wp.media.view.AttachmentCompat;
	if ( ! Compat ) {
		return;
	}
	var postSave = Compat.prototype.postSave;
	Compat.prototype.postSave = function () {
		postSave.apply( this, arguments );
		var select = this.$( '.compat-field-s3_media_sync_acl select' );
		if ( ! select.length ) {
			return;
		}
		var focused = select.is( ':focus' );
		this.render();
		if ( focused ) {
			this.$( '.compat-field-s3_media_sync_acl select' ).trigger( 'focus' );
		}
	};
} )();
JS;
		wp_add_inline_script( 'media-views', $script );
	}

	private function synced_acl( int $attachment_id ): ?string {
		if ( ! current_user_can( 'manage_options' ) || ! $this->changer->acls_in_use() ) {
			return null;
		}
		$state = Offload_State::of( $attachment_id );
		return null !== $state && Offload_State::SYNCED === $state->status && in_array( $state->acl, Acl_Changer::ACLS, true ) ? $state->acl : null;
	}

	/**
	 * @param array<string, array<string, mixed>> $fields Attachment fields.
	 * @param \WP_Post                            $post   The attachment.
	 * @return array<string, array<string, mixed>>
	 */
	public function field( array $fields, \WP_Post $post ): array {
		$acl = $this->synced_acl( $post->ID );
		if ( null === $acl ) {
			return $fields;
		}
		$options = '';
		foreach ( array(
			'public-read' => __( 'Public', 's3-media-sync' ),
			'private'     => __( 'Private (presigned URLs)', 's3-media-sync' ),
		) as $value => $label ) {
			$options .= sprintf( '<option value="%s"%s>%s</option>', esc_attr( $value ), selected( $acl, $value, false ), esc_html( $label ) );
		}
		$id    = 'attachments-' . $post->ID . '-' . self::NAME;
		$help  = $id . '-help';
		$html  = sprintf( '<select id="%1$s" name="%2$s" aria-describedby="%3$s">%4$s</select>', esc_attr( $id ), esc_attr( 'attachments[' . $post->ID . '][' . self::NAME . ']' ), esc_attr( $help ), $options );
		$error = get_transient( $this->error_key( $post->ID ) );
		if ( is_string( $error ) ) {
			delete_transient( $this->error_key( $post->ID ) );
			$html .= sprintf( '<p class="s3-media-sync-field-error" role="alert">%s</p>', esc_html( $error ) );
		}
		$html                 .= sprintf( '<p class="description" id="%s">%s</p>', esc_attr( $help ), esc_html( Acl_Caveat::text() ) );
		$fields[ self::NAME ] = array(
			'label' => __( 'Who may see it in S3', 's3-media-sync' ),
			'input' => 'html',
			'html'  => $html,
		);
		return $fields;
	}

	/**
	 * @param array<string, mixed> $post       The attachment's post data being saved.
	 * @param array<string, mixed> $attachment The submitted attachment fields.
	 * @return array<string, mixed>
	 */
	public function save( array $post, array $attachment ): array {
		$id  = isset( $post['ID'] ) ? absint( $post['ID'] ) : 0;
		$new = isset( $attachment[ self::NAME ] ) && is_string( $attachment[ self::NAME ] ) ? $attachment[ self::NAME ] : null;
		$acl = $this->synced_acl( $id );
		if ( null === $new || null === $acl || $new === $acl ) {
			return $post;
		}
		$result = $this->changer->change( $id, $new );
		if ( is_wp_error( $result ) ) {
			set_transient( $this->error_key( $id ), $result->get_error_message(), 60 );
			$post['errors'][ self::NAME ]['errors'][] = $result->get_error_message();
		}
		return $post;
	}

	private function error_key( int $attachment_id ): string {
		return self::NAME . '_error_' . get_current_user_id() . '_' . $attachment_id;
	}
}
