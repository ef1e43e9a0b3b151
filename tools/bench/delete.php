<?php
/**
 * Benchmark: deleting an image with every generated size (the plugin's
 * delete_attachment handler, Attachment_Deleter::delete()) against one
 * DELETE of one object, interleaved run by run. Each run uploads a fresh
 * 2400×1800 JPEG through WordPress (offloaded by the plugin; not timed)
 * and PUTs one object (not timed). Prints JSON with the medians.
 *
 *   php delete.php <docroot> <runs>
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';
require_once __DIR__ . '/bench-image.php';

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\S3\S3_Response;

$runs    = max( 1, (int) ( $argv[2] ?? 9 ) );
$deleter = Plugin::services()->deleter;
$client  = Plugin::services()->factory->client();
if ( null === $client ) {
	fwrite( STDERR, "the plugin is not configured\n" );
	exit( 1 );
}
$median = static function ( array $values ): float {
	sort( $values );
	return (float) $values[ intdiv( count( $values ), 2 ) ];
};

$jpeg = s3ms_bench_jpeg( 2400, 1800, 'delete-bench.jpg' );

$all    = array();
$single = array();
$files  = 0;
for ( $run = 0; $run < $runs; $run++ ) {
	$tmp = wp_tempnam( "delete-bench-$run.jpg" );
	copy( $jpeg, $tmp );
	$id = media_handle_sideload(
		array(
			'name'     => "delete-bench-$run.jpg",
			'tmp_name' => $tmp,
		),
		0
	);
	$state = is_int( $id ) ? Offload_State::of( $id ) : null;
	if ( null === $state || Offload_State::SYNCED !== $state->status ) {
		fwrite( STDERR, "upload $run was not offloaded\n" );
		exit( 1 );
	}
	$files = count( $state->keys );
	$key   = 'wp-content/uploads/delete-bench/one-' . $run . '.txt';
	if ( ! $client->put_object( $key, 'one object', 'text/plain' ) instanceof S3_Response ) {
		fwrite( STDERR, "PUT $key failed\n" );
		exit( 1 );
	}
	// Interleaved, so drift on a shared machine touches both alike.
	$start = hrtime( true );
	$one   = $client->delete_object( $key );
	$ms    = ( hrtime( true ) - $start ) / 1e6;
	if ( ! $one instanceof S3_Response ) {
		fwrite( STDERR, "DELETE $key failed\n" );
		exit( 1 );
	}
	$single[] = $ms;
	$start = hrtime( true );
	$deleter->delete( $id );
	$all[] = ( hrtime( true ) - $start ) / 1e6;
	remove_action( 'delete_attachment', array( $deleter, 'delete' ) ); // Its objects are gone: delete the rest untimed.
	wp_delete_attachment( $id, true );
	add_action( 'delete_attachment', array( $deleter, 'delete' ) );
}
echo wp_json_encode(
	array(
		'files'     => $files,
		'all_ms'    => $median( $all ),
		'single_ms' => $median( $single ),
	)
), "\n";
