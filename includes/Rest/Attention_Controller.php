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
use WP_REST_Controller;
use WP_REST_Response;
use WP_REST_Server;

final class Attention_Controller extends WP_REST_Controller {

	public function __construct( private readonly Attention_List $attention ) {
		$this->namespace = Permissions::NAMESPACE;
		$this->rest_base = 'attention';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => fn(): WP_REST_Response => rest_ensure_response( $this->attention->summary() ),
				'permission_callback' => array( Permissions::class, 'manage_options' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/retry',
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'retry' ),
				'permission_callback' => array( Permissions::class, 'manage_options' ),
			)
		);
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
