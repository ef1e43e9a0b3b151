<?php
/**
 * Offload_State::save_many(), the bulk copy's one-query write: it must leave
 * exactly the rows save() leaves, replace older ones, keep values verbatim,
 * and leave no stale cache behind.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Tests\TestCase;

final class OffloadStateSaveManyTest extends TestCase {

	/** @var list<int> */
	private array $posts = array();

	protected function tearDown(): void {
		foreach ( $this->posts as $id ) {
			wp_delete_post( $id, true );
		}
		parent::tearDown();
	}

	private function attachment(): int {
		$id = (int) wp_insert_attachment(
			array(
				'post_title'     => 'state',
				'post_mime_type' => 'image/jpeg',
			)
		);
		$this->assertGreaterThan( 0, $id );
		$this->posts[] = $id;
		return $id;
	}

	/** @return list<string> The attachment's values of one meta key, straight from the table. */
	private function rows( int $id, string $key ): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT meta_value FROM {$wpdb->postmeta} WHERE post_id = %d AND meta_key = %s", $id, $key ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}

	public function test_writes_the_rows_save_writes_and_replaces_older_ones(): void {
		$first  = $this->attachment();
		$second = $this->attachment();
		( new Offload_State( Offload_State::PENDING, 'old-bucket', 'private', array(), array( 'code' => 'SlowDown', 'message' => 'Reduce your request rate.' ), 2, 1234 ) )->save( $first );
		// Cached as pending: the write below must not leave this behind.
		$this->assertSame( Offload_State::PENDING, Offload_State::of( $first )?->status );

		$synced = new Offload_State( Offload_State::SYNCED, 'media', 'public-read', array( '2026/11/a.jpg' => 'wp-content/uploads/2026/11/a.jpg' ), null, 0, 0, 1700000000 );
		$failed = new Offload_State( Offload_State::FAILED, 'media', 'public-read', array(), array( 'code' => 'AccessDenied', 'message' => 'a\\b "quoted" <tag> ünïcode' ), 1, 1700000600, 1700000000 );
		$heard  = array();
		$listen = static function ( array $ids ) use ( &$heard ): void {
			$heard = $ids;
		};
		add_action( 's3_media_sync_states_saved', $listen );
		Offload_State::save_many(
			array(
				$first  => $synced,
				$second => $failed,
			)
		);
		remove_action( 's3_media_sync_states_saved', $listen );

		$this->assertSame( array( $first, $second ), $heard );
		$this->assertEquals( $synced, Offload_State::of( $first ) );
		$this->assertEquals( $failed, Offload_State::of( $second ) );
		$this->assertSame( 'a\\b "quoted" <tag> ünïcode', Offload_State::of( $second )?->error['message'] ?? null, 'stored verbatim, backslash included' );
		foreach ( array( Offload_State::META, Offload_State::STATUS_META ) as $key ) {
			$this->assertCount( 1, $this->rows( $first, $key ), "one $key row, the old one replaced" );
			$this->assertCount( 1, $this->rows( $second, $key ), "one $key row" );
		}
		$this->assertSame( array( 'synced' ), $this->rows( $first, Offload_State::STATUS_META ) );
		$this->assertSame( array(), $this->rows( $first, Offload_State::NEXT_META ), 'a synced attachment keeps no next attempt (the retry job reads only those waiting)' );
		$this->assertSame( array( 'failed' ), $this->rows( $second, Offload_State::STATUS_META ) );
		$this->assertSame( array( '1700000600' ), $this->rows( $second, Offload_State::NEXT_META ) );
	}

	public function test_rows_match_what_save_writes(): void {
		$one   = $this->attachment();
		$other = $this->attachment();
		$state = new Offload_State( Offload_State::PENDING, 'media', 'private', array( '2026/11/b.pdf' => 'wp-content/uploads/2026/11/b.pdf' ), array( 'code' => 'InternalError', 'message' => 'C:\\temp\\b.pdf: We encountered an internal error.' ), 3, 1700001000, 1700000000 );
		$state->save( $one );
		Offload_State::save_many( array( $other => $state ) );
		foreach ( array( Offload_State::META, Offload_State::STATUS_META, Offload_State::NEXT_META ) as $key ) {
			$this->assertSame( $this->rows( $one, $key ), $this->rows( $other, $key ), "$key as save() writes it" );
		}
		$this->assertEquals( $state, Offload_State::of( $one ), 'save() keeps backslashes too' );
	}

	public function test_nothing_to_save_changes_nothing(): void {
		global $wpdb;
		$before = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->postmeta}" ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
		Offload_State::save_many( array() );
		$this->assertSame( $before, (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->postmeta}" ) ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery
	}
}
