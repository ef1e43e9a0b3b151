<?php
/**
 * What the media-lifecycle tests do inside WordPress that a browser cannot
 * ask for over HTTP: what a regeneration plugin, WP-CLI, a metadata update
 * by another plugin, an export, a copy of the database running at another
 * address, or a forged database row would do. Loads the test site's
 * WordPress from the command line; no test-only code in the plugin.
 *
 *   php lifecycle.php <docroot> records
 *   php lifecycle.php <docroot> regenerate <id> <jpeg quality>
 *   php lifecycle.php <docroot> touch <id>
 *   php lifecycle.php <docroot> as-copy <home url> delete <id>
 *   php lifecycle.php <docroot> as-copy <home url> touch <id>
 *   php lifecycle.php <docroot> forge <id> <json state>
 *   php lifecycle.php <docroot> export
 *   php lifecycle.php <docroot> import-meta <key>
 *   php lifecycle.php <docroot> served <id>
 *   php lifecycle.php <docroot> read-back <id>
 *   php lifecycle.php <docroot> edit <id>
 *   php lifecycle.php <docroot> restore <id>
 *
 * `records` prints, for every attachment, its files (relative to the uploads
 * folder, as WordPress lists them) and the offload state as stored.
 * `regenerate` makes the sizes again from the original, at another JPEG
 * quality, so every size gets new bytes under its old name, and prints the
 * MD5 of each file WordPress wrote. `as-copy` runs the command as a copy of
 * this database served at another home URL would (staging, a restore).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/load-site.php';
require_once ABSPATH . 'wp-admin/includes/export.php';
require_once ABSPATH . 'wp-admin/includes/image-edit.php';

$s3ms_args = array_slice( $argv, 2 );
if ( 'as-copy' === $s3ms_args[0] ) {
	$s3ms_home = $s3ms_args[1];
	// A copy of the database served elsewhere: its home and site URL differ, nothing else.
	foreach ( array( 'home', 'siteurl' ) as $s3ms_option ) {
		add_filter( "pre_option_{$s3ms_option}", static fn(): string => $s3ms_home );
	}
	$s3ms_args = array_slice( $s3ms_args, 2 );
}

/** Relative path below the uploads folder. */
function s3ms_relative( string $path ): string {
	$base = wp_normalize_path( wp_get_upload_dir()['basedir'] ) . '/';
	$path = wp_normalize_path( $path );
	return str_starts_with( $path, $base ) ? substr( $path, strlen( $base ) ) : $path;
}

/** @return list<string> Every file WordPress lists for the attachment. */
function s3ms_files( int $id ): array {
	$file = get_attached_file( $id, true );
	if ( ! is_string( $file ) || '' === $file ) {
		return array();
	}
	$dir   = dirname( $file );
	$files = array( $file );
	$meta  = wp_get_attachment_metadata( $id, true );
	if ( is_array( $meta ) ) {
		foreach ( (array) ( $meta['sizes'] ?? array() ) as $size ) {
			$files[] = $dir . '/' . $size['file'];
		}
		if ( isset( $meta['original_image'] ) ) {
			$files[] = $dir . '/' . $meta['original_image'];
		}
	}
	foreach ( (array) get_post_meta( $id, '_wp_attachment_backup_sizes', true ) as $backup ) {
		if ( is_array( $backup ) && isset( $backup['file'] ) ) {
			$files[] = $dir . '/' . $backup['file'];
		}
	}
	return array_values( array_unique( array_map( 's3ms_relative', $files ) ) );
}

switch ( $s3ms_args[0] ) {
	case 'records':
		$s3ms_records = array();
		foreach ( get_posts( array( 'post_type' => 'attachment', 'post_status' => 'any', 'posts_per_page' => -1, 'fields' => 'ids' ) ) as $s3ms_id ) {
			$s3ms_records[] = array(
				'id'    => (int) $s3ms_id,
				'files' => s3ms_files( (int) $s3ms_id ),
				'state' => get_post_meta( (int) $s3ms_id, '_s3_media_sync', true ),
			);
		}
		echo wp_json_encode( $s3ms_records ), "\n";
		break;

	case 'regenerate':
		$s3ms_id      = (int) $s3ms_args[1];
		$s3ms_quality = (int) $s3ms_args[2];
		add_filter( 'wp_editor_set_quality', static fn(): int => $s3ms_quality );
		$s3ms_written = array();
		// Before the plugin's own filter (100): what WordPress wrote, byte for byte.
		add_filter(
			'wp_generate_attachment_metadata',
			static function ( array $meta, int $id ) use ( &$s3ms_written ): array {
				foreach ( s3ms_files( $id ) as $relative ) {
					$path = wp_get_upload_dir()['basedir'] . '/' . $relative;
					if ( is_file( $path ) ) {
						$s3ms_written[ $relative ] = md5_file( $path );
					}
				}
				return $meta;
			},
			50,
			2
		);
		// As WP-CLI's `media regenerate` does: from the original image.
		$s3ms_original = wp_get_original_image_path( $s3ms_id );
		$s3ms_meta     = wp_generate_attachment_metadata( $s3ms_id, (string) $s3ms_original );
		wp_update_attachment_metadata( $s3ms_id, $s3ms_meta );
		echo wp_json_encode( array( 'written' => $s3ms_written ) ), "\n";
		break;

	case 'touch':
		// Another plugin saves the metadata it read, unchanged (alt text tools, optimizers do).
		$s3ms_id = (int) $s3ms_args[1];
		wp_update_attachment_metadata( $s3ms_id, wp_get_attachment_metadata( $s3ms_id, true ) );
		echo wp_json_encode( array( 'ok' => true ) ), "\n";
		break;

	case 'delete':
		echo wp_json_encode( array( 'deleted' => false !== wp_delete_attachment( (int) $s3ms_args[1], true ) ) ), "\n";
		break;

	case 'forge':
		$s3ms_state = json_decode( $s3ms_args[2], true, 32, JSON_THROW_ON_ERROR );
		update_post_meta( (int) $s3ms_args[1], '_s3_media_sync', wp_slash( $s3ms_state ) );
		update_post_meta( (int) $s3ms_args[1], '_s3_media_sync_status', $s3ms_state['status'] ?? '' );
		echo wp_json_encode( array( 'ok' => true ) ), "\n";
		break;

	case 'export':
		ob_start();
		export_wp( array( 'content' => 'attachment' ) );
		$s3ms_xml = (string) ob_get_clean();
		echo wp_json_encode( array( 'xml' => $s3ms_xml ) ), "\n";
		break;

	case 'import-meta':
		// What the WordPress Importer asks before it stores a post meta key.
		echo wp_json_encode( array( 'key' => apply_filters( 'import_post_meta_key', $s3ms_args[1], 1, array() ) ) ), "\n";
		break;

	case 'served':
		$s3ms_id = (int) $s3ms_args[1];
		echo wp_json_encode(
			array(
				'url'  => wp_get_attachment_url( $s3ms_id ),
				'html' => wp_get_attachment_image( $s3ms_id, 'full' ) . wp_get_attachment_link( $s3ms_id ),
			)
		), "\n";
		break;

	case 'read-back':
		// The attached file is gone from this server; the image editor asks for it (Local_Copies reads it back).
		$s3ms_id   = (int) $s3ms_args[1];
		$s3ms_file = (string) get_attached_file( $s3ms_id, true );
		wp_delete_file( $s3ms_file );
		$s3ms_path = apply_filters( 'load_image_to_edit_path', $s3ms_file, $s3ms_id, 'full' );
		echo wp_json_encode( array( 'path' => $s3ms_path, 'md5' => is_file( $s3ms_file ) ? md5_file( $s3ms_file ) : null ) ), "\n";
		break;

	case 'edit':
		// The media modal's image editor: rotate, save for every size (admin-ajax image-editor, do=save).
		$_REQUEST['history'] = wp_slash( '[{"r":90}]' );
		$_REQUEST['target']  = 'all';
		$_REQUEST['do']      = 'save';
		$s3ms_result         = wp_save_image( (int) $s3ms_args[1] );
		// The editor writes its files itself (not through wp_generate_attachment_metadata): their bytes, before shutdown.
		$s3ms_written = array();
		foreach ( s3ms_files( (int) $s3ms_args[1] ) as $s3ms_relative ) {
			$s3ms_path = wp_get_upload_dir()['basedir'] . '/' . $s3ms_relative;
			if ( is_file( $s3ms_path ) ) {
				$s3ms_written[ $s3ms_relative ] = md5_file( $s3ms_path );
			}
		}
		echo wp_json_encode( array( 'ok' => ! isset( $s3ms_result->error ), 'written' => $s3ms_written, 'result' => $s3ms_result ) ), "\n";
		break;

	case 'restore':
		// "Restore original image" in the same editor.
		$s3ms_result = wp_restore_image( (int) $s3ms_args[1] );
		echo wp_json_encode( array( 'ok' => ! isset( $s3ms_result->error ), 'result' => $s3ms_result ) ), "\n";
		break;

	default:
		fwrite( STDERR, "unknown command {$s3ms_args[0]}\n" );
		exit( 2 );
}
