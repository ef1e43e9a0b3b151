<?php
/**
 * Media → Library (list view): "Make private" / "Make public" under each
 * synced attachment, and the same two as bulk actions for the selected
 * attachments, for administrators, while ACLs are in use. The row link goes
 * through admin-post.php with its own nonce; the bulk actions through
 * upload.php, which checks the list's nonce (bulk-media) before handing them
 * over. Both use Acl_Changer, then show the outcome, with counts, in a notice
 * (and, for private, the CDN caveat of Acl_Caveat).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Media\Acl_Changer;
use S3MediaSync\Media\Offload_State;

final class Media_Library_Acl_Action {

	public const ACTION = 's3_media_sync_acl';
	/** Bulk action name => the ACL it gives. */
	public const BULK = array(
		's3_media_sync_make_private' => 'private',
		's3_media_sync_make_public'  => 'public-read',
	);

	public function __construct( private readonly Acl_Changer $changer ) {}

	public function register(): void {
		add_filter( 'media_row_actions', array( $this, 'row_actions' ), 10, 2 );
		add_action( 'admin_post_' . self::ACTION, array( $this, 'handle' ) );
		add_filter( 'bulk_actions-upload', array( $this, 'bulk_actions' ) );
		add_filter( 'handle_bulk_actions-upload', array( $this, 'handle_bulk' ), 10, 3 );
		add_action( 'admin_notices', array( $this, 'notice' ) );
	}

	private function offered(): bool {
		return current_user_can( 'manage_options' ) && $this->changer->acls_in_use();
	}

	/**
	 * @param array<string, string> $actions Row actions.
	 * @param \WP_Post              $post    The attachment.
	 * @return array<string, string>
	 */
	public function row_actions( array $actions, \WP_Post $post ): array {
		if ( ! $this->offered() ) {
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
		if ( is_wp_error( $result ) ) {
			$this->remember( 'error', array( $result->get_error_message() ) );
		} elseif ( 'private' === $acl ) {
			$this->remember( 'success', array( __( 'The attachment is now private: it is served through presigned URLs.', 's3-media-sync' ), Acl_Caveat::text() ) );
		} else {
			$this->remember( 'success', array( __( 'The attachment is now public.', 's3-media-sync' ) ) );
		}
		wp_safe_redirect( admin_url( 'upload.php?mode=list' ) );
		exit;
	}

	/**
	 * @param array<string, string> $actions Bulk actions of the media list.
	 * @return array<string, string>
	 */
	public function bulk_actions( array $actions ): array {
		if ( ! $this->offered() ) {
			return $actions;
		}
		$actions['s3_media_sync_make_private'] = __( 'Make private in S3', 's3-media-sync' );
		$actions['s3_media_sync_make_public']  = __( 'Make public in S3', 's3-media-sync' );
		return $actions;
	}

	/**
	 * Core has checked the bulk-media nonce and upload_files; this checks
	 * manage_options, changes each attachment and says how many changed.
	 *
	 * @param string     $location Where upload.php goes next.
	 * @param string     $action   The bulk action.
	 * @param array<int> $ids      The selected attachments.
	 */
	public function handle_bulk( string $location, string $action, array $ids ): string {
		if ( ! isset( self::BULK[ $action ] ) ) {
			return $location;
		}
		if ( ! current_user_can( 'manage_options' ) ) {
			wp_die( esc_html__( 'Only administrators can change who may see media in S3.', 's3-media-sync' ), 403 );
		}
		$acl     = self::BULK[ $action ];
		$changed = 0;
		$refused = array();
		foreach ( array_unique( array_map( 'absint', $ids ) ) as $id ) {
			$result = $this->changer->change( $id, $acl );
			if ( is_wp_error( $result ) ) {
				/* translators: 1: attachment title or file name, 2: why it was not changed. */
				$refused[] = sprintf( __( '%1$s: %2$s', 's3-media-sync' ), $this->name_of( $id ), $result->get_error_message() );
			} else {
				++$changed;
			}
		}
		$lines = array(
			'private' === $acl
				/* translators: %d: number of attachments. */
				? sprintf( _n( '%d attachment is now private in S3.', '%d attachments are now private in S3.', $changed, 's3-media-sync' ), $changed )
				/* translators: %d: number of attachments. */
				: sprintf( _n( '%d attachment is now public in S3.', '%d attachments are now public in S3.', $changed, 's3-media-sync' ), $changed ),
		);
		if ( array() !== $refused ) {
			/* translators: %d: number of attachments. */
			$lines[] = sprintf( _n( '%d attachment was not changed:', '%d attachments were not changed:', count( $refused ), 's3-media-sync' ), count( $refused ) );
			array_push( $lines, ...$refused );
		}
		if ( 'private' === $acl && $changed > 0 ) {
			$lines[] = Acl_Caveat::text();
		}
		$this->remember( array() === $refused ? 'success' : ( $changed > 0 ? 'warning' : 'error' ), $lines );
		return $location;
	}

	private function name_of( int $id ): string {
		$title = get_the_title( $id );
		return '' !== $title ? $title : '#' . $id;
	}

	/** @param array<string> $lines Paragraphs of the notice. */
	private function remember( string $type, array $lines ): void {
		set_transient( self::ACTION . '_' . get_current_user_id(), array( $type, $lines ), 60 );
	}

	public function notice(): void {
		$key    = self::ACTION . '_' . get_current_user_id();
		$notice = get_transient( $key );
		if ( ! is_array( $notice ) || 2 !== count( $notice ) || ! is_array( $notice[1] ) ) {
			return;
		}
		delete_transient( $key );
		$type = in_array( $notice[0], array( 'error', 'warning' ), true ) ? $notice[0] : 'success';
		printf( '<div class="notice notice-%s is-dismissible s3-media-sync-notice">', esc_attr( $type ) );
		foreach ( $notice[1] as $line ) {
			printf( '<p>%s</p>', esc_html( (string) $line ) );
		}
		echo '</div>';
	}
}
