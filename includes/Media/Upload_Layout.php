<?php
/**
 * Whether this site's uploads folder gives its files keys no other site of
 * the install can have. Keys are the file's path below the network's uploads
 * root (Object_Keys), so they are unique only where core's own layout holds:
 * the primary site at the root, every other site — other networks' main
 * sites included — in sites/<its ID>/. Legacy layouts (ms-files' blogs.dir/N/files,
 * the old /N folders, an upload_path pointing elsewhere) would give two sites
 * the same keys: uploads are refused there, with a message on the
 * attachment, unless the site has a key prefix of its own in front of them.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

use S3MediaSync\Settings\Settings_Store;

final class Upload_Layout {

	public const ERROR_CODE = 'AmbiguousUploadsFolder';

	/** Why uploads from this site are refused, or null when its keys are its own. */
	public static function current_problem( Settings_Store $settings ): ?string {
		if ( ! is_multisite() ) {
			return null;
		}
		$own_prefix = '' !== (string) $settings->get( 'key_prefix' ) && ! in_array( 'key_prefix', $settings->locked(), true );
		return self::problem(
			wp_normalize_path( (string) wp_get_upload_dir()['basedir'] ),
			get_current_blog_id(),
			is_main_network() && is_main_site(),
			$own_prefix
		);
	}

	/**
	 * @param string $basedir    The site's uploads folder.
	 * @param bool   $primary    The main site of the main network: its folder is the root.
	 * @param bool   $own_prefix The site sets its own key prefix (not one the network locks for all).
	 */
	public static function problem( string $basedir, int $blog_id, bool $primary, bool $own_prefix ): ?string {
		if ( $primary || $own_prefix || str_ends_with( rtrim( $basedir, '/' ), '/sites/' . $blog_id ) ) {
			return null;
		}
		return sprintf(
			/* translators: 1: the uploads folder, 2: the site's ID. */
			__( 'Not uploaded: this site keeps its files in %1$s, not in sites/%2$d/ as WordPress does for every site but the first, so its keys could be another site\'s in the shared bucket. Give this site a key prefix of its own (S3 Media Sync settings), or move its files to the standard folder.', 's3-media-sync' ),
			$basedir,
			$blog_id
		);
	}
}
