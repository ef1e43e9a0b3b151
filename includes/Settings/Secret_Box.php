<?php
/**
 * Seals the secret access key at rest with libsodium's secretbox, under a key
 * derived from the site's salts: a database dump alone does not reveal it.
 * When the salts change, unsealing fails and the plugin says so, instead of
 * signing with garbage.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Settings;

final class Secret_Box {

	private const PREFIX = 'sodium-secretbox:v1:';

	public static function seal( #[\SensitiveParameter] string $plaintext ): string {
		$nonce = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$key   = self::key();
		$box   = sodium_crypto_secretbox( $plaintext, $nonce, $key );
		sodium_memzero( $key );
		return self::PREFIX . base64_encode( $nonce . $box ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- binary to text, not obfuscation.
	}

	/** The plaintext, or null when the value was not sealed with this site's salts. */
	public static function unseal( string $sealed ): ?string {
		if ( ! self::is_sealed( $sealed ) ) {
			return null;
		}
		$raw = base64_decode( substr( $sealed, strlen( self::PREFIX ) ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode
		if ( false === $raw || strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES + SODIUM_CRYPTO_SECRETBOX_MACBYTES ) {
			return null;
		}
		$key       = self::key();
		$plaintext = sodium_crypto_secretbox_open(
			substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			$key
		);
		sodium_memzero( $key );
		return false === $plaintext ? null : $plaintext;
	}

	public static function is_sealed( string $value ): bool {
		return str_starts_with( $value, self::PREFIX );
	}

	private static function key(): string {
		return hash_hmac( 'sha256', 's3-media-sync secret box v1', wp_salt( 'secure_auth' ) . wp_salt( 'auth' ), true );
	}
}
