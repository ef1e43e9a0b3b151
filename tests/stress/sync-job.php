<?php
/**
 * The bulk-copy job's worker side, from the command line, for
 * sync-job.spec.ts: a worker the test can kill (its PID is the test's), and
 * what the database says about claims and the job. Loads the site's
 * WordPress; no test-only code in the plugin or the site.
 *
 *   php sync-job.php <docroot> worker <limit> <claim seconds> [all]
 *       one batch of Bulk_Sync as the job's workers run it, claims lasting
 *       <claim seconds> (with `all`, batches until the run has nothing
 *       untried left); prints {"pid", "processed", "failed", "remaining"}
 *   php sync-job.php <docroot> claims <id>...
 *       the attachments among <id> whose claim (Attachment_Lock row) is held
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php sync-job.php <docroot> worker|claims ...\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

// The test drives WP-Cron itself: no cron run spawned when this script ends.
remove_action( 'shutdown', '_wp_cron' );

$s3ms_command = $argv[2];
$s3ms_args    = array_slice( $argv, 3 );

if ( 'worker' === $s3ms_command ) {
	$s3ms_sync = \S3MediaSync\Plugin::services()->bulk_sync( \S3MediaSync\Sync\Sync_Job::CONCURRENCY );
	$s3ms_out  = array(
		'pid'       => getmypid(),
		'processed' => array(),
		'failed'    => array(),
		'remaining' => 0,
	);
	do {
		$s3ms_batch = $s3ms_sync->batch( max( 1, (int) ( $s3ms_args[0] ?? 25 ) ), max( 1, (int) ( $s3ms_args[1] ?? 300 ) ) );
		if ( is_wp_error( $s3ms_batch ) ) {
			fwrite( STDERR, $s3ms_batch->get_error_message() . "\n" );
			exit( 1 );
		}
		$s3ms_out['processed'] = array_merge( $s3ms_out['processed'], $s3ms_batch['processed'] );
		$s3ms_out['failed']    = array_merge( $s3ms_out['failed'], $s3ms_batch['failed'] );
		$s3ms_out['remaining'] = $s3ms_batch['remaining'];
		if ( array() === $s3ms_batch['processed'] ) {
			usleep( 200000 ); // What is left is the other worker's.
		}
	} while ( 'all' === ( $s3ms_args[2] ?? '' ) && $s3ms_out['remaining'] > 0 );
	echo wp_json_encode( $s3ms_out ), "\n";
} elseif ( 'claims' === $s3ms_command ) {
	global $wpdb;
	$s3ms_held = array();
	foreach ( $s3ms_args as $s3ms_id ) {
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery
		if ( null !== $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", \S3MediaSync\Media\Attachment_Lock::PREFIX . (int) $s3ms_id ) ) ) {
			$s3ms_held[] = (int) $s3ms_id;
		}
	}
	echo wp_json_encode( array( 'held' => $s3ms_held ) ), "\n";
} else {
	fwrite( STDERR, "unknown command {$s3ms_command}\n" );
	exit( 2 );
}
