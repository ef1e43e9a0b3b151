<?php
/**
 * POST /s3-media-sync/v1/test runs Test S3 Access on the saved settings;
 * GET returns the last result (404 when there is none). Both answer 200 with
 * the result whether or not S3 access works: the result says.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Access\Access_Check;
use S3MediaSync\Access\Last_Result;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Access_Test_Controller extends Rest_Controller {

	public function __construct(
		private readonly Access_Check $check,
		private readonly Last_Result $last
	) {
		$this->serve_under( 'test' );
	}

	public function register_routes(): void {
		$this->route(
			'',
			array(
				self::endpoint( WP_REST_Server::READABLE, array( $this, 'get_item' ), array(), array( $this, 'get_item_permissions_check' ) ),
				self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'create_item' ), array(), array( $this, 'create_item_permissions_check' ) ),
			)
		);
	}

	/** @return array<string, mixed> The answer's schema (Access_Test_Schema). */
	public function get_item_schema(): array {
		$this->schema ??= Access_Test_Schema::schema();
		return $this->add_additional_fields_schema( $this->schema );
	}

	/** @param WP_REST_Request $request Request. */
	public function get_item_permissions_check( $request ): bool|WP_Error {
		return Permissions::manage_options();
	}

	/** @param WP_REST_Request $request Request. */
	public function create_item_permissions_check( $request ): bool|WP_Error {
		return Permissions::manage_options();
	}

	/** @param WP_REST_Request $request Request. */
	public function get_item( $request ): WP_REST_Response|WP_Error {
		$result = $this->last->get();
		if ( null === $result ) {
			return new WP_Error( 'rest_not_found', __( 'S3 access has not been tested yet.', 's3-media-sync' ), array( 'status' => 404 ) );
		}
		return rest_ensure_response( $result );
	}

	/** @param WP_REST_Request $request Request. */
	public function create_item( $request ): WP_REST_Response {
		$result = $this->check->run();
		$this->last->save( $result );
		return rest_ensure_response( $result );
	}
}
