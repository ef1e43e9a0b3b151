<?php
/**
 * "Bring files back" (Bring_Back, POST /local-copies/batch): files Remove
 * local copies deleted come back from S3 with exactly the bytes S3 confirmed,
 * the count the warnings use drops to what it was, a second run writes
 * nothing, an object whose bytes changed behind the plugin's back is
 * reported and not written, a run resumes from its place, and the run is
 * refused while Remove local copies is on or the input is bad.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Sync;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class BringBackTest extends TestCase {

	use Creates_Attachments;

	private const BATCH = '/s3-media-sync/v1/local-copies/batch';

	/** Attachments missing files before the test (left by other suites on the shared site). */
	private int $baseline = 0;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		delete_option( Bring_Back::RUN_OPTION );
		$this->baseline = Bring_Back::missing();
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Bring_Back::RUN_OPTION );
		parent::tearDown();
	}

	/** An image uploaded with Remove local copies on: every file only in S3. */
	private function removed_upload( string $name ): int {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id    = $this->upload( $this->make_jpeg( 1200, 800 ), $name );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $state?->status );
		$this->assertGreaterThan( 3, count( $state->local_removed ) );
		foreach ( $state->local_removed as $file ) {
			$this->assertFileDoesNotExist( $this->path( $file ) );
		}
		return $id;
	}

	private function path( string $relative ): string {
		return wp_get_upload_dir()['basedir'] . '/' . $relative;
	}

	/** @return array<string, mixed> POST /local-copies/batch's answer. */
	private function batch( int $limit ): array {
		$response = $this->rest( 'POST', self::BATCH, array( 'limit' => $limit ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return $response->get_data();
	}

	/** @return array{restored: int, failed: list<array<string, mixed>>} The whole run, batch after batch. */
	private function run_to_the_end( int $limit = 100 ): array {
		$restored = 0;
		$failed   = array();
		do {
			$answer    = $this->batch( $limit );
			$restored += $answer['restored'];
			array_push( $failed, ...$answer['failed'] );
		} while ( $answer['remaining'] > 0 );
		return array(
			'restored' => $restored,
			'failed'   => $failed,
		);
	}

	public function test_removed_files_come_back_with_the_recorded_bytes_and_a_second_run_writes_nothing(): void {
		$id    = $this->removed_upload( 'bring-back.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( $this->baseline + 1, Bring_Back::missing() );
		$this->assertSame( array( 'missing' => $this->baseline + 1 ), $this->rest( 'GET', '/s3-media-sync/v1/local-copies' )->get_data() );

		// While the setting is on, the next upload would delete them again: refused, nothing written.
		$refused = $this->rest( 'POST', self::BATCH, array( 'limit' => 10 ) );
		$this->assertSame( 409, $refused->get_status() );
		$this->assertSame( 's3_media_sync_remove_local_copies_on', $refused->get_data()['code'] );
		$this->assertStringContainsString( 'Turn it off', $refused->get_data()['message'] );
		$this->assertFileDoesNotExist( (string) get_attached_file( $id ) );
		$this->assertFalse( get_option( Bring_Back::RUN_OPTION ) );

		self::configure_guide_settings( array( 'remove_local_copies' => false ) );
		$run = $this->run_to_the_end();
		$this->assertSame( array(), $run['failed'] );
		$this->assertGreaterThanOrEqual( count( $state->local_removed ), $run['restored'] );
		foreach ( $state->local_removed as $file ) {
			$this->assertFileExists( $this->path( $file ) );
			$this->assertSame( $state->md5[ $file ], md5_file( $this->path( $file ) ), $file );
		}
		$this->assertSame( array(), Offload_State::of( $id )?->local_removed );
		$this->assertSame( $this->baseline, Bring_Back::missing() );
		$this->assertFalse( get_option( Bring_Back::RUN_OPTION ), 'a finished run starts over next time' );

		$again = $this->run_to_the_end();
		$this->assertSame( 0, $again['restored'] );
		$this->assertSame( array(), $again['failed'] );
	}

	public function test_an_object_changed_behind_the_plugins_back_is_reported_and_not_written(): void {
		$id      = $this->removed_upload( 'tampered.jpg' );
		$state   = Offload_State::of( $id );
		$file    = (string) array_key_first( $state->keys );
		$this->bucket_owner()->put_object( $state->keys[ $file ], 'not the photo', 'image/jpeg' );
		self::configure_guide_settings( array( 'remove_local_copies' => false ) );

		$run  = $this->run_to_the_end();
		$mine = array_values( array_filter( $run['failed'], static fn( array $failure ): bool => $id === $failure['id'] ) );
		$this->assertCount( 1, $mine );
		$this->assertSame( $file, $mine[0]['file'] );
		$this->assertSame( 'ChecksumMismatch', $mine[0]['code'] );
		$this->assertFileDoesNotExist( $this->path( $file ) );
		$this->assertSame( array(), glob( dirname( $this->path( $file ) ) . '/*.tmp' ), 'no temporary file left behind' );
		foreach ( array_diff( $state->local_removed, array( $file ) ) as $other ) {
			$this->assertSame( $state->md5[ $other ], md5_file( $this->path( $other ) ), $other );
		}
		// Still missing, still counted: the warnings stay until it is really back.
		$this->assertSame( array( $file ), Offload_State::of( $id )?->local_removed );
		$this->assertSame( $this->baseline + 1, Bring_Back::missing() );
	}

	public function test_a_run_resumes_where_it_stopped_one_attachment_a_batch(): void {
		$first  = $this->removed_upload( 'resume-a.jpg' );
		$second = $this->removed_upload( 'resume-b.jpg' );
		self::configure_guide_settings( array( 'remove_local_copies' => false ) );

		$seen = array();
		do {
			$answer = $this->batch( 1 );
			$this->assertLessThanOrEqual( 1, count( $answer['processed'] ) );
			array_push( $seen, ...$answer['processed'] );
			if ( array( $first ) === $answer['processed'] ) {
				// Between two requests: the first is back, the second still only in S3.
				$this->assertFileExists( (string) get_attached_file( $first ) );
				$this->assertFileDoesNotExist( (string) get_attached_file( $second ) );
				$this->assertSame( $first, get_option( Bring_Back::RUN_OPTION )['cursor'] );
			}
		} while ( $answer['remaining'] > 0 );
		$this->assertSame( $seen, array_values( array_unique( $seen ) ), 'each attachment once' );
		$sorted = $seen;
		sort( $sorted );
		$this->assertSame( $sorted, $seen, 'in ID order' );
		$this->assertContains( $first, $seen );
		$this->assertContains( $second, $seen );
		$this->assertFileExists( (string) get_attached_file( $second ) );
	}

	public function test_bad_input_is_refused_and_changes_nothing(): void {
		$id = $this->removed_upload( 'hostile.jpg' );
		self::configure_guide_settings( array( 'remove_local_copies' => false ) );
		foreach ( array( 0, 101, 'abc', -5, array( 1 ), 2.5 ) as $limit ) {
			$response = $this->rest( 'POST', self::BATCH, array( 'limit' => $limit ) );
			$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $limit ) );
			$this->assertArrayHasKey( 'limit', $response->get_data()['data']['params'] );
		}
		foreach ( array( '{"limt": 5}', '{"limit": 5, "id": 3}', '[5]', '"abc"' ) as $body ) {
			$this->assertSame( 400, $this->rest( 'POST', self::BATCH, $body )->get_status(), $body );
		}
		$this->assertSame( 400, $this->rest( 'GET', '/s3-media-sync/v1/local-copies', '{"missing": 0}' )->get_status() );
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->rest( 'POST', self::BATCH, array( 'limit' => 5 ) )->get_status() );
		$this->assertSame( 401, $this->rest( 'GET', '/s3-media-sync/v1/local-copies' )->get_status() );
		$this->act_as( 'editor' );
		$this->assertSame( 403, $this->rest( 'POST', self::BATCH, array( 'limit' => 5 ) )->get_status() );

		$this->assertFileDoesNotExist( (string) get_attached_file( $id ) );
		$this->assertFalse( get_option( Bring_Back::RUN_OPTION ) );
		$this->assertSame( $this->baseline + 1, Bring_Back::missing() );
	}
}
