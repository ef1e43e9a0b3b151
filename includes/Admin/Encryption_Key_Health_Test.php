<?php
/**
 * Site Health: the stored secret access key is sealed (Secret_Box) with the
 * site's salts when S3_MEDIA_SYNC_ENCRYPTION_KEY is not set. When
 * wp-config.php lacks those salts, WordPress generates them into the
 * options table, next to the sealed secret: a copy of the database alone
 * then opens it. That case is a recommendation to set the constant.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

use S3MediaSync\Settings\Secret_Box;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Settings\Settings_Store;

final class Encryption_Key_Health_Test {

	public const ID = 's3_media_sync_encryption_key';

	/** The salts Secret_Box derives its key from, as wp_salt() reads them. */
	private const SALTS = array( 'AUTH_KEY', 'AUTH_SALT', 'SECURE_AUTH_KEY', 'SECURE_AUTH_SALT' );

	/** Every salt constant wp_salt() compares for duplicates. */
	private const ALL_SALTS = array( 'AUTH_KEY', 'AUTH_SALT', 'SECURE_AUTH_KEY', 'SECURE_AUTH_SALT', 'LOGGED_IN_KEY', 'LOGGED_IN_SALT', 'NONCE_KEY', 'NONCE_SALT', 'SECRET_KEY', 'SECRET_SALT' );

	/** @var \Closure(string): mixed A constant's value, null when it is not defined. */
	private readonly \Closure $constant;

	/** @param (\Closure(string): mixed)|null $constant Reads wp-config.php's constants; null for the real ones. */
	public function __construct( private readonly Settings_Store $store, ?\Closure $constant = null ) {
		$this->constant = $constant ?? static fn( string $name ): mixed => defined( $name ) ? constant( $name ) : null;
	}

	public function register(): void {
		add_filter( 'site_status_tests', array( $this, 'add_test' ) );
	}

	/**
	 * @param array<string, mixed> $tests Site Health tests.
	 * @return array<string, mixed>
	 */
	public function add_test( array $tests ): array {
		$tests['direct'][ self::ID ] = array(
			'label' => __( 'S3 Media Sync\'s secret is sealed with a key the database does not hold', 's3-media-sync' ),
			'test'  => array( $this, 'result' ),
		);
		return $tests;
	}

	/**
	 * As wp_salt() decides: a salt comes from the database unless its
	 * constant is set, is not the sample phrase, and no other salt constant
	 * has the same value.
	 */
	public function salts_in_database(): bool {
		$values = array();
		foreach ( self::ALL_SALTS as $name ) {
			$value = ( $this->constant )( $name );
			if ( is_string( $value ) ) {
				$values[ $name ] = $value;
			}
		}
		$counts = array_count_values( $values );
		foreach ( self::SALTS as $name ) {
			$value = $values[ $name ] ?? '';
			if ( '' === $value || 'put your unique phrase here' === $value || $counts[ $value ] > 1 ) {
				return true;
			}
		}
		return false;
	}

	/** @return array<string, mixed> A Site Health result. */
	public function result(): array {
		$key     = ( $this->constant )( Secret_Box::CONSTANT );
		$stored  = $this->store->has_secret() && null === ( $this->constant )( Settings_Fields::constant_name( 'secret_access_key' ) );
		$exposed = $stored && ( ! is_string( $key ) || '' === $key ) && $this->salts_in_database();
		return array(
			'label'       => $exposed
				? __( 'S3 Media Sync\'s secret is sealed with salts kept in the database', 's3-media-sync' )
				: __( 'S3 Media Sync\'s secret is sealed with a key the database does not hold', 's3-media-sync' ),
			'status'      => $exposed ? 'recommended' : 'good',
			'badge'       => array(
				'label' => __( 'Security', 's3-media-sync' ),
				'color' => $exposed ? 'orange' : 'blue',
			),
			'description' => '<p>' . esc_html(
				$exposed
					? __( 'wp-config.php does not define this site\'s security keys (salts), so WordPress keeps the ones it generated in the database, and the S3 secret access key is sealed with them: anyone with a copy of the database can open it.', 's3-media-sync' )
					: __( 'The S3 secret access key is not stored, or is sealed with a key from wp-config.php.', 's3-media-sync' )
			) . '</p>',
			'actions'     => $exposed
				? '<p>' . esc_html__( 'Add a long random S3_MEDIA_SYNC_ENCRYPTION_KEY to wp-config.php, the same on every server; the plugin seals the secret with it the next time it reads it:', 's3-media-sync' )
					. '</p><p><code>define( \'S3_MEDIA_SYNC_ENCRYPTION_KEY\', \'' . esc_html( wp_generate_password( 64, false ) ) . '\' );</code></p>'
				: '',
			'test'        => self::ID,
		);
	}
}
