<?php
/**
 * The checks of Test S3 Access, defined once: their ids, in the order they
 * run and are shown (docs/rest-api.md), and the permission each one is
 * about. The REST answer, the settings page and the tests use these ids.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

final class Check_Ids {

	public const CREDENTIALS     = 'credentials';
	public const LIST_BUCKET     = 'list_bucket';
	public const BUCKET_LOCATION = 'bucket_location';
	public const PUT_OBJECT      = 'put_object';
	public const PUT_OBJECT_ACL  = 'put_object_acl';
	public const GET_OBJECT      = 'get_object';
	public const PUBLIC_URL      = 'public_url';
	public const DELETE_OBJECT   = 'delete_object';

	/** Every check, in the order it runs. */
	public const ORDER = array(
		self::CREDENTIALS,
		self::LIST_BUCKET,
		self::BUCKET_LOCATION,
		self::PUT_OBJECT,
		self::PUT_OBJECT_ACL,
		self::GET_OBJECT,
		self::PUBLIC_URL,
		self::DELETE_OBJECT,
	);

	/** The IAM permission a check tries (or, for the two that are not one, what it is about). */
	public static function permission( string $id ): string {
		return match ( $id ) {
			self::CREDENTIALS     => __( 'Access key', 's3-media-sync' ),
			self::LIST_BUCKET     => 's3:ListBucket',
			self::BUCKET_LOCATION => 's3:GetBucketLocation',
			self::PUT_OBJECT      => 's3:PutObject',
			self::PUT_OBJECT_ACL  => 's3:PutObjectAcl',
			self::GET_OBJECT      => 's3:GetObject',
			self::PUBLIC_URL      => __( 'Delivery', 's3-media-sync' ),
			self::DELETE_OBJECT   => 's3:DeleteObject',
			default               => $id,
		};
	}
}
