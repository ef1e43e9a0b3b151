<?php
/**
 * Where a local upload lives in the bucket: its path under the uploads
 * folder, behind `<key_prefix>wp-content/uploads/` (multisite sites keep
 * their `sites/N/` part), which is exactly what the guide's policy grants.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Object_Keys {

	public const UPLOADS_PREFIX = 'wp-content/uploads/';

	public function __construct(
		private readonly string $key_prefix,
		private readonly string $uploads_root
	) {}

	/** For the current site's settings and uploads folder. */
	public static function for_site( string $key_prefix ): self {
		return new self( $key_prefix, self::network_uploads_root() );
	}

	/**
	 * The uploads folder of the main site: on multisite, other sites' files
	 * sit below it in sites/N/, and their keys keep that part.
	 */
	public static function network_uploads_root(): string {
		$base = wp_normalize_path( wp_get_upload_dir()['basedir'] );
		if ( is_multisite() && ! is_main_site() ) {
			$base = (string) preg_replace( '#/sites/\d+$#', '', $base );
		}
		return rtrim( $base, '/' );
	}

	/** The key of a local file, or null when the file is not under the uploads folder. */
	public function for_file( string $path ): ?string {
		$path = wp_normalize_path( $path );
		if ( ! str_starts_with( $path, $this->uploads_root . '/' ) ) {
			return null;
		}
		$relative = substr( $path, strlen( $this->uploads_root ) + 1 );
		if ( '' === $relative || str_contains( '/' . $relative . '/', '/../' ) ) {
			return null;
		}
		return $this->key_prefix . self::UPLOADS_PREFIX . $relative;
	}

	/** The key for a path relative to the uploads root, such as 2026/11/a.jpg. */
	public function for_relative( string $relative ): string {
		return $this->key_prefix . self::UPLOADS_PREFIX . ltrim( $relative, '/' );
	}
}
