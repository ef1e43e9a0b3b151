<?php
/**
 * Benchmark: one image with every generated size, offloaded the plugin's way
 * (every file at once), against one PUT of its largest file and against the
 * same files one after another (what peer plugins do). Prints JSON.
 *
 *   php offload.php <docroot> <runs>
 */

declare(strict_types=1);

require __DIR__ . '/bench-wordpress.php';

use S3MediaSync\Media\Attachment_Files;
use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Plugin;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\S3\Upload_Job;

$runs  = max( 1, (int) ( $argv[2] ?? 9 ) );
$image = imagecreatetruecolor( 4000, 3000 );
for ( $x = 0; $x < 4000; $x += 5 ) {
	imageline( $image, $x, 0, 4000 - $x, 3000, (int) imagecolorallocate( $image, $x % 256, ( $x * 3 ) % 256, ( $x * 7 ) % 256 ) );
}
$tmp = wp_tempnam( 'bench.jpg' );
imagejpeg( $image, $tmp, 92 );

// Generate the sizes without offloading: the benchmark times the uploads alone.
remove_all_filters( 'wp_generate_attachment_metadata' );
remove_all_filters( 'wp_update_attachment_metadata' );
$id = media_handle_sideload(
	array(
		'name'     => 'bench-photo.jpg',
		'tmp_name' => $tmp,
	),
	0
);
if ( ! is_int( $id ) ) {
	fwrite( STDERR, 'upload failed' );
	exit( 1 );
}

$factory = new Client_Factory( Plugin::settings() );
$files   = ( new Attachment_Files() )->of( $id );
// Under wp-content/uploads/, the only place the guide's policy lets the plugin write.
$keys    = Object_Keys::for_site( '' );
$jobs    = array_map(
	static fn( string $path ): Upload_Job => new Upload_Job( (string) $keys->for_file( $path ), $path, 'image/jpeg', 'public-read', array( 'cache-control' => 'public, max-age=31536000, immutable' ) ),
	$files
);
usort( $jobs, static fn( Upload_Job $a, Upload_Job $b ): int => filesize( $b->path ) <=> filesize( $a->path ) );
$largest = $jobs[0];

// Only PUTs S3 confirmed count: a refused PUT is quick and would flatter the figures.
$time = static function ( callable $work ): float {
	$start   = hrtime( true );
	$results = $work();
	$elapsed = ( hrtime( true ) - $start ) / 1e6;
	foreach ( $results as $key => $outcome ) {
		if ( ! $outcome instanceof S3_Response ) {
			fwrite( STDERR, "PUT {$key} failed: {$outcome->code} {$outcome->message}\n" );
			exit( 1 );
		}
	}
	return $elapsed;
};
$median = static function ( array $values ): float {
	sort( $values );
	return (float) $values[ intdiv( count( $values ), 2 ) ];
};

$parallel = array();
$windows  = array();
$single   = array();
$serial   = array();
for ( $run = 0; $run < $runs; $run++ ) {
	// Interleaved, so drift on a shared machine touches all three alike.
	$single[]   = $time( static fn(): array => $factory->uploader()->put( array( $largest ) ) );
	$window     = array( microtime( true ) );
	$parallel[] = $time( static fn(): array => $factory->uploader()->put( $jobs ) );
	$window[]   = microtime( true );
	$windows[]  = $window; // When the parallel PUTs started and returned (Unix seconds), to set against the front's log.
	$serial[]   = $time(
		static function () use ( $factory, $jobs ): array {
			$results = array();
			foreach ( $jobs as $job ) {
				$results += $factory->uploader( 1 )->put( array( $job ) );
			}
			return $results;
		}
	);
}
$total_bytes   = array_sum( array_map( static fn( Upload_Job $job ): int => (int) filesize( $job->path ), $jobs ) );
$largest_bytes = (int) filesize( $largest->path );
$client = $factory->client();
foreach ( $jobs as $job ) {
	$client->delete_object( $job->key );
}
wp_delete_attachment( $id, true );
echo wp_json_encode(
	array(
		'files'         => count( $jobs ),
		'bytes'         => $total_bytes,
		'largest_bytes' => $largest_bytes,
		'parallel_ms'   => $median( $parallel ),
		'single_ms'     => $median( $single ),
		'serial_ms'     => $median( $serial ),
		'windows'       => $windows,
	)
), "\n";
