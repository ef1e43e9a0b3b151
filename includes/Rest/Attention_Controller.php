<?php
/**
 * GET /attention: what keeps failing (Attention_List); POST /attention/retry:
 * makes every waiting upload and deletion due, runs the retry job now, and
 * answers what is still waiting afterwards.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Sync\Attention_List;
use WP_REST_Response;
use WP_REST_Server;

final class Attention_Controller extends Rest_Controller {

	public function __construct( private readonly Attention_List $attention ) {
		$this->serve_under( 'attention' );
	}

	public function register_routes(): void {
		$this->route( '', array( self::endpoint( WP_REST_Server::READABLE, fn(): WP_REST_Response => rest_ensure_response( $this->attention->summary() ) ) ), false );
		$this->route( '/retry', array( self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'retry' ) ) ), false );
	}

	public function retry(): WP_REST_Response {
		$due = $this->attention->retry_now();
		return rest_ensure_response(
			array(
				'retried' => $due,
				'waiting' => $this->attention->summary(),
			)
		);
	}
}
