<?php
/**
 * Media → Library (list view): "Make private" / "Make public" under each
 * synced attachment, for administrators, while ACLs are in use. The link goes
 * through admin-post.php with a nonce, then back to the library with the
 * outcome in a notice.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Offload_State;

final class Media_Library_Acl_Action {

	public const ACTION = 's3_media_sync_acl';

	public function __construct( private readonly Acl_Changer $changer ) {}

	public function register(): void {
		add_filter( 'media_row_actions', array( $this, 'row_actions' ), 10, 2 );
		add_action( 'admin_post_' . self::ACTION, array( $this, 'handle' ) );
		add_action( 'admin_notices', array( $this, 'notice' ) );
	}

	/**
	 * @param array<string, string> $actions Row actions.
	 * @param \WP_Post              $post    The attachment.
	 * @return array<string, string>
	 */
	public function row_actions( array $actions, \WP_Post $post ): array {
		if ( ! current_user_can( 'manage_options' ) || ! $this->changer->acls_in_use() ) {
			return $actions;
		}
		$state = Offload_State::of( $post->ID );
		if ( null === $state || Offload_State::SYNCED !== $state->status ) {
			return $actions;
		}
		$target = 'private' === $state->acl ? 'public-read' : 'private';
		$url    = wp_nonce_url(
			add_query_arg(
				array(
					'action' => self::ACTION,
					'id'     => $post->ID,
					'acl'    => $target,
				),
				admin_url( 'admin-post.php' )
			),
			self::ACTION . '_' . $post->ID
		);
		$actions['s3_media_sync_acl'] = sprintf(
			'<a href="%s">%s</a>',
			esc_url( $url ),
			'private' === $target ? esc_html__( 'Make private', 's3-media-sync' ) : esc_html__( 'Make public', 's3-media-sync' )
		);
		return $actions;
	}

	public function handle(): void {
		$id = isset( $_GET['id'] ) ? absint( $_GET['id'] ) : 0; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- checked just below.
		check_admin_referer( self::ACTION . '_' . $id );
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can change who may see media in S3.', 's3-media-sync' ), 403 );
		}
		$acl    = isset( $_GET['acl'] ) ? sanitize_key( wp_unslash( $_GET['acl'] ) ) : '';
		$result = $this->changer->change( $id, $acl );
		set_transient(
			self::ACTION . '_' . get_current_user_id(),
			is_wp_error( $result )
				? array( 'error', $result->get_error_message() )
				: array( 'success', 'private' === $acl ? __( 'The attachment is now private: it is served through presigned URLs.', 's3-media-sync' ) : __( 'The attachment is now public.', 's3-media-sync' ) ),
			60
		);
		wp_safe_redirect( admin_url( 'upload.php?mode=list' ) );
		exit;
	}

	public function notice(): void {
		$key    = self::ACTION . '_' . get_current_user_id();
		$notice = get_transient( $key );
		if ( ! is_array( $notice ) || 2 !== count( $notice ) ) {
			return;
		}
		delete_transient( $key );
		printf( '<div class="notice notice-%1$s is-dismissible"><p>%2$s</p></div>', 'error' === $notice[0] ? 'error' : 'success', esc_html( (string) $notice[1] ) );
	}
}
