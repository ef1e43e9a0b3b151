<?php
/**
 * Benchmark: the cost of one presigned URL (pure computation: no request).
 *
 *   php presign.php <docroot> <count>
 */

declare(strict_types=1);

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

$count  = max( 1000, (int) ( $argv[2] ?? 20000 ) );
$client = ( new S3MediaSync\S3\Client_Factory( S3MediaSync\Plugin::settings() ) )->client();
if ( null === $client ) {
	fwrite( STDERR, "not configured\n" );
	exit( 1 );
}
for ( $i = 0; $i < 1000; $i++ ) { // Warm up.
	$client->presign_get( "wp-content/uploads/2026/11/warm-$i.jpg", 900 );
}
$start = hrtime( true );
for ( $i = 0; $i < $count; $i++ ) {
	$client->presign_get( "wp-content/uploads/2026/11/photo-$i-300x200.jpg", 900 );
}
echo wp_json_encode( array( 'per_url_us' => ( hrtime( true ) - $start ) / 1e3 / $count ) ), "\n";
