<?php
/**
 * Where the access key comes from, first found wins (docs/credentials.md):
 *
 * 1. `wp-config`: the S3_MEDIA_SYNC_ACCESS_KEY_ID and
 *    S3_MEDIA_SYNC_SECRET_ACCESS_KEY constants, with
 *    S3_MEDIA_SYNC_SESSION_TOKEN for temporary credentials;
 * 2. `environment`: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 *    AWS_SESSION_TOKEN, as every AWS SDK reads them (PHP-FPM passes them on
 *    only with `clear_env = no` or `env[...]` lines);
 * 3. `settings`: the key saved on the settings page (its secret sealed).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

use S3MediaSync\Settings\Settings_Store;
use S3MediaSync\Settings\Settings_Validator;

final class Credential_Source {

	public const WP_CONFIG   = 'wp-config';
	public const ENVIRONMENT = 'environment';
	public const SETTINGS    = 'settings';
	public const SOURCES     = array( self::WP_CONFIG, self::ENVIRONMENT, self::SETTINGS );

	public const SESSION_TOKEN_CONSTANT = 'S3_MEDIA_SYNC_SESSION_TOKEN';

	/** Longest session token accepted (AWS's are about 1 to 2 KB). */
	private const TOKEN_MAX = 8192;

	public function __construct( private readonly Settings_Store $settings ) {}

	/** The credentials to sign with, or null when no source has a complete, readable key. */
	public function credentials(): ?Credentials {
		return $this->resolve()['credentials'] ?? null;
	}

	/** One of SOURCES, or null when there are no credentials. */
	public function name(): ?string {
		return $this->resolve()['source'] ?? null;
	}

	/** @return array{source: string, credentials: Credentials}|null */
	private function resolve(): ?array {
		$locked = $this->settings->locked();
		if ( in_array( 'access_key_id', $locked, true ) && in_array( 'secret_access_key', $locked, true ) ) {
			$token = defined( self::SESSION_TOKEN_CONSTANT ) ? constant( self::SESSION_TOKEN_CONSTANT ) : '';
			$found = $this->complete( (string) $this->settings->get( 'access_key_id' ), $this->settings->secret(), is_string( $token ) ? $token : '' );
			if ( null !== $found ) {
				return array(
					'source'      => self::WP_CONFIG,
					'credentials' => $found,
				);
			}
		}
		$found = $this->complete( self::env( 'AWS_ACCESS_KEY_ID' ), self::env( 'AWS_SECRET_ACCESS_KEY' ), self::env( 'AWS_SESSION_TOKEN' ) );
		if ( null !== $found ) {
			return array(
				'source'      => self::ENVIRONMENT,
				'credentials' => $found,
			);
		}
		$found = $this->complete( (string) $this->settings->get( 'access_key_id' ), $this->settings->secret(), '' );
		return null === $found ? null : array(
			'source'      => self::SETTINGS,
			'credentials' => $found,
		);
	}

	/** Credentials when the key id and secret are there and pass the settings' own rules (and the token is sane). */
	private function complete(
		string $access_key_id,
		#[\SensitiveParameter] ?string $secret,
		#[\SensitiveParameter] string $token
	): ?Credentials {
		if ( '' === $access_key_id || null === $secret || '' === $secret ) {
			return null;
		}
		if ( is_wp_error( Settings_Validator::validate( 'access_key_id', $access_key_id ) )
			|| is_wp_error( Settings_Validator::validate( 'secret_access_key', $secret ) )
			|| strlen( $token ) > self::TOKEN_MAX || 1 !== preg_match( '/^[\x21-\x7E]*$/', $token ) ) {
			return null;
		}
		return new Credentials( $access_key_id, $secret, $token );
	}

	/** An environment variable, trimmed; '' when unset. */
	private static function env( string $name ): string {
		$value = getenv( $name );
		return is_string( $value ) ? trim( $value ) : '';
	}
}
