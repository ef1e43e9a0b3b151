<?php
/**
 * The setup guide's least-privilege policy, with the bucket and key prefix
 * filled in, ready to paste into IAM.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Policy_Document {

	/** @return array<string, mixed> */
	public static function for_bucket( string $bucket, string $key_prefix = '' ): array {
		$bucket = '' === $bucket ? 'YOUR-BUCKET-NAME' : $bucket;
		return array(
			'Version'   => '2012-10-17',
			'Statement' => array(
				array(
					'Effect'   => 'Allow',
					'Action'   => array( 's3:ListBucket', 's3:GetBucketLocation' ),
					'Resource' => 'arn:aws:s3:::' . $bucket,
				),
				array(
					'Effect'   => 'Allow',
					'Action'   => array( 's3:PutObject', 's3:GetObject', 's3:DeleteObject', 's3:PutObjectAcl' ),
					'Resource' => 'arn:aws:s3:::' . $bucket . '/' . $key_prefix . 'wp-content/uploads/*',
				),
			),
		);
	}
}
