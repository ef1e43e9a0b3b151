<?php
/**
 * Upload folders a shop or a download plugin keeps out of reach of
 * visitors (WooCommerce's `woocommerce_uploads/`, Easy Digital Downloads'
 * `edd/`, denied by their `.htaccess`), and whatever the
 * `s3_media_sync_protected_folders` filter adds. Files there go up
 * private (or with the bucket's default, for buckets without ACLs) and
 * are never removed from this server: those plugins serve downloads from
 * disk, after their own checks.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Protected_Folders {

	/** @var list<string> Folders below the uploads folder, no slashes around. */
	private array $folders;

	public function __construct() {
		/**
		 * Filters the upload folders whose files are protected: uploaded
		 * private and never removed locally.
		 *
		 * @param list<string> $folders Folders relative to the uploads folder, such as 'woocommerce_uploads'.
		 */
		$folders       = apply_filters( 's3_media_sync_protected_folders', array( 'woocommerce_uploads', 'edd' ) );
		$this->folders = array();
		foreach ( is_array( $folders ) ? $folders : array() as $folder ) {
			$folder = trim( wp_normalize_path( (string) $folder ), '/' );
			if ( '' !== $folder && ! str_contains( '/' . $folder . '/', '/../' ) ) {
				$this->folders[] = $folder;
			}
		}
	}

	/**
	 * Whether a file (relative to the network's uploads folder, as
	 * offload records name it) is in a protected folder, also below a
	 * multisite site's own sites/N/.
	 */
	public function contains( string $relative ): bool {
		$relative = (string) preg_replace( '#^sites/\d+/#', '', ltrim( $relative, '/' ) );
		foreach ( $this->folders as $folder ) {
			if ( str_starts_with( $relative, $folder . '/' ) ) {
				return true;
			}
		}
		return false;
	}
}
