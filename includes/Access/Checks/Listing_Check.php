<?php
/**
 * Checks 1 and 2: the first signed request (ListObjectsV2 under the uploads
 * prefix, one key) judges the credentials as well as s3:ListBucket. Bad
 * credentials, a missing bucket, a wrong region or an endpoint that does not
 * answer stop the test: every later request would fail the same way.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\Access\Diagnosis;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;

final class Listing_Check implements Check {

	/** Categories after which no later request can tell anything. */
	private const STOPPING = array( 'invalid_credentials', 'bucket_not_found', 'region_mismatch', 'endpoint_unreachable' );

	public function run( Check_Run $run ): bool {
		$clock = microtime( true );
		$list  = $run->client->list_objects( $run->setting( 'key_prefix' ) . 'wp-content/uploads/', 1 );
		$run->add( $this->credentials( $run, $list, $clock ) );
		$run->add( $run->outcome( Check_Ids::LIST_BUCKET, $list, $clock, __( 'The bucket can be listed.', 's3-media-sync' ) ) );
		if ( $list instanceof S3_Error && in_array( Diagnosis::category_of( $list ), self::STOPPING, true ) ) {
			$run->skip_rest( __( 'Not tried: the problem above stops every request.', 's3-media-sync' ) );
			return false;
		}
		return true;
	}

	private function credentials( Check_Run $run, S3_Response|S3_Error $first, float $clock ): Check_Result {
		$label = Check_Ids::permission( Check_Ids::CREDENTIALS );
		// Only a success or an authorization refusal means S3 checked the signature.
		if ( $first instanceof S3_Response || 'AccessDenied' === $first->code ) {
			return new Check_Result( Check_Ids::CREDENTIALS, $label, Check_Result::PASS, __( 'S3 accepted the access key and its signature.', 's3-media-sync' ), '', array(), Check_Run::ms( $clock ) );
		}
		if ( in_array( $first->code, Diagnosis::CREDENTIAL_CODES, true ) ) {
			$message = match ( $first->code ) {
				'InvalidAccessKeyId' => __( 'S3 does not know this Access Key ID.', 's3-media-sync' ),
				'ExpiredToken'       => __( 'The temporary credentials have expired: their session token is no longer valid.', 's3-media-sync' ),
				'InvalidToken'       => __( 'S3 refused the session token of these temporary credentials.', 's3-media-sync' ),
				default              => __( 'The Secret Access Key does not match the Access Key ID.', 's3-media-sync' ),
			};
			return $run->failure( Check_Ids::CREDENTIALS, $message, $first->code, $run->diagnosis->invalid_credentials( $first ), $clock, 'invalid_credentials' );
		}
		return new Check_Result( Check_Ids::CREDENTIALS, $label, Check_Result::SKIP, __( 'Not judged: S3 answered before checking the key.', 's3-media-sync' ), $first->code, array(), Check_Run::ms( $clock ) );
	}
}
