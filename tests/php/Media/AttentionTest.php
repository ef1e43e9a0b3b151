<?php
/**
 * Failure that is bounded and visible: each queued deletion is a row of its
 * own (two requests never overwrite each other's), backoff never waits more
 * than a day, and what keeps failing is listed in GET /attention and Site
 * Health until "Retry now" (POST /attention/retry) gets it through.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Admin\Attention_Health_Test;
use S3MediaSync\Media\Backoff;
use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\Tests\Cli\Cli_Error;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class AttentionTest extends Media_Test_Case {

	public function test_two_requests_queuing_deletions_at_once_keep_both(): void {
		$first  = new Deletion_Queue();
		$second = new Deletion_Queue();
		// Another request queues its deletion while this one is between reading and writing the queue.
		$interleaved = false;
		$interleave  = static function ( mixed $value, string $option ) use ( &$interleaved, $second ): mixed {
			if ( ! $interleaved && str_starts_with( $option, Deletion_Queue::OPTION ) ) {
				$interleaved = true;
				$second->add( 'media-bucket', 'wp-content/uploads/2026/11/a.jpg', 'InternalError' );
			}
			return $value;
		};
		add_filter( 'pre_update_option', $interleave, 10, 2 );
		try {
			$first->add( 'media-bucket', 'wp-content/uploads/2026/11/b.jpg', 'InternalError' );
		} finally {
			remove_filter( 'pre_update_option', $interleave, 10 );
		}
		$this->assertTrue( $interleaved );
		$keys = array_column( ( new Deletion_Queue() )->all(), 'key' );
		sort( $keys );
		$this->assertSame( array( 'wp-content/uploads/2026/11/a.jpg', 'wp-content/uploads/2026/11/b.jpg' ), $keys );
		$first->remove( 'media-bucket', 'wp-content/uploads/2026/11/a.jpg' );
		$this->assertSame( array( 'wp-content/uploads/2026/11/b.jpg' ), array_column( $second->all(), 'key' ) );
	}

	public function test_backoff_doubles_from_a_minute_and_never_waits_more_than_a_day(): void {
		$now      = 1_800_000_000;
		$previous = 0;
		for ( $attempts = 1; $attempts <= 40; $attempts++ ) {
			$wait = Backoff::next_attempt( $attempts, $now ) - $now;
			$this->assertGreaterThanOrEqual( 45, $wait, "attempt $attempts" );
			$this->assertLessThanOrEqual( 86400, $wait, "attempt $attempts waits at most a day" );
			$previous = max( $previous, $wait );
		}
		$this->assertGreaterThan( 43200, $previous, 'the longest waits come close to a day' );
	}

	public function test_what_keeps_failing_is_listed_until_retry_now_gets_it_through(): void {
		self::configure_guide_settings();
		$kept    = $this->upload( $this->make_jpeg( 400, 300 ), 'attention-upload.jpg' );
		$deleted = $this->upload( $this->make_jpeg( 400, 300 ), 'attention-delete.jpg' );
		$keys    = array_values( (array) Offload_State::of( $deleted )?->keys );
		$this->assertNotSame( array(), $keys );

		// S3 goes away: the deletion is queued, and the upload fails three times.
		self::front( 'POST', '/down' );
		wp_delete_attachment( $deleted, true );
		$offloader = Plugin::offloader();
		$this->assertNotNull( $offloader );
		Offload_State::forget( $kept );
		for ( $i = 0; $i < 3; $i++ ) {
			$offloader->offload( $kept );
		}
		$this->assertSame( 3, Offload_State::of( $kept )?->attempts );
		$queue = new Deletion_Queue();
		foreach ( $queue->all() as $entry ) {
			$queue->add( $entry['bucket'], $entry['key'], $entry['error'], 3 );
		}

		$listed = $this->rest( 'GET', '/s3-media-sync/v1/attention' )->get_data();
		$this->assertSame( 1, $listed['uploads'] );
		$this->assertSame( count( array_unique( $keys ) ), $listed['deletions'] );
		$this->assertSame( count( array_unique( $keys ) ), count( $listed['deletion_failures'] ) );
		$health = ( new Attention_Health_Test( Plugin::attention() ) )->result();
		$this->assertSame( 'recommended', $health['status'] );
		$this->assertStringContainsString( 'keep failing', $health['label'] );

		$command = Plugin::cli_command( $offloader );
		try {
			$command->attention( array(), array() );
			$this->fail( 'wp s3-media-sync attention said nothing needs attention' );
		} catch ( Cli_Error $error ) {
			$this->assertStringContainsString( '1 uploads and ' . count( array_unique( $keys ) ) . ' deletions need attention', $error->getMessage() );
		}

		self::front( 'POST', '/up' );
		$after = $this->rest( 'POST', '/s3-media-sync/v1/attention/retry' )->get_data();
		$this->assertSame( 0, $after['waiting']['uploads'] );
		$this->assertSame( 0, $after['waiting']['deletions'] );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $kept )?->status );
		$owner = $this->bucket_owner();
		foreach ( $keys as $key ) {
			$this->assertSame( 404, $owner->get_object( $key )->status, "$key is gone" );
		}
		$this->assertSame( 'good', ( new Attention_Health_Test( Plugin::attention() ) )->result()['status'] );
		\WP_CLI::$lines = array();
		$command->attention( array(), array() );
		$this->assertStringContainsString( 'Nothing needs attention', (string) end( \WP_CLI::$lines )[1] );
	}
}
