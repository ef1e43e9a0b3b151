<?php
/**
 * Checks and normalises one setting at a time, with S3's real rules. Used for
 * REST input and for wp-config.php constants alike, so both get the same
 * clear message and an invalid value is never stored.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

use WP_Error;

final class Settings_Validator {

	/**
	 * The normalised value, or a WP_Error whose message says what to fix.
	 *
	 * @param mixed $value Untrusted input.
	 * @return mixed The value in the field's schema type, or a WP_Error.
	 */
	public static function validate( string $field, #[\SensitiveParameter] mixed $value ): mixed {
		$schema = Settings_Fields::schema()[ $field ] ?? null;
		if ( null === $schema ) {
			return new WP_Error( 'unknown_setting', __( 'This is not a setting of S3 Media Sync.', 's3-media-sync' ) );
		}
		if ( is_string( $value ) ) {
			// Only what a paste brings along: a NUL byte is refused below, not dropped.
			$value = trim( $value, " \t\n\r" );
		}
		$type_check = rest_validate_value_from_schema( $value, $schema, $field );
		if ( is_wp_error( $type_check ) ) {
			return $type_check;
		}
		$value = rest_sanitize_value_from_schema( $value, $schema, $field );
		if ( is_string( $value ) ) {
			$problem = self::text_problem( $value );
			if ( null !== $problem ) {
				return new WP_Error( 'invalid_characters', $problem );
			}
		}

		$problem = match ( $field ) {
			'access_key_id'                      => self::key_id_problem( (string) $value ),
			'secret_access_key'                  => self::key_problem( (string) $value ),
			'bucket'                             => '' === $value ? null : Bucket_Name::problem( (string) $value ),
			'region'                             => self::region_problem( (string) $value ),
			'key_prefix'                         => self::prefix_problem( (string) $value ),
			'cache_control'                      => self::cache_control_problem( (string) $value ),
			'endpoint', 'delivery_url'           => self::url_problem( (string) $value ) ?? Endpoint_Address::problem( (string) $value ),
			default                              => null,
		};
		if ( null !== $problem ) {
			return new WP_Error( 'invalid_' . $field, $problem );
		}

		return match ( $field ) {
			'key_prefix'               => '' === $value ? '' : rtrim( (string) $value, '/' ) . '/',
			'endpoint', 'delivery_url' => rtrim( (string) $value, '/' ),
			default                    => $value,
		};
	}

	/** Rules that depend on more than one field, checked on the merged settings. */
	public static function cross_field_problems( array $settings ): array {
		$problems = array();
		$region   = (string) ( $settings['region'] ?? '' );
		if ( '' === (string) ( $settings['endpoint'] ?? '' ) && '' !== $region && ! Aws_Regions::is_aws_region( $region ) ) {
			$problems['region'] = sprintf(
				/* translators: %s: the region the user entered. */
				__( '"%s" is not an AWS region code, such as us-east-1 or eu-west-1. Other region names are accepted only with a custom endpoint.', 's3-media-sync' ),
				$region
			);
		}
		return $problems;
	}

	/** Non-blocking advice about a valid value. */
	public static function warnings( array $settings ): array {
		$warnings = array();
		$bucket   = (string) ( $settings['bucket'] ?? '' );
		if ( '' !== $bucket && Bucket_Name::needs_path_style( $bucket ) ) {
			$warnings['bucket'] = __( 'This bucket name contains dots: HTTPS certificates do not cover such names as host names, so the plugin addresses the bucket path-style. Amazon recommends names without dots.', 's3-media-sync' );
		}
		return $warnings;
	}

	/**
	 * Text no setting can hold. A form body can carry bytes that are not
	 * UTF-8 (JSON cannot): the database would refuse to store them, and the
	 * save would fail after answering 200. Control characters (C0, DEL, C1)
	 * and invisible format characters (zero-width spaces, text-direction
	 * overrides) would make a value read differently from what it is.
	 */
	private static function text_problem( #[\SensitiveParameter] string $value ): ?string {
		if ( 1 !== preg_match( '//u', $value ) ) {
			return __( 'This is not valid UTF-8 text.', 's3-media-sync' );
		}
		if ( 1 === preg_match( '/[\p{Cc}\p{Cf}]/u', $value ) ) {
			return __( 'Control characters and invisible characters (such as zero-width spaces or text-direction marks) are not allowed.', 's3-media-sync' );
		}
		return null;
	}

	/**
	 * An access key ID goes into every request's Authorization header
	 * (Credential=<id>/<date>/…): AWS's are uppercase letters and digits, and
	 * S3-compatible stores use letters, digits and a few marks; a slash,
	 * comma, quote or angle bracket there is a paste of something else.
	 */
	private static function key_id_problem( string $key ): ?string {
		$problem = self::key_problem( $key );
		if ( null === $problem && 1 !== preg_match( '/^[A-Za-z0-9._~+-]*$/', $key ) ) {
			return __( 'An access key ID is letters and digits, such as AKIAIOSFODNN7EXAMPLE. Copy it again from the IAM console.', 's3-media-sync' );
		}
		return $problem;
	}

	private static function key_problem( #[\SensitiveParameter] string $key ): ?string {
		if ( 1 !== preg_match( '/^[\x21-\x7E]*$/', $key ) ) {
			return __( 'Keys are letters, digits and symbols, without spaces. Copy the key again from the IAM console.', 's3-media-sync' );
		}
		return null;
	}

	private static function region_problem( string $region ): ?string {
		if ( '' === $region ) {
			return __( 'Enter the region of the bucket, such as us-east-1.', 's3-media-sync' );
		}
		if ( 1 !== preg_match( '/^[A-Za-z0-9][A-Za-z0-9_-]*$/', $region ) ) {
			return __( 'A region is a code of letters, digits and hyphens, such as us-east-1.', 's3-media-sync' );
		}
		return null;
	}

	private static function prefix_problem( string $prefix ): ?string {
		if ( '' === $prefix ) {
			return null;
		}
		if ( str_starts_with( $prefix, '/' ) ) {
			return __( 'The key prefix cannot start with "/".', 's3-media-sync' );
		}
		if ( str_contains( $prefix, '..' ) ) {
			return __( 'The key prefix cannot contain "..".', 's3-media-sync' );
		}
		if ( str_contains( $prefix, '//' ) || str_contains( $prefix, '\\' ) ) {
			return __( 'The key prefix cannot contain "//" or backslashes.', 's3-media-sync' );
		}
		// Amazon S3's safe characters, less "*", which the generated IAM policy would read as a wildcard.
		if ( 1 !== preg_match( "#^[A-Za-z0-9/!_.'()-]+$#", $prefix ) ) {
			return __( 'The key prefix can use letters (a-z, A-Z), digits, slashes (/) and these marks only: - _ . ! \' ( )', 's3-media-sync' );
		}
		return null;
	}

	/** Cache-Control directives: `token` or `token=value`, comma-separated, as RFC 9111 writes them. */
	private static function cache_control_problem( string $value ): ?string {
		if ( '' === $value || 1 === preg_match( '/^[A-Za-z-]+(=("[^"]*"|[A-Za-z0-9-]+))?(\s*,\s*[A-Za-z-]+(=("[^"]*"|[A-Za-z0-9-]+))?)*$/', $value ) ) {
			return null;
		}
		return __( 'Cache-Control is a comma-separated list of directives, such as "public, max-age=86400".', 's3-media-sync' );
	}

	private static function url_problem( string $url ): ?string {
		if ( '' === $url ) {
			return null;
		}
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) || ! in_array( strtolower( $parts['scheme'] ), array( 'http', 'https' ), true ) ) {
			return __( 'Enter a full http:// or https:// URL.', 's3-media-sync' );
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
			return __( 'The URL cannot contain a user name or password.', 's3-media-sync' );
		}
		if ( isset( $parts['query'] ) || isset( $parts['fragment'] ) || str_contains( $url, '?' ) || str_contains( $url, '#' ) ) {
			return __( 'The URL cannot contain a query (?) or a fragment (#).', 's3-media-sync' );
		}
		// Not allowed in a URL unencoded (RFC 3986), and the start of HTML where one is printed.
		if ( 1 === preg_match( '/[\s"<>\\\\^`{|}]/', $url ) ) {
			return __( 'The URL cannot contain spaces or any of these characters: " < > \\ ^ ` { | }', 's3-media-sync' );
		}
		// Allowed by RFC 3986, but every media URL starts with this one, and themes print media URLs in CSS url('…'): a quote or parenthesis there ends it.
		if ( 1 === preg_match( "/['()]/", $url ) ) {
			return __( 'The URL cannot contain an apostrophe (\') or parentheses ( ), which would end it inside CSS url(). Encode them as %27, %28 and %29.', 's3-media-sync' );
		}
		return null;
	}
}
