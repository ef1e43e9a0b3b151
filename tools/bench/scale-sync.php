<?php
/**
 * Benchmark "scale": the bulk copy of the synthetic library
 * (scale-library.php), Bulk_Sync::batch( limit ) in a loop in this one PHP
 * process until `attachments` were tried or none is left, as a worker of the
 * copy job runs them (its loopback request is one batch: it ends on the
 * batch's time budget, Bulk_Sync::TIME_BUDGET). Prints one JSON
 * line a batch: files, wall time, this process's CPU time (user + system:
 * the plugin's PHP, without waiting for S3 or the database), the database's
 * time (SAVEQUERIES), queries, and the batch's PHP peak memory.
 *
 *   php scale-sync.php <docroot> <limit> <attachments> [<parallel PUTs, default 16>] [<chunk, default Bulk_Sync::CHUNK>]
 *
 * Several of these at once are several workers, as the copy job runs them:
 * each takes attachments by its claims.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

define( 'SAVEQUERIES', true );
require __DIR__ . '/bench-wordpress.php';

use S3MediaSync\Plugin;

function s3ms_cpu_ms(): float {
	$usage = getrusage();
	return ( $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] ) * 1e3 + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1e3;
}

$limit = max( 1, (int) ( $argv[2] ?? 100 ) );
$total = max( 1, (int) ( $argv[3] ?? 1000 ) );
$sync  = Plugin::bulk_sync( Plugin::offloader(), max( 1, (int) ( $argv[4] ?? 16 ) ) );
$chunk = max( 1, (int) ( $argv[5] ?? \S3MediaSync\Sync\Bulk_Sync::CHUNK ) );
$tried = 0;
do {
	global $wpdb;
	$wpdb->queries = array();
	memory_reset_peak_usage();
	$cpu    = s3ms_cpu_ms();
	$start  = hrtime( true );
	$answer = $sync->batch( min( $limit, $total - $tried ), \S3MediaSync\Media\Attachment_Lock::TTL, null, $chunk );
	$ms     = ( hrtime( true ) - $start ) / 1e6;
	if ( is_wp_error( $answer ) ) {
		fwrite( STDERR, $answer->get_error_message() . "\n" );
		exit( 1 );
	}
	$tried += count( $answer['processed'] );
	echo wp_json_encode(
		array(
			'attachments' => count( $answer['processed'] ),
			'failed'      => count( $answer['failed'] ),
			'error'       => $answer['failed'][0]['message'] ?? null,
			'ms'          => $ms,
			'cpu_ms'      => s3ms_cpu_ms() - $cpu,
			'db_ms'       => 1e3 * array_sum( array_map( static fn( array $query ): float => (float) $query[1], $wpdb->queries ) ),
			'queries'     => count( $wpdb->queries ),
			'peak_mb'     => memory_get_peak_usage() / 1048576,
			'remaining'   => $answer['remaining'],
		)
	), "\n";
} while ( $tried < $total && $answer['remaining'] > 0 && array() !== $answer['processed'] );
