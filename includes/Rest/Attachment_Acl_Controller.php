<?php
/**
 * POST /s3-media-sync/v1/attachments/{id}/acl {"acl": "private"|"public-read"}
 * changes the ACL of one attachment's objects.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Media\Acl_Changer;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Attachment_Acl_Controller extends Rest_Controller {

	public function __construct( private readonly Acl_Changer $changer ) {
		$this->serve_under( 'attachments/(?P<id>\d+)/acl' );
	}

	public function register_routes(): void {
		$this->route(
			'',
			array(
				self::endpoint(
					WP_REST_Server::CREATABLE,
					array( $this, 'update_item' ),
					array(
						'id'  => self::attachment_id_arg(),
						'acl' => array(
							'description' => __( 'The ACL to give the attachment\'s objects.', 's3-media-sync' ),
							'type'        => 'string',
							'enum'        => Acl_Changer::ACLS,
							'required'    => true,
						),
					)
				),
			),
			false
		);
	}

	/** @param WP_REST_Request $request Request. */
	public function update_item( $request ): WP_REST_Response|WP_Error {
		// The path's ID, never one the body or the query string might add (Unknown_Params_Guard refuses those too).
		$state = $this->changer->change( (int) ( $request->get_url_params()['id'] ?? 0 ), (string) $request['acl'] );
		return is_wp_error( $state ) ? $state : rest_ensure_response( $state->to_rest() );
	}
}
