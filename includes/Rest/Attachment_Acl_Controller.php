<?php
/**
 * POST /s3-media-sync/v1/attachments/{id}/acl {"acl": "private"|"public-read"}
 * changes the ACL of every object of one attachment (s3:PutObjectAcl). Only
 * where ACLs are in use: with the bucket-default setting there are none.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\Settings\Settings_Store;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Attachment_Acl_Controller extends WP_REST_Controller {

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory
	) {
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
						'enum'        => array( 'private', 'public-read' ),
						'required'    => true,
					),
				),
			)
		);
	}

	/** @param WP_REST_Request $request Request. */
	public function update_item( $request ): WP_REST_Response|WP_Error {
		$id   = (int) $request['id'];
		$post = get_post( $id );
		if ( null === $post || 'attachment' !== $post->post_type ) {
			return new WP_Error( 'rest_post_invalid_id', __( 'There is no attachment with this ID.', 's3-media-sync' ), array( 'status' => 404 ) );
		}
		if ( 'bucket-default' === $this->settings->get( 'object_acl' ) ) {
			return new WP_Error( 's3_media_sync_acls_not_used', __( 'The S3 Object ACL setting is "Bucket default": objects carry no ACL, so there is none to change.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$state = Offload_State::of( $id );
		if ( null === $state || Offload_State::SYNCED !== $state->status ) {
			return new WP_Error( 's3_media_sync_not_synced', __( 'This attachment is not in S3 yet: upload it first.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$client = $this->factory->client( $state->bucket );
		if ( null === $client ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$acl = (string) $request['acl'];
		foreach ( array_unique( array_values( $state->keys ) ) as $key ) {
			$result = $client->put_object_acl( $key, $acl );
			if ( $result instanceof S3_Error ) {
				return new WP_Error(
					's3_media_sync_s3_error',
					/* translators: 1: object key, 2: S3 error code, 3: S3 message. */
					sprintf( __( 'S3 refused the ACL of %1$s (%2$s: %3$s). Objects changed before it keep the new ACL; the attachment keeps the old one on record. Try again.', 's3-media-sync' ), $key, $result->code, $result->message ),
					array(
						'status' => 502,
						'code'   => $result->code,
					)
				);
			}
		}
		$updated = new Offload_State( $state->status, $state->bucket, $acl, $state->keys, $state->error, $state->attempts, $state->next_attempt, time(), $state->local_removed );
		$updated->save( $id );
		return rest_ensure_response( $updated->to_rest() );
	}
}
