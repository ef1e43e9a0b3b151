<?php
/**
 * GET /sync (counts, failures and the bulk-copy job), POST /sync/job
 * {"workers": 1..4} (start the job, which runs on the server without the
 * page), POST /sync/job/pause and /sync/job/resume (from any administrator's
 * session), POST /sync/batch {"limit": 1..100} (copy the next attachments of
 * the current run in this request), POST /attachments/{id}/retry
 * (re-offload one attachment). WP-CLI calls the same services.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\Media\Attachment_Offloader;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Sync\Sync_Job;
use S3MediaSync\Sync\Sync_Status;
use WP_Error;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class Sync_Controller extends Rest_Controller {

	public function __construct(
		private readonly Bulk_Sync $sync,
		private readonly Sync_Job $job,
		private readonly Sync_Status $status,
		private readonly Attachment_Offloader $offloader,
		private readonly Client_Factory $factory
	) {
		$this->serve_under( 'sync' );
	}

	public function register_routes(): void {
		$this->route( '', array( self::endpoint( WP_REST_Server::READABLE, fn(): WP_REST_Response => rest_ensure_response( array_merge( $this->status->summary(), array( 'job' => $this->job->snapshot() ) ) ) ) ), array( self::class, 'status_schema' ) );
		$this->route(
			'/batch',
			array( self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'batch' ), array( 'limit' => self::limit_arg( __( 'How many attachments to copy in this batch (1 to 100).', 's3-media-sync' ) ) ) ) ),
			array( self::class, 'batch_schema' )
		);
		$this->route(
			'/job',
			array(
				self::endpoint(
					WP_REST_Server::CREATABLE,
					fn( WP_REST_Request $request ): WP_REST_Response|WP_Error => self::answer( $this->job->start( (int) $request['workers'] ) ),
					array(
						'workers' => array(
							'description' => __( 'How many workers copy at once (1 to 4).', 's3-media-sync' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => Sync_Job::MAX_WORKERS,
							'default'     => Sync_Job::DEFAULT_WORKERS,
						),
					)
				),
			),
			array( self::class, 'job_schema' )
		);
		foreach ( array( 'pause', 'resume' ) as $action ) {
			$this->route(
				'/job/' . $action,
				array( self::endpoint( WP_REST_Server::CREATABLE, fn(): WP_REST_Response|WP_Error => self::answer( 'pause' === $action ? $this->job->pause() : $this->job->resume() ) ) ),
				array( self::class, 'job_schema' )
			);
		}
		// One attachment, beside the attachment's ACL route.
		$this->route_at( '/attachments/(?P<id>\d+)/retry', array( self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'retry' ), array( 'id' => self::attachment_id_arg() ) ) ), false );
	}

	/** @return array<string, mixed> The schema of GET /sync. */
	public static function status_schema(): array {
		$count = array(
			'type'    => 'integer',
			'minimum' => 0,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-sync',
			'type'       => 'object',
			'properties' => array(
				'total'    => $count,
				'synced'   => $count,
				'pending'  => $count,
				'failed'   => $count,
				'job'      => self::job_schema()['properties']['job'],
				'failures' => array(
					'type'     => 'array',
					'maxItems' => Sync_Status::MAX_FAILURES,
					'items'    => array(
						'type'       => 'object',
						'properties' => array(
							'id'      => $count,
							'file'    => array( 'type' => 'string' ),
							'code'    => array( 'type' => 'string' ),
							'message' => array( 'type' => 'string' ),
						),
					),
				),
			),
		);
	}

	/** @return array<string, mixed> The schema of the job's routes' answers: `{job}`; GET /sync has the same `job`. */
	public static function job_schema(): array {
		$count = array(
			'type'    => 'integer',
			'minimum' => 0,
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-sync-job',
			'type'       => 'object',
			'properties' => array(
				'job' => array(
					'type'       => 'object',
					'properties' => array(
						'state'     => array(
							'type' => 'string',
							'enum' => array( 'idle', 'running', 'paused', 'done' ),
						),
						'workers'   => array(
							'type'    => 'integer',
							'minimum' => 1,
							'maximum' => Sync_Job::MAX_WORKERS,
						),
						'started'   => $count,
						'total'     => $count,
						'remaining' => $count,
						'last_work' => $count,
						'error'     => array(
							'type'       => array( 'object', 'null' ),
							'properties' => array(
								'code'    => array( 'type' => 'string' ),
								'message' => array( 'type' => 'string' ),
							),
						),
					),
				),
			),
		);
	}

	/**
	 * @param array<string, mixed>|WP_Error $job The job, or why the action was refused.
	 */
	private static function answer( array|WP_Error $job ): WP_REST_Response|WP_Error {
		return is_wp_error( $job ) ? $job : rest_ensure_response( array( 'job' => $job ) );
	}

	/** @return array<string, mixed> The schema of POST /sync/batch's answer. */
	public static function batch_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 's3-media-sync-sync-batch',
			'type'       => 'object',
			'properties' => array(
				'processed' => array(
					'type'  => 'array',
					'items' => array( 'type' => 'integer' ),
				),
				'failed'    => array(
					'type'  => 'array',
					'items' => array(
						'type'       => 'object',
						'properties' => array(
							'id'      => array( 'type' => 'integer' ),
							'code'    => array( 'type' => 'string' ),
							'message' => array( 'type' => 'string' ),
						),
					),
				),
				'remaining' => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
			),
		);
	}

	public function batch( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$result = $this->sync->batch( (int) $request['limit'] );
		return is_wp_error( $result ) ? $result : rest_ensure_response( $result );
	}

	public function retry( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		// The path's ID, never one the body or the query string might add (Unknown_Params_Guard refuses those too).
		$id   = (int) ( $request->get_url_params()['id'] ?? 0 );
		$post = get_post( $id );
		if ( null === $post || 'attachment' !== $post->post_type ) {
			return new WP_Error( 'rest_post_invalid_id', __( 'There is no attachment with this ID.', 's3-media-sync' ), array( 'status' => 404 ) );
		}
		$client = $this->factory->client();
		if ( null === $client ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$states = $this->offloader->offload_many( array( $id ), true );
		if ( ! isset( $states[ $id ] ) ) {
			return new WP_Error( 's3_media_sync_busy', __( 'This attachment is being uploaded or deleted right now. Try again in a minute.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		return rest_ensure_response( $states[ $id ]->to_rest() );
	}
}
