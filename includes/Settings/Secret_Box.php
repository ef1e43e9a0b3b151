<?php
/**
 * Seals the secret access key at rest with libsodium's secretbox: a
 * database dump alone does not reveal it. The key comes from the
 * S3_MEDIA_SYNC_ENCRYPTION_KEY constant when wp-config.php defines it (the
 * same on every server), otherwise from the site's salts, which WordPress
 * keeps in the database itself when wp-config.php lacks them. A value
 * sealed with the salts is sealed again with the constant once the constant
 * is there (Settings_Store, on first read). When the key changes, unsealing
 * fails and the plugin says so, instead of signing with garbage.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Secret_Box {

	public const CONSTANT = 'S3_MEDIA_SYNC_ENCRYPTION_KEY';

	/** Sealed under a key derived from the salts. */
	public const SALTS_PREFIX = 'sodium-secretbox:v1:';

	/** Sealed under a key derived from the constant. */
	public const KEY_PREFIX = 'sodium-secretbox:v2:';

	public static function seal( #[\SensitiveParameter] string $plaintext ): string {
		$nonce  = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$prefix = self::has_dedicated_key() ? self::KEY_PREFIX : self::SALTS_PREFIX;
		$key    = self::key( $prefix );
		$box    = sodium_crypto_secretbox( $plaintext, $nonce, (string) $key );
		sodium_memzero( $key );
		return $prefix . base64_encode( $nonce . $box ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary to text, not obfuscation.
	}

	/** The plaintext, or null when the value was not sealed with this site's key. */
	public static function unseal( string $sealed ): ?string {
		$prefix = self::prefix( $sealed );
		if ( null === $prefix ) {
			return null;
		}
		$raw = base64_decode( substr( $sealed, strlen( $prefix ) ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		$key = self::key( $prefix );
		if ( null === $key || false === $raw || strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES ) {
			return null;
		}
		$plaintext = sodium_crypto_secretbox_open(
			substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			$key
		);
		sodium_memzero( $key );
		return false === $plaintext ? null : $plaintext;
	}

	public static function is_sealed( string $value ): bool {
		return null !== self::prefix( $value );
	}

	/** Sealed with the salts while the constant is there: seal it again. */
	public static function needs_migration( string $sealed ): bool {
		return self::has_dedicated_key() && str_starts_with( $sealed, self::SALTS_PREFIX );
	}

	public static function sealed_with_dedicated_key( string $sealed ): bool {
		return str_starts_with( $sealed, self::KEY_PREFIX );
	}

	public static function has_dedicated_key(): bool {
		return defined( self::CONSTANT ) && is_string( constant( self::CONSTANT ) ) && '' !== constant( self::CONSTANT );
	}

	private static function prefix( string $value ): ?string {
		foreach ( array( self::KEY_PREFIX, self::SALTS_PREFIX ) as $prefix ) {
			if ( str_starts_with( $value, $prefix ) ) {
				return $prefix;
			}
		}
		return null;
	}

	/** Null for a value sealed with the constant on a server that lacks it. */
	private static function key( string $prefix ): ?string {
		if ( self::KEY_PREFIX === $prefix ) {
			return self::has_dedicated_key() ? hash_hmac( 'sha256', 's3-media-sync secret box v2', (string) constant( self::CONSTANT ), true ) : null;
		}
		return hash_hmac( 'sha256', 's3-media-sync secret box v1', wp_salt( 'secure_auth' ) . wp_salt( 'auth' ), true );
	}
}
