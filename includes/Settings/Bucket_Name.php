<?php
/**
 * Amazon S3's naming rules for general purpose buckets, so a typo is caught
 * on save instead of surfacing later as a confusing S3 error.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Bucket_Name {

	private const RESERVED_PREFIXES = array( 'xn--', 'sthree-', 'amzn-s3-demo-' );
	private const RESERVED_SUFFIXES = array( '-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3' );

	/** A message saying what is wrong, or null when the name is valid. */
	public static function problem( string $name ): ?string {
		$length = strlen( $name );
		if ( $length < 3 || $length > 63 ) {
			return __( 'Bucket names are 3 to 63 characters long.', 's3-media-sync' );
		}
		if ( 1 !== preg_match( '/^[a-z0-9.-]+$/', $name ) ) {
			return __( 'Bucket names use only lowercase letters, digits, dots (.) and hyphens (-).', 's3-media-sync' );
		}
		if ( 1 !== preg_match( '/^[a-z0-9].*[a-z0-9]$/', $name ) ) {
			return __( 'Bucket names begin and end with a letter or a digit.', 's3-media-sync' );
		}
		if ( str_contains( $name, '..' ) ) {
			return __( 'Bucket names cannot contain two adjacent dots.', 's3-media-sync' );
		}
		if ( false !== filter_var( $name, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) ) {
			return __( 'Bucket names cannot be formatted as an IP address.', 's3-media-sync' );
		}
		foreach ( self::RESERVED_PREFIXES as $prefix ) {
			if ( str_starts_with( $name, $prefix ) ) {
				/* translators: %s: a reserved bucket name prefix such as "xn--". */
				return sprintf( __( 'Bucket names cannot start with "%s": Amazon S3 reserves it.', 's3-media-sync' ), $prefix );
			}
		}
		foreach ( self::RESERVED_SUFFIXES as $suffix ) {
			if ( str_ends_with( $name, $suffix ) ) {
				/* translators: %s: a reserved bucket name suffix such as "-s3alias". */
				return sprintf( __( 'Bucket names cannot end with "%s": Amazon S3 reserves it.', 's3-media-sync' ), $suffix );
			}
		}
		return null;
	}

	/** Dots break the TLS certificate of virtual-hosted HTTPS addresses. */
	public static function needs_path_style( string $name ): bool {
		return str_contains( $name, '.' );
	}
}
