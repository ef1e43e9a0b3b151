<?php
/**
 * GET /s3-media-sync/v1/site-health: the Site Health screen's async call.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Admin\Site_Health_Test;
use WP_REST_Response;
use WP_REST_Server;

final class Site_Health_Controller extends Rest_Controller {

	public function __construct( private readonly Site_Health_Test $test ) {
		$this->serve_under( 'site-health' );
	}

	public function register_routes(): void {
		$this->route( '', array( self::endpoint( WP_REST_Server::READABLE, fn(): WP_REST_Response => rest_ensure_response( $this->test->result() ) ) ) );
	}

	/** @return array<string, mixed> A Site Health test result, as wp-admin/site-health.php reads it. */
	public function get_item_schema(): array {
		$this->schema ??= array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-site-health',
			'type'       => 'object',
			'properties' => array(
				'label'       => array( 'type' => 'string' ),
				'status'      => array(
					'type' => 'string',
					'enum' => array( 'good', 'recommended', 'critical' ),
				),
				'badge'       => array(
					'type'       => 'object',
					'properties' => array(
						'label' => array( 'type' => 'string' ),
						'color' => array(
							'type' => 'string',
							'enum' => array( 'blue', 'orange', 'red' ),
						),
					),
				),
				'description' => array( 'type' => 'string' ),
				'actions'     => array( 'type' => 'string' ),
				'test'        => array( 'type' => 'string' ),
			),
		);
		return $this->add_additional_fields_schema( $this->schema );
	}
}
