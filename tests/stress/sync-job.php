<?php
/**
 * The bulk-copy job's worker side, from the command line, for
 * sync-job.spec.ts: a worker the test can kill (its PID is the test's), and
 * what the database says about claims and the job. Loads the site's
 * WordPress; no test-only code in the plugin or the site.
 *
 *   php sync-job.php <docroot> worker <limit> <claim seconds>
 *       one batch of Bulk_Sync as the job's workers run it, claims lasting
 *       <claim seconds>; prints {"pid", "processed", "failed", "remaining"}
 *   php sync-job.php <docroot> claims <id>...
 *       the attachments among <id> whose claim (Attachment_Lock row) is held
 *   php sync-job.php <docroot> left-running <workers>
 *       the job as a server that stopped leaves it: running in the database,
 *       no worker has worked for longer than Sync_Job::STALE
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php sync-job.php <docroot> worker|claims|left-running ...\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

// The test drives WP-Cron itself: no cron run spawned when this script ends.
remove_action( 'shutdown', '_wp_cron' );

$s3ms_command = $argv[2];
$s3ms_args    = array_slice( $argv, 3 );

if ( 'worker' === $s3ms_command ) {
	$s3ms_batch = \S3MediaSync\Plugin::services()->bulk_sync( \S3MediaSync\Sync\Sync_Job::CONCURRENCY )->batch( max( 1, (int) ( $s3ms_args[0] ?? 25 ) ), max( 1, (int) ( $s3ms_args[1] ?? 300 ) ) );
	if ( is_wp_error( $s3ms_batch ) ) {
		fwrite( STDERR, $s3ms_batch->get_error_message() . "\n" );
		exit( 1 );
	}
	echo wp_json_encode( array_merge( array( 'pid' => getmypid() ), $s3ms_batch ) ), "\n";
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
} elseif ( 'left-running' === $s3ms_command ) {
	$s3ms_long_ago = time() - \S3MediaSync\Sync\Sync_Job::STALE - 60;
	update_option(
		\S3MediaSync\Sync\Sync_Job::OPTION,
		array(
			'state'   => 'running',
			'workers' => max( 1, (int) ( $s3ms_args[0] ?? 2 ) ),
			'started' => $s3ms_long_ago,
			'total'   => 0,
		),
		false
	);
	for ( $s3ms_slot = 0; $s3ms_slot <= \S3MediaSync\Sync\Sync_Job::MAX_WORKERS; $s3ms_slot++ ) {
		update_option( \S3MediaSync\Sync\Sync_Job::BEAT_PREFIX . $s3ms_slot, $s3ms_long_ago, false );
	}
	echo wp_json_encode( array( 'job' => get_option( \S3MediaSync\Sync\Sync_Job::OPTION ) ) ), "\n";
} else {
	fwrite( STDERR, "unknown command {$s3ms_command}\n" );
	exit( 2 );
}
