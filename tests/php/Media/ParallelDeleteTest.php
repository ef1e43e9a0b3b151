<?php
/**
 * Deleting an image deletes its original and every size at once, not one
 * after another: with each DELETE held 1.5 s by the S3 front, every one of
 * them is still in flight when the last one starts (their intervals in
 * the front's log overlap). Whatever S3 refuses is queued, also in
 * parallel.
 *
 * @package S3MediaSync\Tests
 * @group s3
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Offload_State;

final class ParallelDeleteTest extends Media_Test_Case {

	/** @return list<array{start: float, end: float, status: int}> The DELETEs the front saw since `$since`. */
	private static function deletes( int $since ): array {
		$log = self::front( 'GET', '/log?since=' . $since );
		$out = array();
		foreach ( (array) $log['entries'] as $entry ) {
			if ( 'DELETE' === $entry['method'] ) {
				$start = (float) strtotime( (string) $entry['time'] ) + (float) ( '0.' . ( explode( '.', rtrim( (string) $entry['time'], 'Z' ) )[1] ?? '0' ) );
				$out[] = array(
					'start'  => $start,
					'end'    => $start + (int) $entry['durationMs'] / 1000,
					'status' => (int) $entry['status'],
				);
			}
		}
		return $out;
	}

	public function test_an_image_and_its_sizes_are_deleted_at_once(): void {
		self::configure_guide_settings();
		$id    = $this->upload( $this->make_jpeg( 1600, 1000 ), 'parallel-delete.jpg' );
		$state = Offload_State::of( $id );
		$this->assertSame( Offload_State::SYNCED, $state?->status );
		$files = count( $state->keys );
		$this->assertGreaterThanOrEqual( 5, $files );

		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		self::front(
			'POST',
			'/faults',
			array(
				'stallRate' => 1,
				'stallMs'   => 1500,
				'methods'   => array( 'DELETE' ),
			)
		);
		wp_delete_attachment( $id, true );
		self::front( 'POST', '/faults', array() );

		$deletes = self::deletes( $since );
		$this->assertCount( $files, $deletes, 'one DELETE per object' );
		$this->assertSame( array_fill( 0, $files, 204 ), array_column( $deletes, 'status' ) );
		$last_start  = max( array_column( $deletes, 'start' ) );
		$first_end   = min( array_column( $deletes, 'end' ) );
		$this->assertLessThan( $first_end, $last_start, 'the last DELETE started before the first one was answered' );
		$this->assertSame( 0, ( new Deletion_Queue() )->count() );
		foreach ( $state->keys as $key ) {
			$this->assertNotInstanceOf( \S3MediaSync\S3\S3_Response::class, $this->bucket_owner()->get_object( $key ), $key );
		}
	}

	public function test_deletions_s3_refuses_are_queued_and_retried(): void {
		self::configure_guide_settings();
		$id    = $this->upload( $this->make_jpeg( 1200, 800 ), 'refused-delete.jpg' );
		$state = Offload_State::of( $id );
		$this->assertNotNull( $state );
		self::front( 'POST', '/down' );
		wp_delete_attachment( $id, true );
		self::front( 'POST', '/up' );
		$queue = new Deletion_Queue();
		$this->assertSame( count( $state->keys ), $queue->count(), 'every refused key queued' );
		foreach ( $state->keys as $key ) {
			$this->assertInstanceOf( \S3MediaSync\S3\S3_Response::class, $this->bucket_owner()->get_object( $key ), $key . ' still in S3' );
		}

		// Later, when the retry job finds them due: sent again, all at once, and the queue empties.
		global $wpdb;
		$names = $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Deletion_Queue::OPTION . '_' ) . '%' ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		foreach ( $names as $name ) {
			$entry                 = get_option( $name );
			$entry['next_attempt'] = time() - 1;
			update_option( $name, $entry, false );
		}
		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		$this->assertSame( 0, \S3MediaSync\Plugin::services()->deleter->retry_due() );
		$this->assertSame( 0, $queue->count() );
		$this->assertCount( count( $state->keys ), self::deletes( $since ) );
		foreach ( $state->keys as $key ) {
			$this->assertNotInstanceOf( \S3MediaSync\S3\S3_Response::class, $this->bucket_owner()->get_object( $key ), $key );
		}
	}
}
