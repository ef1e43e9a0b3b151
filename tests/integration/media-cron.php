<?php
/**
 * What WP-Cron sees of S3 Media Sync's retry job, for the media integration
 * tests: loads the test site's WordPress from the command line (no test-only
 * code in the plugin or the site) and either reports the job's state or makes
 * the waiting retries due now, as the passing of their backoff would.
 *
 *   php media-cron.php <docroot> state [attachment id]
 *   php media-cron.php <docroot> due [attachment id]
 *   php media-cron.php <docroot> due-all
 *
 * `due` sets the attachment's next attempt (the `_s3_media_sync_next` meta the
 * job queries) and every queued deletion's `next_attempt` to 0, moves the
 * scheduled `s3_media_sync_retry` event to now and clears WP-Cron's lock, so
 * that the next GET /wp-cron.php runs the job. It prints the state after.
 * `due-all` does the same for every attachment waiting (pending or failed).
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

if ( PHP_SAPI !== 'cli' || $argc < 3 ) {
	fwrite( STDERR, "usage: php media-cron.php <docroot> state|due|due-all [attachment id]\n" );
	exit( 2 );
}

$_SERVER['HTTP_HOST'] = 'localhost';
require rtrim( $argv[1], '/' ) . '/wp-load.php';

// WordPress would spawn a cron run of its own when this script ends (wp_cron() on shutdown); the test runs it.
remove_action( 'shutdown', '_wp_cron' );

const S3MS_TEST_HOOK = 's3_media_sync_retry';

$s3ms_command    = $argv[2];
$s3ms_attachment = isset( $argv[3] ) ? (int) $argv[3] : 0;

if ( 'due' === $s3ms_command || 'due-all' === $s3ms_command ) {
	if ( $s3ms_attachment > 0 ) {
		update_post_meta( $s3ms_attachment, '_s3_media_sync_next', 0 );
	}
	if ( 'due-all' === $s3ms_command ) {
		$s3ms_waiting = get_posts(
			array(
				'post_type'      => 'attachment',
				'post_status'    => 'any',
				'fields'         => 'ids',
				'posts_per_page' => -1,
				'meta_key'       => '_s3_media_sync_status', // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_value'     => array( 'pending', 'failed' ), // phpcs:ignore WordPress.DB.SlowDBQuery
				'meta_compare'   => 'IN',
			)
		);
		foreach ( $s3ms_waiting as $s3ms_id ) {
			update_post_meta( (int) $s3ms_id, '_s3_media_sync_next', 0 );
		}
	}
	( new \S3MediaSync\Media\Deletion_Queue() )->make_all_due();
	wp_clear_scheduled_hook( S3MS_TEST_HOOK );
	wp_schedule_single_event( time() - 1, S3MS_TEST_HOOK );
	delete_transient( 'doing_cron' );
} elseif ( 'state' !== $s3ms_command ) {
	fwrite( STDERR, "unknown command {$s3ms_command}\n" );
	exit( 2 );
}

$s3ms_next = wp_next_scheduled( S3MS_TEST_HOOK );
echo wp_json_encode(
	array(
		'now'            => time(),
		'next_scheduled' => false === $s3ms_next ? null : $s3ms_next,
		'meta'           => $s3ms_attachment > 0 ? get_post_meta( $s3ms_attachment, '_s3_media_sync', true ) : null,
		'next_meta'      => $s3ms_attachment > 0 ? get_post_meta( $s3ms_attachment, '_s3_media_sync_next', true ) : null,
		'queue'          => ( new \S3MediaSync\Media\Deletion_Queue() )->all(),
	)
), "\n";
