<?php
/**
 * Offload records never travel with content: a WXR export leaves them out,
 * and the WordPress Importer drops them. An imported attachment names no
 * object; the importing site uploads the file it downloads as its own.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Media;

final class Export_Import_Guard {

	public function register(): void {
		add_filter( 'wxr_export_skip_postmeta', array( $this, 'skip_on_export' ), 10, 2 );
		add_filter( 'import_post_meta_key', array( $this, 'drop_on_import' ) );
	}

	/**
	 * @param mixed $skip     Whether to skip the meta key.
	 * @param mixed $meta_key The key.
	 * @return mixed True for the plugin's keys, else what other filters said.
	 */
	public function skip_on_export( mixed $skip, mixed $meta_key ): mixed {
		return self::ours( $meta_key ) ? true : $skip;
	}

	/**
	 * @param mixed $meta_key The key the importer is about to store; false drops it.
	 * @return mixed False for the plugin's keys, else the key.
	 */
	public function drop_on_import( mixed $meta_key ): mixed {
		return self::ours( $meta_key ) ? false : $meta_key;
	}

	/** @param mixed $meta_key A meta key, as a filter hands it over. */
	private static function ours( mixed $meta_key ): bool {
		return is_string( $meta_key ) && ( in_array( $meta_key, Offload_State::ALL_META, true ) || File_Index::is_key( $meta_key ) );
	}
}
