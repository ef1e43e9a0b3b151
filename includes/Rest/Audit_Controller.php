<?php
/**
 * POST /audit: compares the records with the bucket (Bucket_Audit), as
 * `wp s3-media-sync verify` does, within one request's time budget, and
 * answers the totals with the first problems found. `complete` is false
 * when the budget ran out first (then orphans were not looked for): WP-CLI
 * checks a library of any size.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Sync\Bucket_Audit;
use WP_Error;
use WP_REST_Response;
use WP_REST_Server;

final class Audit_Controller extends Rest_Controller {

	/** Seconds one request may spend comparing. */
	public const BUDGET = 20.0;

	/** Problems listed at most. */
	public const MAX_PROBLEMS = 100;

	public function __construct(
		private readonly Bucket_Audit $audit,
		private readonly Client_Factory $factory
	) {
		$this->serve_under( 'audit' );
	}

	public function register_routes(): void {
		$this->route( '', array( self::endpoint( WP_REST_Server::CREATABLE, array( $this, 'run' ) ) ), false );
	}

	public function run(): WP_REST_Response|WP_Error {
		if ( null === $this->factory->client() ) {
			return new WP_Error( 's3_media_sync_not_configured', __( 'S3 Media Sync is not configured.', 's3-media-sync' ), array( 'status' => 409 ) );
		}
		$problems = array();
		$totals   = $this->audit->run(
			static function ( string $kind, int $id, string $what ) use ( &$problems ): void {
				if ( count( $problems ) < self::MAX_PROBLEMS ) {
					$problems[] = array(
						'kind' => $kind,
						'id'   => $id,
						'what' => $what,
					);
				}
			},
			self::BUDGET
		);
		return rest_ensure_response( $totals + array( 'problems' => $problems ) );
	}
}
