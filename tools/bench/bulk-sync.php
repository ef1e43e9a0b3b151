<?php
/**
 * Benchmark: the bulk copy of a library that predates the plugin. Prints JSON
 * (one line).
 *
 *   php bulk-sync.php <docroot> create <images> <name prefix>
 *   php bulk-sync.php <docroot> sync <limit>
 *   php bulk-sync.php <docroot> failed
 *
 * `create` makes `images` small JPEGs (200×150, so WordPress makes one
 * 150×150 thumbnail each: two files an attachment) with the plugin NOT
 * configured — the settings option is set aside, and put back unchanged
 * afterwards — so none is offloaded or has an S3 state. It prints the files,
 * relative to the uploads folder, with their sizes and content types.
 *
 * `sync` runs the bulk copy in this one PHP process:
 * Plugin::bulk_sync( Plugin::offloader() )->batch( limit ) until nothing is
 * left, and prints the time, the attachments tried and the failures.
 *
 * `failed` prints how many attachments are not synced (after the job ran).
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';

use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;

$command = $argv[2] ?? '';

if ( 'create' === $command ) {
	$count  = max( 1, (int) ( $argv[3] ?? 250 ) );
	$prefix = preg_replace( '/[^a-z0-9-]/', '', (string) ( $argv[4] ?? 'bulk-bench' ) );
	$saved  = get_option( Settings_Fields::OPTION, null );
	delete_option( Settings_Fields::OPTION );
	$files = array();
	try {
		for ( $n = 0; $n < $count; $n++ ) {
			$image = imagecreatetruecolor( 200, 150 );
			mt_srand( $n + 1 );
			for ( $i = 0; $i < 25; $i++ ) {
				imagefilledellipse( $image, mt_rand( 0, 200 ), mt_rand( 0, 150 ), mt_rand( 10, 80 ), mt_rand( 10, 60 ), (int) imagecolorallocate( $image, mt_rand( 0, 255 ), mt_rand( 0, 255 ), mt_rand( 0, 255 ) ) );
			}
			$tmp = wp_tempnam( "$prefix-$n.jpg" );
			imagejpeg( $image, $tmp, 85 );
			imagedestroy( $image );
			$id = media_handle_sideload(
				array(
					'name'     => sprintf( '%s-%03d.jpg', $prefix, $n ),
					'tmp_name' => $tmp,
				),
				0
			);
			if ( ! is_int( $id ) ) {
				throw new RuntimeException( is_wp_error( $id ) ? $id->get_error_message() : 'upload failed' );
			}
			if ( '' !== get_post_meta( $id, '_s3_media_sync', true ) ) {
				throw new RuntimeException( "attachment $id was offloaded although the plugin was not configured" );
			}
			$main = (string) get_post_meta( $id, '_wp_attached_file', true );
			$dir  = substr( $main, 0, (int) strrpos( $main, '/' ) + 1 );
			$meta = (array) wp_get_attachment_metadata( $id );
			foreach ( array_merge( array( $main ), array_map( static fn( array $size ): string => $dir . $size['file'], (array) ( $meta['sizes'] ?? array() ) ) ) as $relative ) {
				$files[] = array(
					'file' => $relative,
					'size' => (int) filesize( wp_get_upload_dir()['basedir'] . '/' . $relative ),
					'type' => 'image/jpeg',
				);
			}
		}
	} finally {
		if ( null !== $saved ) {
			update_option( Settings_Fields::OPTION, $saved, false );
		}
	}
	echo wp_json_encode(
		array(
			'attachments' => $count,
			'files'       => $files,
			'uploads_dir' => wp_get_upload_dir()['basedir'],
		)
	), "\n";
} elseif ( 'sync' === $command ) {
	$limit     = max( 1, (int) ( $argv[3] ?? 100 ) );
	$offloader = Plugin::offloader();
	if ( null === $offloader ) {
		fwrite( STDERR, "the plugin's offloader is not there\n" );
		exit( 1 );
	}
	$sync    = Plugin::bulk_sync( $offloader );
	$started = hrtime( true );
	$tried   = 0;
	$failed  = array();
	$batches = 0;
	do {
		$answer = $sync->batch( $limit );
		if ( is_wp_error( $answer ) ) {
			fwrite( STDERR, $answer->get_error_message() . "\n" );
			exit( 1 );
		}
		++$batches;
		$tried += count( $answer['processed'] );
		array_push( $failed, ...$answer['failed'] );
	} while ( $answer['remaining'] > 0 && array() !== $answer['processed'] );
	echo wp_json_encode(
		array(
			'ms'      => ( hrtime( true ) - $started ) / 1e6,
			'batches' => $batches,
			'tried'   => $tried,
			'failed'  => count( $failed ),
			'error'   => $failed[0]['message'] ?? null,
		)
	), "\n";
} elseif ( 'failed' === $command ) {
	global $wpdb;
	// phpcs:ignore WordPress.DB.DirectDatabaseQuery
	$left = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} p LEFT JOIN {$wpdb->postmeta} s ON s.post_id = p.ID AND s.meta_key = %s WHERE p.post_type = 'attachment' AND ( s.meta_value IS NULL OR s.meta_value <> %s )", \S3MediaSync\Media\Offload_State::STATUS_META, \S3MediaSync\Media\Offload_State::SYNCED ) );
	echo wp_json_encode( array( 'failed' => $left ) ), "\n";
} else {
	fwrite( STDERR, "usage: php bulk-sync.php <docroot> create <images> <prefix> | sync <limit> | failed\n" );
	exit( 2 );
}
