<?php
/**
 * The one definition of every setting: its JSON-schema type, limits and
 * default. The REST schema, the stored option's defaults and the wp-config.php
 * constants (S3_MEDIA_SYNC_<FIELD>) are all derived from it.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Settings_Fields {

	public const OPTION = 's3_media_sync_settings';

	public const ACLS = array( 'public-read', 'private', 'bucket-default' );

	/**
	 * Field => JSON schema (without descriptions, which are translated and so
	 * only built on demand, after init).
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function schema(): array {
		return array(
			'access_key_id'       => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 128,
			),
			'secret_access_key'   => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 128,
				'context'   => array(),
			),
			'bucket'              => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 63,
			),
			'region'              => array(
				'type'      => 'string',
				'default'   => 'us-east-1',
				'maxLength' => 64,
			),
			'object_acl'          => array(
				'type'    => 'string',
				'default' => 'public-read',
				'enum'    => self::ACLS,
			),
			'key_prefix'          => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 200,
			),
			'endpoint'            => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 255,
			),
			'use_path_style'      => array(
				'type'    => 'boolean',
				'default' => false,
			),
			'delivery_url'        => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 255,
			),
			'serve_from_s3'       => array(
				'type'    => 'boolean',
				'default' => true,
			),
			'sign_urls'           => array(
				'type'    => 'boolean',
				'default' => false,
			),
			'presign_expiry'      => array(
				'type'    => 'integer',
				'default' => 900,
				'minimum' => 60,
				'maximum' => 604800,
			),
			'remove_local_copies' => array(
				'type'    => 'boolean',
				'default' => false,
			),
			'cache_control'       => array(
				'type'      => 'string',
				'default'   => '',
				'maxLength' => 200,
			),
		);
	}

	/** @return list<string> */
	public static function names(): array {
		return array_keys( self::schema() );
	}

	/** @return array<string, mixed> */
	public static function defaults(): array {
		return array_map( static fn( array $field ): mixed => $field['default'], self::schema() );
	}

	public static function constant_name( string $field ): string {
		return 'S3_MEDIA_SYNC_' . strtoupper( $field );
	}

	/** Translated one-line descriptions, for the REST schema. */
	public static function description( string $field ): string {
		return match ( $field ) {
			'access_key_id'       => __( 'Access key ID of the IAM user the plugin signs requests as.', 's3-media-sync' ),
			'secret_access_key'   => __( 'Secret access key of that user. Write-only: it is never sent back.', 's3-media-sync' ),
			'bucket'              => __( 'Name of the S3 bucket that holds the media.', 's3-media-sync' ),
			'region'              => __( 'Region of the bucket, such as us-east-1.', 's3-media-sync' ),
			'object_acl'          => __( 'ACL of uploaded objects: public-read, private, or bucket-default (no ACL header, for buckets with ACLs disabled).', 's3-media-sync' ),
			'key_prefix'          => __( 'Optional folder in the bucket in front of wp-content/uploads/.', 's3-media-sync' ),
			'endpoint'            => __( 'URL of an S3-compatible service; empty for Amazon S3.', 's3-media-sync' ),
			'use_path_style'      => __( 'Address the bucket in the path instead of the host name.', 's3-media-sync' ),
			'delivery_url'        => __( 'Custom domain or CDN in front of the bucket; empty to serve from the bucket\'s own URL.', 's3-media-sync' ),
			'serve_from_s3'       => __( 'Serve media from S3 instead of this server.', 's3-media-sync' ),
			'sign_urls'           => __( 'Serve presigned URLs even when objects are not private.', 's3-media-sync' ),
			'presign_expiry'      => __( 'Lifetime of presigned URLs in seconds (60 to 604800).', 's3-media-sync' ),
			'remove_local_copies' => __( 'Remove files from this server once S3 has confirmed them.', 's3-media-sync' ),
			'cache_control'       => __( 'Cache-Control header of new uploads, such as "public, max-age=86400"; empty for a year, public or private as the ACL says.', 's3-media-sync' ),
			default               => '',
		};
	}
}
