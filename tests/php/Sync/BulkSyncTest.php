<?php
/**
 * Copying media that existed before the plugin: the batch loop brings every
 * attachment to synced, a run always ends, objects already in S3 are not
 * sent again, and an outage halfway marks nothing synced that is not there.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Sync;

use S3MediaSync\Media\Attachment_Lock;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class BulkSyncTest extends TestCase {

	use Creates_Attachments;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		delete_option( Bulk_Sync::RUN_OPTION );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Bulk_Sync::RUN_OPTION );
		parent::tearDown();
	}

	/** @return list<int> Attachments made while the plugin had no settings. */
	private function existing_library( int $count ): array {
		delete_option( Settings_Fields::OPTION );
		$ids = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$ids[] = $this->upload( $this->make_jpeg( 320, 240 ), "existing-$i.jpg" );
		}
		foreach ( $ids as $id ) {
			$this->assertNull( Offload_State::of( $id ), 'not offloaded before the plugin was configured' );
		}
		self::configure_guide_settings();
		return $ids;
	}

	/** @return array<string, mixed> */
	private function batch( int $limit ): array {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/sync/batch', array( 'limit' => $limit ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	/** @return list<array<string, mixed>> The front's log since `$since`. */
	private function log_since( int $since ): array {
		return self::front( 'GET', '/log?since=' . $since )['entries'];
	}

	public function test_the_batch_loop_brings_every_attachment_to_synced_and_ends(): void {
		$ids    = $this->existing_library( 7 );
		$before = $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data();
		$this->assertGreaterThanOrEqual( 7, $before['pending'] );

		$processed = array();
		for ( $round = 0; $round < 20; $round++ ) {
			$answer    = $this->batch( 3 );
			$processed = array_merge( $processed, $answer['processed'] );
			$this->assertLessThanOrEqual( 3, count( $answer['processed'] ) );
			if ( 0 === $answer['remaining'] ) {
				break;
			}
		}
		$this->assertSame( 0, $answer['remaining'], 'the run ended' );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status, "attachment $id" );
			$this->assertContains( $id, $processed );
		}
		$this->assertSame( count( $processed ), count( array_unique( $processed ) ), 'each attachment once a run' );
		$after = $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data();
		$this->assertSame( 0, $after['pending'] );
		$this->assertSame( $after['total'], $after['synced'] + $after['failed'] );
	}

	public function test_objects_already_in_s3_are_not_sent_again(): void {
		$ids = $this->existing_library( 2 );
		$this->batch( 10 );
		// Forget the record, as if the run had been interrupted after the uploads.
		Offload_State::forget( $ids[0] );
		$since  = (int) self::front( 'GET', '/state' )['lastSeq'];
		$answer = $this->batch( 10 );
		$this->assertSame( array( $ids[0] ), $answer['processed'] );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $ids[0] )?->status );
		$puts = array_filter( $this->log_since( $since ), static fn( array $entry ): bool => 'PUT' === $entry['method'] );
		$this->assertSame( array(), array_values( $puts ), 'identical objects are skipped' );
		$lists = array_filter( $this->log_since( $since ), static fn( array $entry ): bool => 'GET' === $entry['method'] && str_contains( (string) $entry['query'], 'list-type' ) );
		$this->assertCount( 1, $lists, 'one listing for the folder, not a request per file' );
	}

	public function test_an_outage_halfway_marks_nothing_synced_that_is_not_in_s3(): void {
		$ids   = $this->existing_library( 4 );
		$first = $this->batch( 2 );
		$this->assertCount( 2, $first['processed'] );
		self::front( 'POST', '/down' );
		$second = $this->batch( 10 );
		$this->assertSame( 0, $second['remaining'], 'the run still ends' );
		$this->assertNotSame( array(), $second['failed'] );
		foreach ( $second['failed'] as $failure ) {
			$this->assertNotSame( Offload_State::SYNCED, Offload_State::of( $failure['id'] )?->status );
			$this->assertNotSame( '', $failure['code'] );
		}
		self::front( 'POST', '/up' );
		$third = $this->batch( 10 );
		$this->assertSame( 0, $third['remaining'] );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		}
	}

	/** A claim another worker holds, written as that worker's process writes it. */
	private function claim_elsewhere( int $id, int $expires ): void {
		global $wpdb;
		$wpdb->insert(
			$wpdb->options,
			array(
				'option_name'  => Attachment_Lock::PREFIX . $id,
				'option_value' => $expires . ':elsewhere',
				'autoload'     => 'off',
			)
		);
	}

	public function test_an_attachment_another_worker_claimed_is_left_to_it_and_its_expired_claim_is_taken_over(): void {
		$ids = $this->existing_library( 3 );
		$this->claim_elsewhere( $ids[1], time() + 300 );
		$this->claim_elsewhere( $ids[2], time() - 1 ); // A worker killed mid-batch: its claim has expired.

		$first = $this->batch( 10 );
		$this->assertSame( array( $ids[0], $ids[2] ), $first['processed'] );
		$this->assertSame( 1, $first['remaining'], 'the claimed attachment is still to do in this run' );
		$this->assertNull( Offload_State::of( $ids[1] ), 'not touched under another worker\'s claim' );
		$this->assertFalse( get_option( Attachment_Lock::PREFIX . $ids[2] ), 'the claim taken over is released' );

		delete_option( Attachment_Lock::PREFIX . $ids[1] ); // That worker ends without recording it (killed).
		$second = $this->batch( 10 );
		$this->assertSame( array( $ids[1] ), $second['processed'] );
		$this->assertSame( 0, $second['remaining'] );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		}
		$this->assertFalse( get_option( Bulk_Sync::RUN_OPTION ), 'the run is over' );
	}

	public function test_bad_limits_and_ids_are_refused(): void {
		foreach ( array( 0, 101, 'abc', -5, array( 1 ) ) as $limit ) {
			$response = $this->rest( 'POST', '/s3-media-sync/v1/sync/batch', array( 'limit' => $limit ) );
			$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $limit ) );
			$this->assertArrayHasKey( 'limit', $response->get_data()['data']['params'] );
		}
		$this->assertSame( 404, $this->rest( 'POST', '/s3-media-sync/v1/attachments/999999/retry' )->get_status() );
		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_status() );
		$this->assertSame( 403, $this->rest( 'POST', '/s3-media-sync/v1/sync/batch', array( 'limit' => 1 ) )->get_status() );
	}

	public function test_retry_brings_a_failed_attachment_to_synced(): void {
		self::configure_guide_settings();
		self::front( 'POST', '/down' );
		$id = $this->upload( $this->make_jpeg( 320, 240 ), 'retry-me.jpg' );
		$this->assertSame( Offload_State::PENDING, Offload_State::of( $id )?->status );
		self::front( 'POST', '/up' );
		$response = $this->rest( 'POST', "/s3-media-sync/v1/attachments/$id/retry" );
		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 'synced', $response->get_data()['status'] );
	}
}
