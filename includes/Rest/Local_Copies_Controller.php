<?php
/**
 * GET /local-copies ({"missing": N}: attachments with files only in S3) and
 * POST /local-copies/batch {"limit": 1..100} (bring the next attachments'
 * files back from S3). The settings page loops on the batch route before
 * the plugin is deactivated; WP-CLI's `download-all` runs the same service.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Sync\Bring_Back;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Local_Copies_Controller extends Rest_Controller {

	public function __construct( private readonly Bring_Back $bring_back ) {
		$this->serve_under( 'local-copies' );
	}

	public function register_routes(): void {
		$this->route( '', array( self::endpoint( WP_REST_Server::READABLE, static fn(): WP_REST_Response => rest_ensure_response( array( 'missing' => Bring_Back::missing() ) ) ) ), false );
		$this->route(
			'/batch',
			array( self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'batch' ), array( 'limit' => self::limit_arg( __( 'How many attachments to bring back in this batch (1 to 100).', 's3-media-sync' ) ) ) ) ),
			false
		);
	}

	public function batch( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$result = $this->bring_back->batch( (int) $request['limit'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}
}
