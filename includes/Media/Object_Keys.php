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

	/** Names the sub-folder of a versioned key (see versioned()). */
	public const VERSION_MARK = 's3ms-';

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
	 * sit below it in sites/N/, and their keys keep that part. Only the
	 * site's own sites/<ID> is taken off, whether or not it is a main site:
	 * core gives a second network's main site sites/N/ too, and keys without
	 * it would be the primary site's. Other layouts are Upload_Layout's.
	 */
	public static function network_uploads_root(): string {
		$base = rtrim( wp_normalize_path( wp_get_upload_dir()['basedir'] ), '/' );
		$own  = '/sites/' . get_current_blog_id();
		if ( is_multisite() && str_ends_with( $base, $own ) ) {
			$base = substr( $base, 0, -strlen( $own ) );
		}
		return rtrim( $base, '/' );
	}

	/**
	 * wp_normalize_path() without leaving the path in that function's static
	 * cache, which lasts the whole request: a walk over the library (the
	 * audit, a bulk copy in one WP-CLI process) kept every file's path there,
	 * about 0.3 MB for each 1,000 files. A path with no backslash, no doubled
	 * slash (nor `://`) and no drive letter is already what it would return.
	 */
	public static function normalized( string $path ): string {
		return str_contains( $path, '\\' ) || str_contains( $path, '//' ) || ':' === substr( $path, 1, 1 ) ? wp_normalize_path( $path ) : $path;
	}

	/** The key of a local file, or null when the file is not under the uploads folder. */
	public function for_file( string $path ): ?string {
		$path = self::normalized( $path );
		if ( ! str_starts_with( $path, $this->uploads_root . '/' ) ) {
			return null;
		}
		$relative = substr( $path, strlen( $this->uploads_root ) + 1 );
		if ( '' === $relative || str_contains( '/' . $relative . '/', '/../' ) ) {
			return null;
		}
		return $this->key_prefix . self::UPLOADS_PREFIX . $relative;
	}

	/**
	 * A key for new bytes under a file name whose plain key is taken (a size
	 * regenerated with new bytes, a name another site's object already has):
	 * the same folder and name, in a sub-folder named after the bytes'
	 * MD5, so the key never changes content and never collides.
	 */
	public function versioned( string $relative, string $md5 ): string {
		return self::beside( $this->for_relative( $relative ), $md5 );
	}

	/** The versioned key next to a plain key: its folder, the bytes' sub-folder, its name. */
	public static function beside( string $plain, string $md5 ): string {
		$slash = (int) strrpos( $plain, '/' );
		return substr( $plain, 0, $slash + 1 ) . self::VERSION_MARK . substr( $md5, 0, 12 ) . substr( $plain, $slash );
	}

	/**
	 * The plain key of a file not uploaded yet, after the
	 * `s3_media_sync_object_key` filter: a listener may put the file under
	 * another folder of the bucket, in front of wp-content/uploads/, and
	 * nothing else. What it returns is used only when it is still a key this
	 * plugin would write for that very file (key_matches(), not a versioned
	 * one, no control characters, at most 1,024 bytes): deleting and serving
	 * decide by that match, so any other key is ignored and `$plain` kept.
	 */
	public static function filtered( string $plain, string $relative, int $attachment_id ): string {
		if ( ! has_filter( 's3_media_sync_object_key' ) ) {
			return $plain;
		}
		/**
		 * Filters the object key a file gets when it is first uploaded.
		 * Only the part in front of `wp-content/uploads/` may change (for
		 * example `tenant-a/`); the IAM policy must grant the keys you
		 * return (Test S3 Access checks the Key prefix setting's).
		 *
		 * @param string $key           `<key prefix>wp-content/uploads/<file>`.
		 * @param string $relative      The file, relative to the uploads folder.
		 * @param int    $attachment_id The attachment.
		 */
		$key = apply_filters( 's3_media_sync_object_key', $plain, $relative, $attachment_id );
		if ( ! is_string( $key ) || strlen( $key ) > 1024 || 1 === preg_match( '/[\x00-\x1f\x7f\\\\]/', $key ) || ! self::key_matches( $key, $relative ) ) {
			return $plain;
		}
		$below = substr( $key, (int) strrpos( $key, self::UPLOADS_PREFIX ) + strlen( self::UPLOADS_PREFIX ) );
		$front = substr( $key, 0, (int) strrpos( $key, self::UPLOADS_PREFIX ) );
		return self::relative_of_key( $below ) === $below && ! str_contains( '/' . $front, '//' ) ? $key : $plain;
	}

	/**
	 * Whether `$key` is a key this plugin would write for the file: any key
	 * prefix (one with no `..` and no leading slash), then
	 * wp-content/uploads/ and the file's own path, plain or versioned.
	 */
	public static function key_matches( string $key, string $relative ): bool {
		if ( '' === $relative || str_starts_with( $relative, '/' ) || str_contains( '/' . $relative . '/', '/../' ) || str_contains( $relative, "\0" ) ) {
			return false;
		}
		$at = strrpos( $key, self::UPLOADS_PREFIX );
		if ( false === $at ) {
			return false;
		}
		$prefix = substr( $key, 0, $at );
		if ( '' !== $prefix && ( str_starts_with( $prefix, '/' ) || str_contains( '/' . $prefix, '/../' ) || ! str_ends_with( $prefix, '/' ) ) ) {
			return false;
		}
		return self::relative_of_key( substr( $key, $at + strlen( self::UPLOADS_PREFIX ) ) ) === $relative;
	}

	/** The file a path below wp-content/uploads/ in a key stands for: the versioned sub-folder taken out. */
	public static function relative_of_key( string $below_uploads ): string {
		return (string) preg_replace( '#(^|/)' . self::VERSION_MARK . '[0-9a-f]{12}/(?=[^/]+$)#', '$1', $below_uploads );
	}

	/** The key for a path relative to the uploads root, such as 2026/11/a.jpg. */
	public function for_relative( string $relative ): string {
		return $this->key_prefix . self::UPLOADS_PREFIX . ltrim( $relative, '/' );
	}
}
