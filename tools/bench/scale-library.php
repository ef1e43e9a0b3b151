<?php
/**
 * Benchmark and query-shape test: a synthetic media library, written
 * straight into the database and onto disk, because making 25,000 images
 * through WordPress would take hours. Each attachment is what
 * media_handle_upload() leaves for a 1600×1200 JPEG: a post (type
 * attachment, status inherit), `_wp_attached_file`, `_wp_attachment_metadata`
 * naming three sizes (thumbnail, medium, medium_large), and four files: the
 * original and its sizes, all copies of one small JPEG (the bytes do not
 * matter to the plugin, the count does). Attachments fill year/month
 * folders 260 at a time in ID order (25,000 make eight years), 500 rows an
 * INSERT.
 *
 *   php scale-library.php <docroot> create <attachments> [synced]
 *   php scale-library.php <docroot> remove
 *
 * Adds that many attachments after those already made (`scale-<n>.jpg`). With
 * `synced`, each also gets the offload record an upload writes
 * (Offload_State::save_many(), keys under the uploads prefix; no object is
 * put in S3): for the query-shape test, which looks at queries, not objects.
 * Prints JSON: attachments and files now in the library. `remove` deletes
 * the library's rows and files again (a shared test site stays as it was).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';

use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Media\Offload_State;

const S3MS_SCALE_PER_FOLDER = 260;
const S3MS_SCALE_CHUNK   = 500;
const S3MS_SCALE_SIZES   = array(
	'thumbnail'    => array( 150, 150 ),
	'medium'       => array( 300, 225 ),
	'medium_large' => array( 768, 576 ),
);

/**
 * The folder of the n-th attachment: 260 a month from 2001/01 on, as a site
 * that uploads in date order fills them (IDs and folders rise together).
 */
function s3ms_scale_folder( int $n ): string {
	$f = intdiv( $n, S3MS_SCALE_PER_FOLDER );
	return sprintf( '%04d/%02d', 2001 + intdiv( $f, 12 ), $f % 12 + 1 );
}

/** @return array<string, mixed> What wp_generate_attachment_metadata() stores for the n-th image. */
function s3ms_scale_metadata( int $n ): array {
	$sizes = array();
	foreach ( S3MS_SCALE_SIZES as $name => list( $width, $height ) ) {
		$sizes[ $name ] = array(
			'file'      => "scale-$n-{$width}x{$height}.jpg",
			'width'     => $width,
			'height'    => $height,
			'mime-type' => 'image/jpeg',
			'filesize'  => 0,
		);
	}
	return array(
		'width'      => 1600,
		'height'     => 1200,
		'file'       => s3ms_scale_folder( $n ) . "/scale-$n.jpg",
		'filesize'   => 0,
		'sizes'      => $sizes,
		'image_meta' => array(),
	);
}

/** @return list<string> The n-th attachment's files, relative to the uploads root. */
function s3ms_scale_files( int $n ): array {
	$meta  = s3ms_scale_metadata( $n );
	$files = array( (string) $meta['file'] );
	foreach ( $meta['sizes'] as $size ) {
		$files[] = s3ms_scale_folder( $n ) . '/' . $size['file'];
	}
	return $files;
}

function s3ms_scale_jpeg(): string {
	$image = imagecreatetruecolor( 200, 150 );
	imagefilledellipse( $image, 100, 75, 120, 90, (int) imagecolorallocate( $image, 40, 120, 200 ) );
	ob_start();
	imagejpeg( $image, null, 80 );
	return (string) ob_get_clean();
}

/**
 * @param int  $from   First n.
 * @param int  $count  Attachments to add.
 * @param bool $synced Record each as uploaded.
 */
function s3ms_scale_add( int $from, int $count, bool $synced ): void {
	global $wpdb;
	$basedir = wp_get_upload_dir()['basedir'];
	$baseurl = wp_get_upload_dir()['baseurl'];
	$bytes   = s3ms_scale_jpeg();
	$made    = array();
	for ( $n = $from; $n < $from + $count; $n++ ) {
		$dir = $basedir . '/' . s3ms_scale_folder( $n );
		if ( ! isset( $made[ $dir ] ) ) {
			wp_mkdir_p( $dir );
			$made[ $dir ] = true;
		}
		foreach ( s3ms_scale_files( $n ) as $file ) {
			file_put_contents( $basedir . '/' . $file, $bytes ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
	}
	for ( $start = $from; $start < $from + $count; $start += S3MS_SCALE_CHUNK ) {
		$end    = min( $from + $count, $start + S3MS_SCALE_CHUNK );
		$rows   = array();
		$values = array();
		for ( $n = $start; $n < $end; $n++ ) {
			$date     = str_replace( '/', '-', s3ms_scale_folder( $n ) ) . '-15 12:00:00';
			$rows[]   = "(1, %s, %s, '', %s, '', 'inherit', 'open', 'closed', %s, '', '', %s, %s, '', 0, %s, 0, 'attachment', 'image/jpeg')";
			$values[] = $date;
			$values[] = $date;
			$values[] = "scale-$n";
			$values[] = "scale-$n";
			$values[] = $date;
			$values[] = $date;
			$values[] = $baseurl . '/' . s3ms_scale_folder( $n ) . "/scale-$n.jpg";
		}
		// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- placeholders only; a bench library.
		$wpdb->query(
			$wpdb->prepare(
				"INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt, post_content_filtered, post_parent, guid, menu_order, post_type, post_mime_type) VALUES " . implode( ', ', $rows ),
				$values
			)
		);
		$names = array();
		for ( $n = $start; $n < $end; $n++ ) {
			$names[] = "scale-$n";
		}
		$in  = implode( ',', array_fill( 0, count( $names ), '%s' ) );
		$ids = array();
		foreach ( (array) $wpdb->get_results( $wpdb->prepare( "SELECT ID, post_name FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_name IN ({$in})", $names ), ARRAY_A ) as $row ) {
			$ids[ (int) substr( (string) $row['post_name'], strlen( 'scale-' ) ) ] = (int) $row['ID'];
		}
		$rows   = array();
		$values = array();
		$states = array();
		foreach ( $ids as $n => $id ) {
			$meta = s3ms_scale_metadata( $n );
			array_push( $rows, '(%d, %s, %s)', '(%d, %s, %s)' );
			array_push( $values, $id, '_wp_attached_file', $meta['file'], $id, '_wp_attachment_metadata', maybe_serialize( $meta ) );
			if ( $synced ) {
				$keys = array();
				foreach ( s3ms_scale_files( $n ) as $file ) {
					$keys[ $file ] = Object_Keys::UPLOADS_PREFIX . $file;
				}
				$states[ $id ] = new Offload_State( Offload_State::SYNCED, 'scale-bucket', 'public-read', $keys, null, 1, 0, time() );
			}
		}
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$wpdb->postmeta} (post_id, meta_key, meta_value) VALUES " . implode( ', ', $rows ), $values ) );
		// phpcs:enable
		Offload_State::save_many( $states );
	}
	// A site that grew over years has current index statistics; right after
	// thousands of INSERTs InnoDB's are stale (a post_id cardinality of 4),
	// and MariaDB would plan as if the table were tiny.
	$wpdb->query( "ANALYZE TABLE {$wpdb->posts}, {$wpdb->postmeta}" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	wp_cache_flush();
}

/** Deletes every attachment create made, its rows and its files. */
function s3ms_scale_remove(): int {
	global $wpdb;
	$basedir = wp_get_upload_dir()['basedir'];
	// phpcs:disable WordPress.DB.DirectDatabaseQuery -- a bench library, removed as it was made.
	$ids = array_map( 'intval', (array) $wpdb->get_col( "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_name LIKE 'scale-%' AND post_mime_type = 'image/jpeg'" ) );
	foreach ( array_chunk( $ids, S3MS_SCALE_CHUNK ) as $chunk ) {
		foreach ( $chunk as $id ) {
			$meta = (array) get_post_meta( $id, '_wp_attachment_metadata', true );
			$dir  = dirname( (string) ( $meta['file'] ?? '' ) );
			foreach ( array_merge( array( (string) ( $meta['file'] ?? '' ) ), array_map( static fn( array $size ): string => $dir . '/' . $size['file'], (array) ( $meta['sizes'] ?? array() ) ) ) as $file ) {
				wp_delete_file( $basedir . '/' . $file );
			}
		}
		$in = implode( ',', $chunk );
		$wpdb->query( "DELETE FROM {$wpdb->postmeta} WHERE post_id IN ({$in})" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- integers.
		$wpdb->query( "DELETE FROM {$wpdb->posts} WHERE ID IN ({$in})" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- integers.
	}
	// phpcs:enable
	wp_cache_flush();
	return count( $ids );
}

$command = $argv[2] ?? '';
if ( 'remove' === $command ) {
	echo wp_json_encode( array( 'removed' => s3ms_scale_remove() ) ), "\n";
	exit( 0 );
}
if ( 'create' !== $command ) {
	fwrite( STDERR, "usage: php scale-library.php <docroot> create <attachments> [synced] | remove\n" );
	exit( 2 );
}
global $wpdb;
// Records older than the file index's per-file keys get them first, while they are few (a site in use does this a few hundred a request in wp-admin).
while ( ! File_Index::migrate( 500 ) ) {
	continue;
}
// phpcs:ignore WordPress.DB.DirectDatabaseQuery -- how many the bench made before.
$before = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_name LIKE 'scale-%'" );
s3ms_scale_add( $before, max( 1, (int) ( $argv[3] ?? 1000 ) ), 'synced' === ( $argv[4] ?? '' ) );
$total = $before + max( 1, (int) ( $argv[3] ?? 1000 ) );
echo wp_json_encode(
	array(
		'attachments' => $total,
		'files'       => 4 * $total,
	)
), "\n";
