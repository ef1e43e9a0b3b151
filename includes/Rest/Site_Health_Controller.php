<?php
/**
 * GET /s3-media-sync/v1/site-health: the Site Health screen's async call.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Admin\Site_Health_Test;
use WP_REST_Controller;
use WP_REST_Response;
use WP_REST_Server;

final class Site_Health_Controller extends WP_REST_Controller {

	public function __construct( private readonly Site_Health_Test $test ) {
		$this->namespace = Permissions::NAMESPACE;
		$this->rest_base = 'site-health';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				'methods'             => WP_REST_Server::READABLE,
				'callback'            => fn(): WP_REST_Response => rest_ensure_response( $this->test->result() ),
				'permission_callback' => array( Permissions::class, 'manage_options' ),
			)
		);
	}
}
