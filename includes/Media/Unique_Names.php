<?php
/**
 * New uploads get a file name that no file of another attachment has, in S3
 * as well as on disk. WordPress only looks at the local folder, which is
 * empty when local copies are removed, and on a web server that never held
 * the file: without this, a second `report.pdf` would get the first one's
 * name and its object key. Checked here: the names this site's records hold
 * (File_Index, one query) and the objects the bucket holds under the name
 * (one ListObjectsV2 on the name's stem, which also covers the sizes; the
 * offload that follows reuses it). A name is taken when a file has the same
 * stem, or is a size, scaled, rotated or edited copy of that stem.
 *
 * Two uploads of one name at the same moment would both find it free (the
 * file is written only after the name is chosen): the name chosen is also
 * claimed, atomically, for a minute (an options row only one request can
 * insert), so the second upload takes the next number.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\S3\Bucket_Listing;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Store;

final class Unique_Names {

	/** Derived files WordPress names after a stem: sizes, -scaled, -rotated, edits. */
	private const DERIVED = '/^-(?:\d+x\d+|scaled|rotated|e\d{13,})(?:[-.]|$)/';

	public function __construct(
		private readonly Settings_Store $settings,
		private readonly Client_Factory $factory
	) {}

	public function register(): void {
		add_filter( 'wp_unique_filename', array( $this, 'unique' ), 10, 6 );
	}

	/**
	 * @param mixed $filename      The name WordPress found free on disk.
	 * @param mixed $ext           Its extension, with the dot.
	 * @param mixed $dir           The folder.
	 * @param mixed $callback      A caller's own naming callback.
	 * @param mixed $alt_filenames Unused.
	 * @param mixed $number        The number WordPress added to the name to make it free on disk ('' for none).
	 * @return mixed The name, changed only when another file has it.
	 */
	public function unique( mixed $filename, mixed $ext, mixed $dir, mixed $callback = null, mixed $alt_filenames = array(), mixed $number = '' ): mixed {
		if ( ! is_string( $filename ) || ! is_string( $dir ) || '' === $filename || null !== $callback ) {
			return $filename;
		}
		$root = Object_Keys::network_uploads_root();
		$dir  = untrailingslashit( wp_normalize_path( $dir ) );
		if ( $dir !== $root && ! str_starts_with( $dir, $root . '/' ) ) {
			return $filename; // Not an upload.
		}
		$folder    = $dir === $root ? '' : substr( $dir, strlen( $root ) + 1 ) . '/';
		$extension = pathinfo( $filename, PATHINFO_EXTENSION );
		$extension = '' === $extension ? '' : '.' . $extension;
		$stem      = substr( $filename, 0, strlen( $filename ) - strlen( $extension ) );
		// Counting goes on from the number WordPress added, never from one the
		// name ends with (a phone's 20261130-142233.jpg): that one is the
		// name's own, and counting up from 142233 ran past the last try.
		$number = is_numeric( $number ) ? (int) $number : 0;
		$base   = $number > 0 && str_ends_with( $stem, '-' . $number ) ? substr( $stem, 0, -strlen( '-' . $number ) ) : $stem;
		$number = $base === $stem ? 0 : $number;
		$names  = $this->names( $folder, $base, $dir );
		if ( ! self::taken( $stem, $names ) && self::claim( $folder . $stem ) ) {
			return $filename;
		}
		for ( $i = $number + 1; $i <= $number + self::TRIES; $i++ ) {
			if ( ! self::taken( $base . '-' . $i, $names ) && self::claim( $folder . $base . '-' . $i ) ) {
				return $base . '-' . $i . $extension;
			}
		}
		// Never a name another file has: one no upload can have chosen.
		return $base . '-' . substr( md5( uniqid( '', true ) ), 0, 12 ) . $extension;
	}

	/** Numbers tried after the name's own before giving up. */
	private const TRIES = 99999;

	/** Seconds a chosen name stays claimed: long enough for the upload to write its file. */
	public const CLAIM_SECONDS = 60;

	public const CLAIM_PREFIX = 's3_media_sync_name_';

	/**
	 * Claims a name (folder and stem) for this request; false when another
	 * request claimed it within the last minute. Expired claims are cleared.
	 */
	private static function claim( string $stem ): bool {
		global $wpdb;
		$now = time();
		// phpcs:disable WordPress.DB.DirectDatabaseQuery -- the claim is the row itself; no cache may answer.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s AND option_value < %s", $wpdb->esc_like( self::CLAIM_PREFIX ) . '%', (string) $now ) );
		$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'off')", self::CLAIM_PREFIX . md5( $stem ), (string) ( $now + self::CLAIM_SECONDS ) ) );
		// phpcs:enable
		return 1 === (int) $wpdb->rows_affected;
	}

	/** @param array<string, true> $names File names in the folder. */
	public static function taken( string $stem, array $names ): bool {
		foreach ( array_keys( $names ) as $name ) {
			$name = (string) $name;
			if ( pathinfo( $name, PATHINFO_FILENAME ) === $stem || ( str_starts_with( $name, $stem . '-' ) && 1 === preg_match( self::DERIVED, substr( $name, strlen( $stem ) ) ) ) ) {
				return true;
			}
		}
		return false;
	}

	/** @return array<string, true> Names starting with `$base` in the folder: recorded, in the bucket, on disk. */
	private function names( string $folder, string $base, string $dir ): array {
		$names = array();
		foreach ( File_Index::names_starting( $folder, $base ) as $relative ) {
			$names[ substr( $relative, strlen( $folder ) ) ] = true;
		}
		foreach ( (array) glob( $dir . '/' . addcslashes( $base, '*?[]\\' ) . '*' ) as $path ) {
			$names[ wp_basename( (string) $path ) ] = true;
		}
		$client = $this->factory->client();
		if ( null !== $client ) {
			$prefix  = (string) $this->settings->get( 'key_prefix' ) . Object_Keys::UPLOADS_PREFIX . $folder;
			$objects = ( new Bucket_Listing( $client, (string) $this->settings->get( 'bucket' ) ) )->under( $prefix . $base );
			foreach ( array_keys( $objects ?? array() ) as $key ) {
				$rest = substr( (string) $key, strlen( $prefix ) );
				if ( ! str_contains( $rest, '/' ) ) {
					$names[ $rest ] = true;
				}
			}
		}
		return $names;
	}
}
