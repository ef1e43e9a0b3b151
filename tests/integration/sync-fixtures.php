<?php
/**
 * The media library as it was before S3 Media Sync was configured, for the
 * bulk-copy integration tests (sync-library.spec.ts). Loads the test site's
 * WordPress from the command line; no test-only code in the plugin or site.
 *
 *   php sync-fixtures.php <docroot> create <count> <name prefix> <first month>
 *   php sync-fixtures.php <docroot> forget <id>...
 *   php sync-fixtures.php <docroot> delete <id>...
 *
 * `create` first deletes the plugin's settings (the plugin is NOT configured,
 * so nothing is offloaded and no attachment gets an S3 state), then makes
 * `count` attachments with media_handle_sideload, as any upload before the
 * plugin: small GD images (JPEG and PNG, 200×150, so WordPress makes one
 * 150×150 thumbnail each), plain-text files and one-page PDFs, in turn. They
 * are spread over four upload folders (`YYYY/MM`, months `first month` to
 * `first month + 3`) by attaching them to four draft posts with those dates,
 * as WordPress files an upload under its post's month. It prints JSON: every
 * attachment's ID and files (relative to the uploads folder, as WordPress
 * describes them in the attachment metadata), and the parent posts.
 *
 * `forget` removes the S3 state the plugin recorded for the attachments
 * (Offload_State::forget), as if they had never been copied.
 * `delete` deletes attachments (wp_delete_attachment, force) and draft posts.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php sync-fixtures.php <docroot> create|forget|delete ...\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/media.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/image.php';

// The test drives WP-Cron itself: no cron run spawned when this script ends.
remove_action( 'shutdown', '_wp_cron' );
wp_set_current_user( 1 );

/** A small photo-like image (ellipses on a gradient) that GD encodes as JPEG or PNG. */
function s3ms_fixture_image( string $path, string $format, int $seed ): void {
	$image = imagecreatetruecolor( 200, 150 );
	mt_srand( $seed );
	for ( $i = 0; $i < 25; $i++ ) {
		$colour = (int) imagecolorallocate( $image, mt_rand( 0, 255 ), mt_rand( 0, 255 ), mt_rand( 0, 255 ) );
		imagefilledellipse( $image, mt_rand( 0, 200 ), mt_rand( 0, 150 ), mt_rand( 10, 80 ), mt_rand( 10, 60 ), $colour );
	}
	imagestring( $image, 3, 8, 8, 'sync #' . $seed, (int) imagecolorallocate( $image, 255, 255, 255 ) );
	'png' === $format ? imagepng( $image, $path ) : imagejpeg( $image, $path, 85 );
	imagedestroy( $image );
}

/** A one-page PDF with a line of text and a correct cross-reference table. */
function s3ms_fixture_pdf( string $path, int $seed ): void {
	$stream  = 'BT /F1 24 Tf 72 720 Td (S3 Media Sync ' . $seed . ') Tj ET';
	$objects = array(
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		'<< /Length ' . strlen( $stream ) . " >>\nstream\n{$stream}\nendstream",
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	);
	$body    = "%PDF-1.4\n";
	$offsets = array();
	foreach ( $objects as $index => $object ) {
		$offsets[] = strlen( $body );
		$body     .= ( $index + 1 ) . " 0 obj\n{$object}\nendobj\n";
	}
	$xref  = strlen( $body );
	$body .= 'xref' . "\n0 " . ( count( $objects ) + 1 ) . "\n0000000000 65535 f \n";
	foreach ( $offsets as $offset ) {
		$body .= str_pad( (string) $offset, 10, '0', STR_PAD_LEFT ) . " 00000 n \n";
	}
	$body .= "trailer\n<< /Size " . ( count( $objects ) + 1 ) . " /Root 1 0 R >>\nstartxref\n{$xref}\n%%EOF\n";
	file_put_contents( $path, $body ); // phpcs:ignore WordPress.WP.AlternativeFunctions
}

/** @return list<string> The attachment's files relative to the uploads folder, from its metadata. */
function s3ms_fixture_files( int $id ): array {
	$main  = (string) get_post_meta( $id, '_wp_attached_file', true );
	$dir   = str_contains( $main, '/' ) ? substr( $main, 0, (int) strrpos( $main, '/' ) + 1 ) : '';
	$files = array( $main );
	$meta  = wp_get_attachment_metadata( $id );
	if ( is_array( $meta ) ) {
		foreach ( (array) ( $meta['sizes'] ?? array() ) as $size ) {
			$files[] = $dir . $size['file'];
		}
		if ( isset( $meta['original_image'] ) ) {
			$files[] = $dir . $meta['original_image'];
		}
	}
	$files = array_values( array_unique( $files ) );
	sort( $files );
	return $files;
}

$s3ms_command = $argv[2];
$s3ms_args    = array_slice( $argv, 3 );

if ( 'create' === $s3ms_command ) {
	$s3ms_count  = max( 1, (int) ( $s3ms_args[0] ?? 0 ) );
	$s3ms_prefix = (string) ( $s3ms_args[1] ?? 'sync' );
	$s3ms_first  = (string) ( $s3ms_args[2] ?? '2019-01' );
	if ( ! preg_match( '/^[a-z0-9-]+$/', $s3ms_prefix ) || ! preg_match( '/^\d{4}-\d{2}$/', $s3ms_first ) ) {
		fwrite( STDERR, "bad prefix or month\n" );
		exit( 2 );
	}

	// The plugin is not configured yet: the library predates it.
	delete_option( 's3_media_sync_settings' );
	if ( \S3MediaSync\Plugin::settings()->is_configured() ) {
		fwrite( STDERR, "the plugin is still configured (constants in wp-config?)\n" );
		exit( 1 );
	}

	$s3ms_parents = array();
	$s3ms_month   = new DateTimeImmutable( $s3ms_first . '-15 12:00:00' );
	for ( $s3ms_i = 0; $s3ms_i < 4; $s3ms_i++ ) {
		$s3ms_date      = $s3ms_month->modify( "+{$s3ms_i} month" )->format( 'Y-m-d H:i:s' );
		$s3ms_parents[] = (int) wp_insert_post(
			array(
				'post_title'    => "{$s3ms_prefix} folder {$s3ms_i}",
				'post_status'   => 'draft',
				'post_date'     => $s3ms_date,
				'post_date_gmt' => $s3ms_date,
			),
			true
		);
	}

	$s3ms_kinds = array( 'jpg', 'png', 'txt', 'pdf' );
	$s3ms_out   = array();
	$s3ms_tmp   = get_temp_dir();
	for ( $s3ms_i = 0; $s3ms_i < $s3ms_count; $s3ms_i++ ) {
		$s3ms_kind = $s3ms_kinds[ $s3ms_i % 4 ];
		$s3ms_name = sprintf( '%s-%03d.%s', $s3ms_prefix, $s3ms_i, $s3ms_kind );
		$s3ms_path = $s3ms_tmp . 's3ms-' . wp_generate_password( 8, false ) . '-' . $s3ms_name;
		if ( 'jpg' === $s3ms_kind || 'png' === $s3ms_kind ) {
			s3ms_fixture_image( $s3ms_path, 'png' === $s3ms_kind ? 'png' : 'jpeg', $s3ms_i + 1 );
		} elseif ( 'pdf' === $s3ms_kind ) {
			s3ms_fixture_pdf( $s3ms_path, $s3ms_i + 1 );
		} else {
			file_put_contents( $s3ms_path, str_repeat( "S3 Media Sync fixture {$s3ms_name}\n", 20 + $s3ms_i ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions
		}
		// Folders interleaved, so a batch spans all four.
		$s3ms_id = media_handle_sideload(
			array(
				'name'     => $s3ms_name,
				'tmp_name' => $s3ms_path,
			),
			$s3ms_parents[ intdiv( $s3ms_i, 2 ) % 4 ]
		);
		if ( is_wp_error( $s3ms_id ) ) {
			fwrite( STDERR, "{$s3ms_name}: " . $s3ms_id->get_error_message() . "\n" );
			exit( 1 );
		}
		$s3ms_out[] = array(
			'id'    => (int) $s3ms_id,
			'mime'  => (string) get_post_mime_type( $s3ms_id ),
			'files' => s3ms_fixture_files( (int) $s3ms_id ),
			'state' => get_post_meta( (int) $s3ms_id, '_s3_media_sync', true ),
		);
	}
	echo wp_json_encode(
		array(
			'parents'     => $s3ms_parents,
			'attachments' => $s3ms_out,
		)
	), "\n";
} elseif ( 'forget' === $s3ms_command ) {
	foreach ( $s3ms_args as $s3ms_id ) {
		\S3MediaSync\Media\Offload_State::forget( (int) $s3ms_id );
	}
	echo wp_json_encode( array( 'forgotten' => count( $s3ms_args ) ) ), "\n";
} elseif ( 'delete' === $s3ms_command ) {
	$s3ms_deleted = 0;
	foreach ( $s3ms_args as $s3ms_id ) {
		$s3ms_post = get_post( (int) $s3ms_id );
		if ( null === $s3ms_post ) {
			continue;
		}
		$s3ms_ok       = 'attachment' === $s3ms_post->post_type ? wp_delete_attachment( $s3ms_post->ID, true ) : wp_delete_post( $s3ms_post->ID, true );
		$s3ms_deleted += $s3ms_ok ? 1 : 0;
	}
	echo wp_json_encode( array( 'deleted' => $s3ms_deleted ) ), "\n";
} else {
	fwrite( STDERR, "unknown command {$s3ms_command}\n" );
	exit( 2 );
}
