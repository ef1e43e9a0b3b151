<?php
/**
 * The bulk-copy job's controls and the tickets of its loopback requests:
 * bad input and actions that do not fit the job's state are refused and
 * change nothing; a ticket works once, only as issued, and not once expired.
 * (The job running, pausing, surviving a kill and a restart, on MariaDB with
 * several workers: tests/stress/sync-job.spec.ts.)
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Sync;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Job_Tickets;
use S3MediaSync\Sync\Sync_Job;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * The WP-Cron fallback test copies through the S3 side (moto and the S3 front).
 *
 * @group s3
 */
final class SyncJobTest extends TestCase {

	use Creates_Attachments;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		delete_option( Settings_Fields::OPTION );
		delete_option( Sync_Job::OPTION );
	}

	protected function tearDown(): void {
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Sync_Job::OPTION );
		wp_clear_scheduled_hook( Sync_Job::CRON_HOOK );
		parent::tearDown();
	}

	public function test_actions_that_do_not_fit_the_job_are_refused_and_change_nothing(): void {
		$start = $this->rest( 'POST', '/s3-media-sync/v1/sync/job', array( 'workers' => 2 ) );
		$this->assertSame( 409, $start->get_status() );
		$this->assertSame( 's3_media_sync_not_configured', $start->get_data()['code'] );
		$this->assertSame( 409, $this->rest( 'POST', '/s3-media-sync/v1/sync/job/pause' )->get_status() );
		$this->assertSame( 's3_media_sync_job_not_paused', $this->rest( 'POST', '/s3-media-sync/v1/sync/job/resume' )->get_data()['code'] );
		foreach ( array( 0, 5, 'two', array( 2 ) ) as $workers ) {
			$this->assertSame( 400, $this->rest( 'POST', '/s3-media-sync/v1/sync/job', array( 'workers' => $workers ) )->get_status(), (string) wp_json_encode( $workers ) );
		}
		$this->assertFalse( get_option( Sync_Job::OPTION ), 'no job was written' );
		$this->assertFalse( wp_next_scheduled( Sync_Job::CRON_HOOK ) );
		$job = $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data()['job'];
		$this->assertSame( 'idle', $job['state'] );

		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'POST', '/s3-media-sync/v1/sync/job/pause' )->get_status() );
	}

	public function test_a_ticket_works_once_as_issued_and_not_once_expired(): void {
		$tickets = new Job_Tickets();
		$ticket  = $tickets->issue();
		$this->assertMatchesRegularExpression( '/^[A-Za-z0-9]{40}$/', $ticket );
		$this->assertNull( $this->raw_option( Job_Tickets::PREFIX . $ticket ), 'the database holds only its hash' );
		$this->assertFalse( $tickets->redeem( strtolower( $ticket ) === $ticket ? strtoupper( $ticket ) : strtolower( $ticket ) ) );
		$this->assertFalse( $tickets->redeem( '' ) );
		$this->assertFalse( $tickets->redeem( str_repeat( 'a', 40 ) . "' OR '1'='1" ) );
		$this->assertTrue( $tickets->redeem( $ticket ) );
		$this->assertFalse( $tickets->redeem( $ticket ), 'a second request with the same ticket' );

		global $wpdb;
		$expire = static function ( string $ticket ) use ( $wpdb ): string {
			$name = Job_Tickets::PREFIX . hash( 'sha256', $ticket );
			$wpdb->update( $wpdb->options, array( 'option_value' => (string) ( time() - 1 ) ), array( 'option_name' => $name ) );
			return $name;
		};
		$old = $tickets->issue();
		$expire( $old );
		$this->assertFalse( $tickets->redeem( $old ), 'an expired ticket' );

		$unused = $expire( $tickets->issue() );
		$fresh  = Job_Tickets::PREFIX . hash( 'sha256', $tickets->issue() );
		$tickets->purge();
		$this->assertNull( $this->raw_option( $unused ), 'a ticket whose request never came is removed' );
		$this->assertNotNull( $this->raw_option( $fresh ), 'one still valid stays' );
	}

	public function test_the_cron_fallback_sends_the_workers_of_a_job_no_worker_moved_again(): void {
		$id = $this->upload( $this->make_jpeg( 300, 200 ), 'left-by-a-restart.jpg' );
		self::configure_guide_settings();
		$long_ago = time() - Sync_Job::STALE - 30;
		// A job as a server that stopped leaves it: running, no worker for longer than STALE.
		update_option(
			Sync_Job::OPTION,
			array(
				'state'   => 'running',
				'workers' => 1,
				'started' => $long_ago,
				'total'   => 1,
			),
			false
		);
		// No beat of an earlier test's workers may make the job look alive.
		for ( $slot = 0; $slot <= Sync_Job::MAX_WORKERS; $slot++ ) {
			delete_option( Sync_Job::BEAT_PREFIX . $slot );
		}
		update_option( Sync_Job::BEAT_PREFIX . '0', $long_ago, false );

		do_action( Sync_Job::CRON_HOOK );
		$this->assertGreaterThan( $long_ago, (int) $this->raw_option( Sync_Job::BEAT_PREFIX . '1' ), 'a worker was sent' );
		for ( $look = 0; $look < 180 && 'done' !== maybe_unserialize( (string) $this->raw_option( Sync_Job::OPTION ) )['state']; $look++ ) {
			sleep( 1 );
		}
		$this->assertSame( 'done', maybe_unserialize( (string) $this->raw_option( Sync_Job::OPTION ) )['state'] );
		wp_cache_delete( $id, 'post_meta' );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
	}
}
