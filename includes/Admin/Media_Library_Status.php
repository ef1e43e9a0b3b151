<?php
/**
 * Where each attachment stands with S3, in the media library: a column in
 * the list view and a field in the attachment details (the media modal and
 * Edit Media), each saying the status and, once in S3, who may see the
 * files (public or private); and a "Retry upload" row action for
 * attachments not in S3 (admin-post.php, nonce-checked). S3's error
 * text is shown to users who can manage the plugin only.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\Media\Offload_State;

final class Media_Library_Status {

	public const COLUMN = 's3_media_sync';
	public const RETRY  = 's3_media_sync_retry';

	public function __construct( private readonly Attachment_Offloader $offloader ) {}

	public function register(): void {
		add_filter( 'manage_media_columns', array( $this, 'columns' ) );
		add_action( 'manage_media_custom_column', array( $this, 'cell' ), 10, 2 );
		add_filter( 'media_row_actions', array( $this, 'row_actions' ), 10, 2 );
		add_filter( 'attachment_fields_to_edit', array( $this, 'details_field' ), 10, 2 );
		add_action( 'admin_post_' . self::RETRY, array( $this, 'retry' ) );
	}

	/**
	 * @param array<string, string> $columns Columns.
	 * @return array<string, string>
	 */
	public function columns( array $columns ): array {
		$columns[ self::COLUMN ] = __( 'S3', 's3-media-sync' );
		return $columns;
	}

	public function cell( string $column, int $attachment_id ): void {
		if ( self::COLUMN === $column ) {
			echo wp_kses_post( $this->describe( $attachment_id ) );
		}
	}

	/** HTML saying the status and the access; every piece from the database is escaped. */
	public function describe( int $attachment_id ): string {
		$state = Offload_State::of( $attachment_id );
		if ( null === $state ) {
			return '<span class="s3-media-sync-status is-not-synced">' . esc_html__( 'Not in S3 yet', 's3-media-sync' ) . '</span>';
		}
		$label = match ( $state->status ) {
			Offload_State::SYNCED  => __( 'Synced', 's3-media-sync' ),
			Offload_State::PENDING => __( 'Pending', 's3-media-sync' ),
			default                => __( 'Failed', 's3-media-sync' ),
		};
		$html = '<span class="s3-media-sync-status is-' . esc_attr( $state->status ) . '">' . esc_html( $label ) . '</span>';
		if ( Offload_State::SYNCED === $state->status ) {
			$html .= '<br>' . self::access( $state->acl );
		}
		if ( Offload_State::SYNCED !== $state->status && null !== $state->error ) {
			// S3's text names the IAM user and the account: for those who manage the plugin only.
			$html .= '<br><small>' . esc_html(
				current_user_can( 'manage_options' )
					? $state->error['code'] . ': ' . $state->error['message']
					: __( 'An administrator can see why.', 's3-media-sync' )
			) . '</small>';
		}
		$file = (string) get_post_meta( $attachment_id, '_wp_attached_file', true );
		if ( '' !== $file && ( new \S3MediaSync\Media\Protected_Folders() )->contains( $file ) ) {
			$html .= '<br><small class="s3-media-sync-protected">' . esc_html__( 'Protected folder: private in S3, and kept on this server.', 's3-media-sync' ) . '</small>';
		}
		return $html;
	}

	/** Who may see an attachment's objects, by their ACL. */
	public static function access( string $acl ): string {
		$label = match ( $acl ) {
			'private'     => __( 'Private: served through presigned URLs', 's3-media-sync' ),
			'public-read' => __( 'Public', 's3-media-sync' ),
			default       => __( 'Access set by the bucket', 's3-media-sync' ),
		};
		$class = in_array( $acl, array( 'private', 'public-read' ), true ) ? $acl : 'bucket-default';
		return '<span class="s3-media-sync-access is-' . esc_attr( $class ) . '">' . esc_html( $label ) . '</span>';
	}

	/**
	 * @param array<string, string> $actions Row actions.
	 * @param \WP_Post              $post    The attachment.
	 * @return array<string, string>
	 */
	public function row_actions( array $actions, \WP_Post $post ): array {
		if ( ! current_user_can( 'manage_options' ) || Offload_State::is_synced( $post->ID ) ) {
			return $actions;
		}
		$url                  = wp_nonce_url( admin_url( 'admin-post.php?action=' . self::RETRY . '&id=' . $post->ID ), self::RETRY . '_' . $post->ID );
		$actions[ self::RETRY ] = sprintf( '<a href="%s">%s</a>', esc_url( $url ), esc_html__( 'Retry upload', 's3-media-sync' ) );
		return $actions;
	}

	/**
	 * @param array<string, array<string, mixed>> $fields Attachment fields.
	 * @param \WP_Post                            $post   The attachment.
	 * @return array<string, array<string, mixed>>
	 */
	public function details_field( array $fields, \WP_Post $post ): array {
		// Core labels the field for="attachments-<id>-<name>": an <output> of that id is what the label names.
		$fields[ self::COLUMN ] = array(
			'label' => __( 'Amazon S3', 's3-media-sync' ),
			'input' => 'html',
			'html'  => sprintf( '<output id="%s" class="s3-media-sync-field">%s</output>', esc_attr( 'attachments-' . $post->ID . '-' . self::COLUMN ), wp_kses_post( $this->describe( $post->ID ) ) ),
		);
		return $fields;
	}

	public function retry(): void {
		$id = isset( $_GET['id'] ) ? absint( $_GET['id'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked just below.
		check_admin_referer( self::RETRY . '_' . $id );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can upload media to S3.', 's3-media-sync' ), 403 );
		}
		if ( 'attachment' === get_post_type( $id ) ) {
			$this->offloader->offload( $id );
		}
		wp_safe_redirect( admin_url( 'upload.php?mode=list' ) );
		exit;
	}
}
