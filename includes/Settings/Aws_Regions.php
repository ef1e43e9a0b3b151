<?php
/**
 * AWS region codes S3 answers in (the commercial, GovCloud and China
 * partitions of the AWS SDK's partition list; src/settings/regions.ts offers
 * the commercial ones by name). Free-text regions are accepted only with
 * a custom endpoint (S3-compatible stores name their own).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Aws_Regions {

	public const CODES = array(
		'us-east-1',
		'us-east-2',
		'us-west-1',
		'us-west-2',
		'af-south-1',
		'ap-east-1',
		'ap-east-2',
		'ap-south-1',
		'ap-south-2',
		'ap-southeast-1',
		'ap-southeast-2',
		'ap-southeast-3',
		'ap-southeast-4',
		'ap-southeast-5',
		'ap-southeast-6',
		'ap-southeast-7',
		'ap-northeast-1',
		'ap-northeast-2',
		'ap-northeast-3',
		'ca-central-1',
		'ca-west-1',
		'eu-central-1',
		'eu-central-2',
		'eu-west-1',
		'eu-west-2',
		'eu-west-3',
		'eu-south-1',
		'eu-south-2',
		'eu-north-1',
		'il-central-1',
		'me-south-1',
		'me-central-1',
		'me-west-1',
		'mx-central-1',
		'sa-east-1',
		'sa-west-1',
		'us-gov-east-1',
		'us-gov-west-1',
		'cn-north-1',
		'cn-northwest-1',
	);

	public static function is_aws_region( string $code ): bool {
		return in_array( $code, self::CODES, true );
	}

	/**
	 * GetBucketLocation answers an empty constraint for us-east-1 and the
	 * legacy `EU` for eu-west-1.
	 */
	public static function normalize_location( string $constraint ): string {
		$constraint = trim( $constraint );
		if ( '' === $constraint ) {
			return 'us-east-1';
		}
		return 'EU' === $constraint ? 'eu-west-1' : $constraint;
	}
}
