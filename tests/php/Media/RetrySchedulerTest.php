<?php
/**
 * The retry job's queue: only attachments not in S3 keep a next-attempt
 * row, so due() reads those and no others; tidy() removes the rows that
 * synced attachments kept from before. (How many rows MariaDB reads for
 * these queries: tests/stress/query-shapes.spec.ts.)
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Retry_Scheduler;
use S3MediaSync\Plugin;
use S3MediaSync\Tests\TestCase;

final class RetrySchedulerTest extends TestCase {

	/** @var list<int> */
	private array $posts = array();

	protected function setUp(): void {
		parent::setUp();
		delete_option( Retry_Scheduler::TIDIED_OPTION );
	}

	protected function tearDown(): void {
		foreach ( $this->posts as $id ) {
			wp_delete_post( $id, true );
		}
		delete_option( Retry_Scheduler::TIDIED_OPTION );
		parent::tearDown();
	}

	private function attachment( string $status, int $next ): int {
		$id = (int) wp_insert_attachment(
			array(
				'post_title'     => 'retry',
				'post_mime_type' => 'image/jpeg',
			)
		);
		$this->assertGreaterThan( 0, $id );
		$this->posts[] = $id;
		( new Offload_State( $status, 'media', 'private', array(), null, 1, $next ) )->save( $id );
		return $id;
	}

	/** @return list<int> */
	private function due_of_mine( int $now ): array {
		return array_values( array_intersect( Plugin::services()->scheduler->due( $now, 1000 ), $this->posts ) );
	}

	public function test_due_lists_waiting_attachments_whose_time_has_come_in_id_order(): void {
		$now     = 1700000000;
		$failed  = $this->attachment( Offload_State::FAILED, $now - 10 );
		$later   = $this->attachment( Offload_State::PENDING, $now + 600 );
		$pending = $this->attachment( Offload_State::PENDING, 0 );
		$synced  = $this->attachment( Offload_State::SYNCED, 0 );
		$trashed = $this->attachment( Offload_State::FAILED, $now - 10 );
		wp_trash_post( $trashed );

		$this->assertSame( array( $failed, $pending ), $this->due_of_mine( $now ) );
		$this->assertSame( array( $failed, $later, $pending ), $this->due_of_mine( $now + 600 ) );
		$this->assertSame( '', get_post_meta( $synced, Offload_State::NEXT_META, true ), 'no next attempt kept once synced' );
	}

	public function test_an_attachment_that_becomes_synced_leaves_the_queue(): void {
		$id = $this->attachment( Offload_State::FAILED, 5 );
		$this->assertSame( array( $id ), $this->due_of_mine( 10 ) );
		( new Offload_State( Offload_State::SYNCED, 'media', 'private' ) )->save( $id );
		$this->assertSame( array(), $this->due_of_mine( 10 ) );
		$this->assertSame( array(), get_post_meta( $id, Offload_State::NEXT_META ) );
	}

	public function test_tidy_removes_the_next_attempt_rows_synced_attachments_kept_from_before(): void {
		$old     = $this->attachment( Offload_State::SYNCED, 0 );
		$waiting = $this->attachment( Offload_State::PENDING, 0 );
		add_post_meta( $old, Offload_State::NEXT_META, '0' ); // What save() wrote before.

		$this->assertFalse( Retry_Scheduler::tidy( 1 ), 'one row a call: not done yet' );
		$this->assertSame( array(), get_post_meta( $old, Offload_State::NEXT_META ), 'removed, the cache too' );
		$this->assertSame( array( '0' ), get_post_meta( $waiting, Offload_State::NEXT_META ), 'a waiting attachment keeps its own' );
		$this->assertTrue( Retry_Scheduler::tidy( 1 ) );
		$this->assertSame( 'done', get_option( Retry_Scheduler::TIDIED_OPTION ) );
		add_post_meta( $old, Offload_State::NEXT_META, '0' );
		$this->assertTrue( Retry_Scheduler::tidy( 1 ), 'done stays done: no query over the records again' );
		$this->assertSame( array( '0' ), get_post_meta( $old, Offload_State::NEXT_META ) );
	}
}
