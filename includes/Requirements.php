<?php
/**
 * What the plugin needs to run, checked on plugins_loaded before anything is
 * hooked: the PHP and WordPress versions plugin.php declares, libsodium (the
 * secret is sealed with it) and curl (parallel uploads stream through it).
 * When something is missing the plugin hooks nothing but a notice that says
 * what, instead of failing on the first upload.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync;

final class Requirements {

	public const PHP       = '8.2';
	public const WORDPRESS = '6.8';

	/**
	 * What is missing, in words; empty when the plugin can run.
	 *
	 * @return list<string>
	 */
	public static function problems( string $php, string $wordpress, bool $sodium, bool $curl ): array {
		$problems = array();
		if ( version_compare( $php, self::PHP, '<' ) ) {
			/* translators: 1: required PHP version, 2: running PHP version. */
			$problems[] = sprintf( __( 'PHP %1$s or later (this server runs %2$s).', 's3-media-sync' ), self::PHP, $php );
		}
		if ( version_compare( $wordpress, self::WORDPRESS, '<' ) ) {
			/* translators: 1: required WordPress version, 2: running WordPress version. */
			$problems[] = sprintf( __( 'WordPress %1$s or later (this site runs %2$s).', 's3-media-sync' ), self::WORDPRESS, $wordpress );
		}
		if ( ! $sodium ) {
			$problems[] = __( 'PHP\'s sodium extension, which keeps the secret key sealed.', 's3-media-sync' );
		}
		if ( ! $curl ) {
			$problems[] = __( 'PHP\'s curl extension, which uploads media to S3.', 's3-media-sync' );
		}
		return $problems;
	}

	/** @return list<string> What this server and site lack. */
	public static function current_problems(): array {
		return self::problems( PHP_VERSION, (string) get_bloginfo( 'version' ), function_exists( 'sodium_crypto_secretbox' ), function_exists( 'curl_multi_init' ) );
	}

	/** @param list<string> $problems What is missing. */
	public static function notice( array $problems ): void {
		if ( ! current_user_can( 'activate_plugins' ) ) {
			return;
		}
		printf(
			'<div class="notice notice-error"><p>%s</p><ul>%s</ul></div>',
			esc_html__( 'S3 Media Sync is not running: this site lacks what it needs.', 's3-media-sync' ),
			implode( '', array_map( static fn( string $problem ): string => '<li>' . esc_html( $problem ) . '</li>', $problems ) ) // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- each item escaped above.
		);
	}
}
