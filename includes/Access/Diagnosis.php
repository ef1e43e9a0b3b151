<?php
/**
 * Turns what S3 answered into the guide's language: each category carries
 * the title users search the guide for, and hints that are the guide's
 * troubleshooting lists narrowed to what was actually seen.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

use S3MediaSync\S3\S3_Error;

final class Diagnosis {

	public const CREDENTIAL_CODES = array( 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'InvalidToken', 'ExpiredToken' );
	public const REGION_CODES     = array( 'PermanentRedirect', 'AuthorizationHeaderMalformed', 'IllegalLocationConstraintException' );

	public function __construct(
		private readonly string $bucket,
		private readonly string $region,
		private readonly string $key_prefix,
		private readonly string $access_key_id,
		private readonly string $credential_source = ''
	) {}

	/** Every category a Test S3 Access answer can have. */
	public const CATEGORIES = array( 'ok', 'not_configured', 'invalid_credentials', 'bucket_not_found', 'access_denied', 'region_mismatch', 'acl_not_supported', 'public_access_blocked', 'clock_skew', 'endpoint_unreachable', 'error' );

	public static function title( string $category ): string {
		return match ( $category ) {
			'ok'                    => __( 'S3 access works', 's3-media-sync' ),
			'not_configured'        => __( 'Not configured', 's3-media-sync' ),
			'invalid_credentials'   => __( 'Invalid credentials', 's3-media-sync' ),
			'bucket_not_found'      => __( 'Bucket does not exist', 's3-media-sync' ),
			'access_denied'         => __( 'Access Denied', 's3-media-sync' ),
			'region_mismatch'       => __( 'Wrong region', 's3-media-sync' ),
			'acl_not_supported'     => __( 'ACLs are disabled on this bucket', 's3-media-sync' ),
			'public_access_blocked' => __( 'Block Public Access is on', 's3-media-sync' ),
			'clock_skew'            => __( 'Server clock is off', 's3-media-sync' ),
			'endpoint_unreachable'  => __( 'S3 endpoint unreachable', 's3-media-sync' ),
			default                 => __( 'Unexpected S3 error', 's3-media-sync' ),
		};
	}

	/** The category an S3 error belongs to, whatever the check. */
	public static function category_of( S3_Error $error ): string {
		return match ( true ) {
			$error->transport                                    => 'endpoint_unreachable',
			in_array( $error->code, self::CREDENTIAL_CODES, true ) => 'invalid_credentials',
			'NoSuchBucket' === $error->code                      => 'bucket_not_found',
			in_array( $error->code, self::REGION_CODES, true )   => 'region_mismatch',
			'AccessControlListNotSupported' === $error->code     => 'acl_not_supported',
			'RequestTimeTooSkewed' === $error->code              => 'clock_skew',
			'AccessDenied' === $error->code                      => 'access_denied',
			default                                              => 'error',
		};
	}

	/** @return list<string> */
	public function invalid_credentials( S3_Error $error ): array {
		if ( in_array( $error->code, array( 'InvalidToken', 'ExpiredToken' ), true ) ) {
			return $this->token_hints( 'ExpiredToken' === $error->code );
		}
		$hints = 'InvalidAccessKeyId' === $error->code
			? array(
				/* translators: %s: access key ID. */
				sprintf( __( 'AWS does not know the Access Key ID %s: check that it was copied whole, without spaces.', 's3-media-sync' ), $this->access_key_id ),
				__( 'Check that the IAM user is active and not deleted, and that this access key was not deleted or rotated.', 's3-media-sync' ),
			)
			: array(
				__( 'The Secret Access Key does not belong to this Access Key ID: paste it again, exactly as AWS showed it.', 's3-media-sync' ),
				__( 'If the secret was lost, create a new access key for the IAM user and enter both parts again.', 's3-media-sync' ),
			);
		return $hints;
	}

	/**
	 * Temporary credentials whose session token S3 refused, said where the
	 * token came from.
	 *
	 * @return list<string>
	 */
	private function token_hints( bool $expired ): array {
		$hints = array(
			$expired
				/* translators: %s: access key ID. */
				? sprintf( __( 'The temporary credentials of %s have expired: a session token lasts from 15 minutes to 12 hours (36 for some roles). Get new ones from AWS STS.', 's3-media-sync' ), $this->access_key_id )
				/* translators: %s: access key ID. */
				: sprintf( __( 'S3 refused the session token sent with %s: it is not the token STS issued with this key. Copy the key ID, secret and session token again, all three from the same AssumeRole answer.', 's3-media-sync' ), $this->access_key_id ),
		);
		$hints[] = match ( $this->credential_source ) {
			'environment' => __( 'They come from the AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN environment variables of the web server: whatever sets them must renew them before they expire.', 's3-media-sync' ),
			'wp-config'   => __( 'They come from the S3_MEDIA_SYNC_ACCESS_KEY_ID, S3_MEDIA_SYNC_SECRET_ACCESS_KEY and S3_MEDIA_SYNC_SESSION_TOKEN constants in wp-config.php: whatever writes them must renew them before they expire.', 's3-media-sync' ),
			default       => __( 'Temporary credentials expire: for a key that lasts, create an access key for an IAM user as the setup guide describes.', 's3-media-sync' ),
		};
		return $hints;
	}

	/** @return list<string> */
	public function bucket_not_found(): array {
		return array(
			/* translators: %s: bucket name. */
			sprintf( __( 'Check the bucket name "%s": names are case-sensitive and must match exactly.', 's3-media-sync' ), $this->bucket ),
			/* translators: %s: region code. */
			sprintf( __( 'Check that the bucket exists in the region you chose (%s).', 's3-media-sync' ), $this->region ),
			__( 'Check that the IAM user has the s3:ListBucket and s3:GetBucketLocation permissions.', 's3-media-sync' ),
		);
	}

	/**
	 * The guide's Access Denied list, led by the permission that was refused.
	 *
	 * @return list<string>
	 */
	public function access_denied( string $permission, bool $everything_refused ): array {
		$resource = str_starts_with( $permission, 's3:ListBucket' ) || 's3:GetBucketLocation' === $permission
			? 'arn:aws:s3:::' . $this->bucket
			: 'arn:aws:s3:::' . $this->bucket . '/' . $this->key_prefix . 'wp-content/uploads/*';
		$hints    = array(
			/* translators: 1: an S3 permission such as s3:PutObject, 2: an ARN. */
			sprintf( __( 'The IAM policy must allow %1$s on %2$s: compare it with the policy below.', 's3-media-sync' ), $permission, $resource ),
			__( 'Check that the policy is attached to the group, and that the IAM user is in the group.', 's3-media-sync' ),
		);
		if ( $everything_refused ) {
			/* translators: %s: bucket name. */
			$hints[] = sprintf( __( 'Check that the bucket name "%s" is spelled correctly and that the bucket exists in the region you chose: S3 may answer Access Denied for a bucket that does not exist.', 's3-media-sync' ), $this->bucket );
		}
		if ( '' !== $this->key_prefix ) {
			/* translators: %s: key prefix. */
			$hints[] = sprintf( __( 'You set the key prefix "%s": the policy\'s object resource must include it.', 's3-media-sync' ), $this->key_prefix );
		}
		$hints[] = __( 'Check that no bucket policy denies these actions to this user.', 's3-media-sync' );
		return $hints;
	}

	/** @return list<string> */
	public function region_mismatch( string $detected ): array {
		if ( '' === $detected ) {
			return array( __( 'S3 says the bucket is in another region: choose the region shown for the bucket in the S3 console.', 's3-media-sync' ) );
		}
		return array(
			/* translators: 1: region the bucket is in, 2: region in the settings. */
			sprintf( __( 'The bucket is in %1$s, not %2$s: choose %1$s as the S3 Bucket Region and save.', 's3-media-sync' ), $detected, $this->region ),
		);
	}

	/** @return list<string> */
	public function acl_not_supported(): array {
		return array(
			__( 'This bucket has ACLs disabled (Object Ownership: Bucket owner enforced, the default for buckets created since April 2023). Choose "Bucket default" as the S3 Object ACL and save.', 's3-media-sync' ),
			__( 'For public media, allow s3:GetObject to everyone on wp-content/uploads/* in a bucket policy; for private media, turn on "Serve presigned URLs".', 's3-media-sync' ),
		);
	}

	/** @return list<string> */
	public function public_access_blocked(): array {
		return array(
			__( 'Block Public Access refuses public-read objects on this bucket or account. Either turn off "Block public access to buckets and objects granted through new access control lists (ACLs)" for the bucket, or choose "private" or "Bucket default" as the S3 Object ACL and serve presigned URLs.', 's3-media-sync' ),
		);
	}

	/** @return list<string> */
	public function clock_skew( int $offset ): array {
		return array(
			/* translators: %d: seconds. */
			sprintf( __( 'This server\'s clock is %d seconds off the time S3 reported. Requests were signed with the corrected time, but set the server clock right (NTP), or S3 will keep refusing requests until the plugin learns the offset again.', 's3-media-sync' ), $offset ),
		);
	}

	/** @return list<string> */
	public function endpoint_unreachable( S3_Error $error, string $endpoint ): array {
		return array(
			/* translators: 1: URL, 2: error message. */
			sprintf( __( 'This server could not reach %1$s: %2$s', 's3-media-sync' ), $endpoint, $error->message ),
			__( 'Check the endpoint setting (empty for Amazon S3), and that this server may make outgoing HTTPS requests (firewall, proxy, DNS).', 's3-media-sync' ),
		);
	}

	/** The S3 error's own words, with its code and request id, for anything else. */
	public static function describe( S3_Error $error ): string {
		$message = '' !== $error->code ? $error->code . ': ' . $error->message : $error->message;
		return '' !== $error->request_id ? $message . ' (request id ' . $error->request_id . ')' : $message;
	}
}
