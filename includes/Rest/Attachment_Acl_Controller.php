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
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Attachment_Acl_Controller extends WP_REST_Controller {

	public function __construct( private readonly Acl_Changer $changer ) {
		$this->namespace = Permissions::NAMESPACE;
		$this->rest_base = 'attachments/(?P<id>\d+)/acl';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				'methods'             => WP_REST_Server::CREATABLE,
				'callback'            => array( $this, 'update_item' ),
				'permission_callback' => array( Permissions::class, 'manage_options' ),
				'args'                => array(
					'id'  => array(
						'description' => __( 'Attachment ID.', 's3-media-sync' ),
						'type'        => 'integer',
						'minimum'     => 1,
					),
					'acl' => array(
						'description' => __( 'The ACL to give the attachment\'s objects.', 's3-media-sync' ),
						'type'        => 'string',
						'enum'        => Acl_Changer::ACLS,
						'required'    => true,
					),
				),
			)
		);
	}

	/** @param WP_REST_Request $request Request. */
	public function update_item( $request ): WP_REST_Response|WP_Error {
		// The path's ID, never one the body or the query string might add (Unknown_Params_Guard refuses those too).
		$state = $this->changer->change( (int) ( $request->get_url_params()['id'] ?? 0 ), (string) $request['acl'] );
		return is_wp_error( $state ) ? $state : rest_ensure_response( $state->to_rest() );
	}
}
