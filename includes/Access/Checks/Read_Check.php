<?php
/**
 * Check 6: s3:GetObject on the test object, its bytes compared with what
 * was uploaded (something in between that changes data is named).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\S3\S3_Response;

final class Read_Check implements Check {

	public function run( Check_Run $run ): bool {
		if ( ! $run->stored ) {
			$run->add( $run->skip( Check_Ids::GET_OBJECT ) );
			return true;
		}
		$clock = microtime( true );
		$read  = $run->client->get_object( $run->key );
		if ( $read instanceof S3_Response && $read->body !== $run->body ) {
			$run->add( $run->failure( Check_Ids::GET_OBJECT, __( 'The test object came back different from what was uploaded.', 's3-media-sync' ), 'ContentMismatch', array( __( 'Something between this server and S3 changes the data (a proxy?): check the endpoint setting.', 's3-media-sync' ) ), $clock, 'error' ) );
			return true;
		}
		$run->add( $run->outcome( Check_Ids::GET_OBJECT, $read, $clock, __( 'The test object was read back unchanged.', 's3-media-sync' ) ) );
		return true;
	}
}
