<?php
/**
 * Check 8: s3:DeleteObject removes the test object. The time Access_Check
 * keeps back is for this, so a slow S3 never gets a test object left behind
 * for want of time; one S3 refuses to delete is named (`leftover_key`).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\S3\S3_Error;

final class Cleanup_Check implements Check {

	public function __construct( private readonly float $final_deadline ) {}

	public function run( Check_Run $run ): bool {
		if ( ! $run->stored ) {
			$run->add( $run->skip( Check_Ids::DELETE_OBJECT ) );
			return true;
		}
		$run->client->set_deadline( $this->final_deadline );
		$clock  = microtime( true );
		$delete = $run->client->delete_object( $run->key );
		if ( $delete instanceof S3_Error ) {
			$run->leftover_key = $run->key;
		}
		$run->add( $run->outcome( Check_Ids::DELETE_OBJECT, $delete, $clock, __( 'The test object was deleted.', 's3-media-sync' ) ) );
		return true;
	}
}
