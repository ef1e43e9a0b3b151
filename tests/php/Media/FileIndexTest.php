<?php
/**
 * File_Index: each recorded file has a row under its own key, so "who
 * records this file?" reads that key alone (how many rows MariaDB reads:
 * tests/stress/query-shapes.spec.ts); records older than those keys are
 * found the old way until migrate() has given them theirs; the rows go with
 * the record, and neither export nor import carries them.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Export_Import_Guard;
use S3MediaSync\Media\File_Index;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Serving\File_Owners;
use S3MediaSync\Tests\TestCase;

final class FileIndexTest extends TestCase {

	/** @var list<int> */
	private array $posts = array();

	private mixed $migrated = false;

	protected function setUp(): void {
		parent::setUp();
		$this->migrated = get_option( File_Index::MIGRATED_OPTION );
	}

	protected function tearDown(): void {
		foreach ( $this->posts as $id ) {
			wp_delete_post( $id, true );
		}
		update_option( File_Index::MIGRATED_OPTION, $this->migrated, false );
		parent::tearDown();
	}

	private function attachment( string ...$files ): int {
		$id = (int) wp_insert_attachment(
			array(
				'post_title'     => 'indexed',
				'post_mime_type' => 'image/jpeg',
			)
		);
		$this->assertGreaterThan( 0, $id );
		$this->posts[] = $id;
		$keys          = array();
		foreach ( $files as $file ) {
			$keys[ $file ] = 'wp-content/uploads/' . $file;
		}
		( new Offload_State( Offload_State::SYNCED, 'media', 'public-read', $keys ) )->save( $id );
		return $id;
	}

	/** @return list<string> The attachment's meta keys that belong to the index. */
	private function index_keys( int $id ): array {
		$keys = array_values( array_filter( array_map( 'strval', array_keys( (array) get_post_meta( $id ) ) ), array( File_Index::class, 'is_key' ) ) );
		sort( $keys );
		return $keys;
	}

	public function test_each_file_has_a_row_under_its_own_key_and_the_record_takes_them_along(): void {
		$id = $this->attachment( '2026/11/a.jpg', '2026/11/a-150x150.jpg' );
		$this->assertSame( $this->sorted( array( File_Index::META, File_Index::key( '2026/11/a-150x150.jpg' ), File_Index::key( '2026/11/a.jpg' ) ) ), array_values( array_unique( $this->index_keys( $id ) ) ) );
		$this->assertCount( 2, get_post_meta( $id, File_Index::META ), 'one row a file under the shared key' );
		$this->assertSame( array( '2026/11/a.jpg' ), get_post_meta( $id, File_Index::key( '2026/11/a.jpg' ) ) );

		( new Offload_State( Offload_State::SYNCED, 'media', 'public-read', array( '2026/11/b.jpg' => 'wp-content/uploads/2026/11/b.jpg' ) ) )->save( $id );
		$this->assertSame( $this->sorted( array( File_Index::META, File_Index::key( '2026/11/b.jpg' ) ) ), array_values( array_unique( $this->index_keys( $id ) ) ), 'the old files\' keys are gone' );

		Offload_State::forget( $id );
		$this->assertSame( array(), $this->index_keys( $id ) );
	}

	/**
	 * @param list<string> $keys Keys.
	 * @return list<string>
	 */
	private function sorted( array $keys ): array {
		sort( $keys );
		return $keys;
	}

	public function test_save_many_writes_the_same_rows_as_save(): void {
		$one   = $this->attachment( '2026/11/c.jpg' );
		$other = (int) wp_insert_attachment( array( 'post_title' => 'many', 'post_mime_type' => 'image/jpeg' ) );
		$this->posts[] = $other;
		Offload_State::save_many( array( $other => Offload_State::of( $one ) ) );
		$this->assertSame( $this->index_keys( $one ), $this->index_keys( $other ) );
		$this->assertSame( get_post_meta( $one, File_Index::key( '2026/11/c.jpg' ) ), get_post_meta( $other, File_Index::key( '2026/11/c.jpg' ) ) );
		Offload_State::save_many( array( $other => new Offload_State( Offload_State::SYNCED, 'media', 'public-read', array( '2026/11/d.jpg' => 'wp-content/uploads/2026/11/d.jpg' ) ) ) );
		$this->assertSame( $this->sorted( array( File_Index::META, File_Index::key( '2026/11/d.jpg' ) ) ), array_values( array_unique( $this->index_keys( $other ) ) ), 'the older rows replaced' );
	}

	public function test_owners_are_found_by_key_once_migrated_and_the_old_way_before(): void {
		update_option( File_Index::MIGRATED_OPTION, 'done', false );
		$first  = $this->attachment( '2026/11/shared.jpg', '2026/11/own.jpg' );
		$second = $this->attachment( '2026/11/shared.jpg' );
		$this->assertSame( array( $second ), File_Index::other_owners( '2026/11/shared.jpg', $first ) );
		$this->assertSame( array(), File_Index::other_owners( '2026/11/own.jpg', $first ) );
		$this->assertSame(
			array(
				'2026/11/shared.jpg' => array( $first, $second ),
				'2026/11/none.jpg'   => array(),
			),
			( new File_Owners() )->of( array( '2026/11/shared.jpg', '2026/11/none.jpg' ) )
		);

		// A record older than the keys: only its `_s3_media_sync_file` row.
		$old = $this->attachment( '2026/11/old.jpg' );
		delete_post_meta( $old, File_Index::key( '2026/11/old.jpg' ) );
		delete_option( File_Index::MIGRATED_OPTION );
		$this->assertSame( array( $old ), File_Index::other_owners( '2026/11/old.jpg', 0 ), 'found the old way until migrated' );
		while ( ! File_Index::migrate( 1000 ) ) {
			continue;
		}
		$this->assertSame( array( '2026/11/old.jpg' ), get_post_meta( $old, File_Index::key( '2026/11/old.jpg' ) ), 'migrate() gave it its key' );
		$this->assertSame( array( $old ), File_Index::other_owners( '2026/11/old.jpg', 0 ), 'and the key finds it' );
	}

	public function test_names_in_a_folder_are_one_range_of_keys_once_migrated_and_found_the_old_way_before(): void {
		update_option( File_Index::MIGRATED_OPTION, 'done', false );
		$long = str_repeat( 'ü', 150 ); // Longer than the part of a key the meta_key index covers.
		$this->attachment( '2026/11/report.pdf', '2026/11/report-1.pdf', '2026/11/sub/report.pdf', '2026/12/report.pdf', '2026/11/other.pdf' );
		$this->attachment( "2026/11/{$long}-a.jpg", "2026/11/{$long}-b.jpg", 'report.pdf' );
		$expected = array(
			array( '2026/11/', 'report', array( '2026/11/report-1.pdf', '2026/11/report.pdf' ) ),
			array( '2026/11/', $long . '-b', array( "2026/11/{$long}-b.jpg" ) ),
			array( '', 'report', array( 'report.pdf' ) ),
			array( '2026/10/', 'report', array() ),
		);
		foreach ( $expected as list( $folder, $start, $names ) ) {
			$this->assertSame( $names, $this->sorted( File_Index::names_starting( $folder, $start ) ), "{$folder}{$start}…" );
		}
		$this->assertLessThanOrEqual( 191, mb_strlen( File_Index::key( "2026/11/{$long}-a.jpg" ) ), 'the key fits the meta_key index' );

		// Records under the earlier keys (the MD5 of the whole path) answer the old way until migrate() is done.
		foreach ( $this->posts as $id ) {
			foreach ( $this->index_keys( $id ) as $key ) {
				if ( File_Index::META !== $key ) {
					delete_post_meta( $id, $key );
					add_post_meta( $id, File_Index::KEY_PREFIX . md5( (string) get_post_meta( $id, $key, true ) . $key ), 'earlier' );
				}
			}
		}
		delete_option( File_Index::MIGRATED_OPTION );
		foreach ( $expected as list( $folder, $start, $names ) ) {
			$this->assertSame( $names, $this->sorted( File_Index::names_starting( $folder, $start ) ), "before migrate(): {$folder}{$start}…" );
		}
		while ( ! File_Index::migrate( 1000 ) ) {
			continue;
		}
		foreach ( $this->posts as $id ) {
			foreach ( (array) get_post_meta( $id ) as $key => $values ) {
				$this->assertNotContains( 'earlier', (array) $values, "the earlier key {$key} is gone" );
			}
		}
		foreach ( $expected as list( $folder, $start, $names ) ) {
			$this->assertSame( $names, $this->sorted( File_Index::names_starting( $folder, $start ) ), "after migrate(): {$folder}{$start}…" );
		}
	}

	public function test_export_and_import_leave_every_index_row_out(): void {
		$guard = new Export_Import_Guard();
		foreach ( array( File_Index::META, File_Index::key( '2026/11/a.jpg' ) ) as $key ) {
			$this->assertTrue( $guard->skip_on_export( false, $key ), $key );
			$this->assertFalse( $guard->drop_on_import( $key ), $key );
		}
		$this->assertSame( '_s3_media_sync_files_elsewhere', $guard->drop_on_import( '_s3_media_sync_files_elsewhere' ), 'another key that merely starts alike is kept' );
	}
}
