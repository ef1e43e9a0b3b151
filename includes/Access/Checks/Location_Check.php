<?php
/**
 * Check 3: s3:GetBucketLocation, compared with the region setting after
 * normalising (an empty constraint is us-east-1, `EU` is eu-west-1).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\S3\S3_Error;

final class Location_Check implements Check {

	public function run( Check_Run $run ): bool {
		$clock    = microtime( true );
		$location = $run->client->get_bucket_location();
		if ( $location instanceof S3_Error ) {
			$run->add( $run->outcome( Check_Ids::BUCKET_LOCATION, $location, $clock, '' ) );
			return true;
		}
		$run->region_detected = $location;
		if ( $location === $run->setting( 'region' ) ) {
			/* translators: %s: region code. */
			$run->add( new Check_Result( Check_Ids::BUCKET_LOCATION, Check_Ids::permission( Check_Ids::BUCKET_LOCATION ), Check_Result::PASS, sprintf( __( 'The bucket is in %s, as configured.', 's3-media-sync' ), $location ), '', array(), Check_Run::ms( $clock ) ) );
			return true;
		}
		$run->add(
			$run->failure(
				Check_Ids::BUCKET_LOCATION,
				/* translators: 1: detected region, 2: configured region. */
				sprintf( __( 'The bucket is in %1$s, but the settings say %2$s.', 's3-media-sync' ), $location, $run->setting( 'region' ) ),
				'',
				$run->diagnosis->region_mismatch( $location ),
				$clock,
				'region_mismatch'
			)
		);
		return true;
	}
}
