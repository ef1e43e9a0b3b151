<?php
/**
 * The buckets this site has been configured with, ever. A record naming any
 * other bucket did not come from this site's settings (a forged or imported
 * row): its objects are not served, presigned, changed or deleted. Objects
 * stay served from the bucket they were written to, so a bucket stays on the
 * list after the setting moves on.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\Settings\Bucket_Name;
use S3MediaSync\Settings\Settings_Store;

final class Known_Buckets {

	public const OPTION = 's3_media_sync_buckets';

	/** @var array<string, true>|null */
	private static ?array $cache = null;

	/** The bucket setting, read once per request (serving asks for every URL). */
	private static ?string $current = null;

	public function __construct( private readonly Settings_Store $settings ) {}

	public function register(): void {
		add_action( 's3_media_sync_settings_updated', array( $this, 'remember_current' ) );
		add_action( 'update_option_' . \S3MediaSync\Settings\Settings_Fields::OPTION, array( self::class, 'flush' ) );
		add_action( 'add_option_' . \S3MediaSync\Settings\Settings_Fields::OPTION, array( self::class, 'flush' ) );
		add_action( 'switch_blog', array( self::class, 'flush' ) );
	}

	/** Adds the bucket now configured (a wp-config.php constant counts) to the list. */
	public function remember_current(): void {
		self::flush();
		self::remember( (string) $this->settings->get( 'bucket' ) );
	}

	/** Adds a bucket to the list (the current setting, or one that records from before the list name). */
	public static function remember( string $bucket ): void {
		$known = self::stored();
		if ( '' === $bucket || isset( $known[ $bucket ] ) || null !== Bucket_Name::problem( $bucket ) ) {
			return;
		}
		$known[ $bucket ] = true;
		update_option( self::OPTION, array_keys( $known ), false );
		self::$cache = $known;
	}

	public function knows( string $bucket ): bool {
		if ( '' === $bucket ) {
			return false;
		}
		self::$current ??= (string) $this->settings->get( 'bucket' );
		if ( $bucket === self::$current ) {
			return null === Bucket_Name::problem( $bucket );
		}
		return isset( self::stored()[ $bucket ] ) && null === Bucket_Name::problem( $bucket );
	}

	/** Forgets what was read (settings changed, tests). */
	public static function flush(): void {
		self::$cache   = null;
		self::$current = null;
	}

	/** @return array<string, true> */
	private static function stored(): array {
		if ( null === self::$cache ) {
			$list        = get_option( self::OPTION, array() );
			self::$cache = array_fill_keys( array_filter( is_array( $list ) ? $list : array(), 'is_string' ), true );
		}
		return self::$cache;
	}
}
