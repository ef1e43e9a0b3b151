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
		delete_option( Bulk_Sync::HINT_OPTION );
		delete_option( Bulk_Sync::COUNT_OPTION );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Bulk_Sync::RUN_OPTION );
		delete_option( Bulk_Sync::HINT_OPTION );
		delete_option( Bulk_Sync::COUNT_OPTION );
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

	/**
	 * @param callable(): array<string, mixed> $step
	 * @return array{0: array<string, mixed>, 1: list<string>} The step's answer, and the queries it ran that contain `$needle` (default: those on the posts table as `p`).
	 */
	private function with_queries( callable $step, string $needle = '' ): array {
		global $wpdb;
		$seen   = array();
		$needle = '' === $needle ? "FROM {$wpdb->posts} p" : $needle;
		$watch  = static function ( string $sql ) use ( &$seen, $needle ): string {
			if ( str_contains( $sql, $needle ) ) {
				$seen[] = (string) preg_replace( '/\s+/', ' ', $sql );
			}
			return $sql;
		};
		add_filter( 'query', $watch );
		try {
			return array( $step(), $seen );
		} finally {
			remove_filter( 'query', $watch );
		}
	}

	public function test_each_batch_starts_where_the_run_got_to_and_counts_what_is_left_only_when_it_ran_dry_or_the_count_is_old(): void {
		$ids = $this->existing_library( 5 );

		list( $first, $queries ) = $this->with_queries( fn(): array => $this->batch( 2 ), 'SELECT' );
		$this->assertSame( array_slice( $ids, 0, 2 ), $first['processed'] );
		$this->assertSame( 3, $first['remaining'], 'no count of this run yet: counted now' );
		$this->assertNotSame( array(), preg_grep( '/COUNT\(/', $queries ), 'counted' );

		list( $second, $queries ) = $this->with_queries( fn(): array => $this->batch( 2 ), 'SELECT' );
		$this->assertSame( array_slice( $ids, 2, 2 ), $second['processed'] );
		$this->assertSame( 3, $second['remaining'], 'stopped at its limit: the run\'s count of a moment ago' );
		$this->assertSame( array(), preg_grep( '/COUNT\(/', $queries ), 'no count of every attachment' );
		$pages = array_values( preg_grep( '/ORDER BY p\.ID LIMIT/', $queries ) );
		$this->assertStringContainsString( 'p.ID > ' . $ids[1], $pages[0] ?? '', 'the page starts after what the run took, not at the first attachment' );

		// The count ages: the next batch that stops with work left counts again.
		update_option( Bulk_Sync::COUNT_OPTION, preg_replace( '/:\d+:/', ':' . ( time() - Bulk_Sync::COUNT_SECONDS - 1 ) . ':', (string) get_option( Bulk_Sync::COUNT_OPTION ) ), false );
		$third = $this->batch( 1 );
		$this->assertSame( array( $ids[4] ), $third['processed'] );
		$this->assertGreaterThanOrEqual( 1, $third['remaining'], 'stopped at its limit: never 0, it cannot know' );

		$last = $this->batch( 2 );
		$this->assertSame( array(), $last['processed'] );
		$this->assertSame( 0, $last['remaining'], 'ran dry: counted exactly, and the run ends' );
		$this->assertFalse( get_option( Bulk_Sync::RUN_OPTION ) );
		$this->assertFalse( get_option( Bulk_Sync::HINT_OPTION ) );
	}

	public function test_a_chunk_asks_who_records_its_files_once_and_marks_its_attachments_tried_at_once(): void {
		$ids = $this->existing_library( 4 );
		list( $answer, $owners ) = $this->with_queries( fn(): array => $this->batch( 10 ), 'SELECT post_id, meta_value FROM' );
		$this->assertSame( $ids, $answer['processed'] );
		$this->assertCount( 1, $owners, 'one owner lookup for the chunk\'s files (File_Index::owners_of()), not one a file' );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
			$this->assertSame( 0, count( get_post_meta( $id, Bulk_Sync::TRIED_META ) ), 'the run ended: its marks are gone' );
		}
		list( , $marks ) = $this->with_queries( fn(): array => $this->batch( 10 ), Bulk_Sync::TRIED_META );
		$this->assertSame( array(), preg_grep( '/^\s*INSERT/', $marks ), 'nothing left to try: nothing marked' );
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

	/**
	 * The copy job's shape: small chunks, many a batch. While a chunk's
	 * files go up, the next chunk is already claimed and its folder listed
	 * in the same pool, so no listing waits between two chunks' PUTs.
	 */
	public function test_the_next_chunk_is_claimed_and_its_folder_listed_while_this_chunk_uploads(): void {
		$ids   = $this->existing_library( 6 );
		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		$sync  = \S3MediaSync\Plugin::bulk_sync( \S3MediaSync\Plugin::offloader(), 16 );

		$answer = $sync->batch( 10, Attachment_Lock::TTL, null, 2 );

		$this->assertSame( $ids, $answer['processed'] );
		$this->assertSame( 0, $answer['remaining'] );
		$log   = $this->log_since( $since );
		$owner = array();
		foreach ( $ids as $index => $id ) {
			$state = Offload_State::of( $id );
			$this->assertSame( Offload_State::SYNCED, $state?->status );
			foreach ( $state->keys as $key ) {
				$owner[ '/' . self::run_state()['s3']['bucket'] . '/' . $key ] = intdiv( $index, 2 ); // Its chunk.
			}
		}
		$puts = array_values( array_filter( $log, static fn( array $entry ): bool => 'PUT' === $entry['method'] ) );
		$this->assertCount( count( $owner ), $puts, 'each file PUT once' );
		$this->assertSame( count( $owner ), count( array_unique( array_map( static fn( array $entry ): string => rawurldecode( (string) $entry['path'] ), $puts ) ) ) );
		$lists = array_values( array_filter( $log, static fn( array $entry ): bool => 'GET' === $entry['method'] && str_contains( (string) $entry['query'], 'list-type' ) ) );
		// Chunk 1 lists its folder; chunk 2's listing goes with chunk 1's PUTs; chunk 3 has no chunk after it to leave others, so it lists for itself.
		$this->assertCount( 3, $lists, 'one listing a chunk' );
		$last_of_first = max( array_map( static fn( array $entry ): int => (int) $entry['seq'], array_filter( $puts, static fn( array $entry ): bool => 0 === ( $owner[ rawurldecode( (string) $entry['path'] ) ] ?? -1 ) ) ) );
		$first_of_second = min( array_map( static fn( array $entry ): int => (int) $entry['seq'], array_filter( $puts, static fn( array $entry ): bool => 1 === ( $owner[ rawurldecode( (string) $entry['path'] ) ] ?? -1 ) ) ) );
		$this->assertLessThan( $last_of_first, (int) $lists[1]['seq'], 'the second chunk\'s listing went out among the first chunk\'s PUTs' );
		$this->assertGreaterThan( $last_of_first, $first_of_second, 'chunks still go one after another' );
		$between = array_filter( $lists, static fn( array $entry ): bool => (int) $entry['seq'] > $last_of_first && (int) $entry['seq'] < $first_of_second );
		$this->assertSame( array(), array_values( $between ), 'no listing between the two chunks\' PUTs' );
	}

	public function test_claims_taken_for_the_next_chunk_are_released_when_the_batch_stops_early(): void {
		global $wpdb;
		$ids   = $this->existing_library( 6 );
		$sync  = \S3MediaSync\Plugin::bulk_sync( \S3MediaSync\Plugin::offloader(), 16 );
		$calls = 0;

		// Paused after the first chunk, as the job's $go_on says.
		$answer = $sync->batch( 6, Attachment_Lock::TTL, static function () use ( &$calls ): bool {
			return 0 === $calls++;
		}, 2 );

		$this->assertSame( array_slice( $ids, 0, 2 ), $answer['processed'] );
		$this->assertGreaterThan( 0, $answer['remaining'] );
		$locks = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Attachment_Lock::PREFIX ) . '%' ) );
		$this->assertSame( array(), $locks, 'no claim left behind: the next chunk\'s were released' );
		foreach ( array_slice( $ids, 2 ) as $id ) {
			$this->assertFalse( Attachment_Lock::is_held_here( $id ) );
			$this->assertNull( Offload_State::of( $id ), 'claimed ahead, never started' );
		}
		$rest = $this->batch( 10 );
		$this->assertEqualsCanonicalizing( array_slice( $ids, 2 ), $rest['processed'], 'another batch takes them at once (those claimed ahead once it looks from the start again)' );
		$this->assertSame( 0, $rest['remaining'] );
	}

	public function test_the_last_attachments_of_a_run_are_shared_between_workers(): void {
		delete_option( Settings_Fields::OPTION );
		$ids = array();
		for ( $i = 0; $i < 2 * Bulk_Sync::TAIL + 5; $i++ ) {
			$ids[] = $this->upload( $this->make_jpeg( 60, 40 ), "tail-$i.jpg" ); // One file each: no size is smaller.
		}
		self::configure_guide_settings();
		$sync  = \S3MediaSync\Plugin::bulk_sync( \S3MediaSync\Plugin::offloader(), 16 );
		$calls = 0;
		$once  = static function () use ( &$calls ): bool {
			return 0 === $calls++;
		};

		// One worker's chunk, the job's way: fewer than a chunk are left, so it takes half.
		$first = $sync->batch( 100, Attachment_Lock::TTL, $once );
		$this->assertSame( array_slice( $ids, 0, Bulk_Sync::TAIL + 3 ), $first['processed'] );

		// The next worker finds the rest, too few to halve again.
		$calls  = 0;
		$second = $sync->batch( 100, Attachment_Lock::TTL, $once );
		$this->assertSame( array_slice( $ids, Bulk_Sync::TAIL + 3 ), $second['processed'] );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		}
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
