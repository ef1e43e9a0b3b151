<?php
/**
 * Benchmark "peer": one upload of a 2400×1800 JPEG through WordPress
 * (media_handle_sideload), offloaded by whichever plugin this process runs
 * (S3MS_BENCH_PLUGIN=ours|peer, see tools/bench/peer.ts). Prints JSON when
 * the request would end (last on `shutdown`, where deferred work has run):
 * when the sizes existed (wp_generate_attachment_metadata, first listener)
 * and when everything was done, as Unix seconds, and the attachment's
 * upload folder and name.
 *
 *   php peer-upload.php <docroot> <name>
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';
require_once __DIR__ . '/bench-image.php';

$name     = preg_replace( '/[^a-z0-9-]/', '', (string) ( $argv[2] ?? 'peer-bench' ) );
$sizes_at = 0.0;
add_filter(
	'wp_generate_attachment_metadata',
	static function ( $metadata ) use ( &$sizes_at ) {
		$sizes_at = 0.0 === $sizes_at ? microtime( true ) : $sizes_at;
		return $metadata;
	},
	PHP_INT_MIN
);
$tmp = s3ms_bench_jpeg( 2400, 1800, "$name.jpg" );
$started = microtime( true );
$id      = media_handle_sideload(
	array(
		'name'     => "$name.jpg",
		'tmp_name' => $tmp,
	),
	0
);
if ( ! is_int( $id ) ) {
	fwrite( STDERR, "upload failed\n" );
	exit( 1 );
}
add_action(
	'shutdown',
	static function () use ( &$sizes_at, $started, $id ): void {
		echo wp_json_encode(
			array(
				'id'         => $id,
				'file'       => (string) get_post_meta( $id, '_wp_attached_file', true ),
				'files'      => 1 + count( (array) ( wp_get_attachment_metadata( $id )['sizes'] ?? array() ) ),
				'started_at' => $started,
				'sizes_at'   => $sizes_at,
				'done_at'    => microtime( true ),
			)
		), "\n";
	},
	PHP_INT_MAX
);
