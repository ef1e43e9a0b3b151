<?php
/**
 * The audit (POST /audit, `wp s3-media-sync verify`) says what it saw:
 * identical only for objects it compared, and each object missing, changed,
 * unverified or orphaned, and each file lost, by name.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Sync;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\Tests\Media\Media_Test_Case;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class BucketAuditTest extends Media_Test_Case {

	/** @return array<string, mixed> */
	private function audit(): array {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/audit' );
		$this->assertSame( 200, $response->get_status() );
		return $response->get_data();
	}

	/** @param array<string, mixed> $result */
	private function problem( array $result, string $kind, string $what ): bool {
		foreach ( $result['problems'] as $problem ) {
			if ( $kind === $problem['kind'] && str_ends_with( $problem['what'], $what ) ) {
				return true;
			}
		}
		return false;
	}

	public function test_each_object_and_file_is_reported_as_what_it_is(): void {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$bucket = (string) self::run_state()['s3']['bucket'];
		$a      = $this->upload( $this->make_jpeg( 600, 400 ), 'audit-a.jpg' );
		$b      = $this->upload( $this->make_jpeg( 600, 400 ), 'audit-b.jpg' );
		$before = $this->audit();
		$this->assertTrue( $before['complete'] );
		$keys_a = array_values( (array) Offload_State::of( $a )?->keys );
		$keys_b = (array) Offload_State::of( $b )?->keys;
		$this->assertGreaterThan( 2, count( $keys_a ) );

		$owner = $this->bucket_owner();
		$owner->delete_object( $keys_a[0] );                                   // Missing.
		$owner->put_object( $keys_a[1], 'other bytes', 'image/jpeg' );        // Changed.
		$orphan = dirname( $keys_a[0] ) . '/audit-orphan.jpg';
		$owner->put_object( $orphan, 'nobody records me', 'image/jpeg' );     // Orphaned.
		// b: one MD5 forgotten (unverified), one key forgotten while its local copy is gone (lost).
		$state  = Offload_State::of( $b );
		$files  = array_keys( $keys_b );
		$md5    = $state->md5;
		unset( $md5[ $files[0] ] );
		$kept = $keys_b;
		unset( $kept[ $files[1] ] );
		$state->with(
			array(
				'md5'  => array_intersect_key( $md5, $kept ),
				'keys' => $kept,
			)
		)->save( $b );

		$after = $this->audit();
		$this->assertSame( $before['missing'] + 1, $after['missing'] );
		$this->assertSame( $before['changed'] + 1, $after['changed'] );
		$this->assertSame( $before['unverified'] + 1, $after['unverified'] );
		$this->assertSame( $before['lost'] + 1, $after['lost'] );
		$this->assertSame( $before['orphaned'] + 1 + 1, $after['orphaned'], 'the new object, and b\'s object its record forgot' );
		$this->assertSame( $before['identical'] - 4, $after['identical'], 'missing, changed, unverified and forgotten are not identical' );
		$this->assertTrue( $this->problem( $after, 'missing', $keys_a[0] ) );
		$this->assertTrue( $this->problem( $after, 'changed', $keys_a[1] ) );
		$this->assertTrue( $this->problem( $after, 'orphaned', $orphan ) );
		$this->assertTrue( $this->problem( $after, 'unverified', $keys_b[ $files[0] ] ) );
		$this->assertTrue( $this->problem( $after, 'lost', $files[1] ) );
		$this->assertTrue( $this->problem( $after, 'orphaned', $bucket . '/' . $keys_b[ $files[1] ] ) );
		// The audit only reports: the orphans are still there.
		$this->assertSame( 200, $owner->get_object( $orphan )->status );
		$owner->delete_object( $orphan );
		$owner->delete_object( $keys_b[ $files[1] ] );
	}

	public function test_a_folder_used_again_after_many_others_is_listed_again_and_its_orphan_is_reported_once(): void {
		self::configure_guide_settings();
		$bucket = (string) self::run_state()['s3']['bucket'];
		$owner  = $this->bucket_owner();
		$run    = 'audit-spread-' . strtolower( wp_generate_password( 6, false ) );
		// 19 records in ID order: folder f0, then 17 other folders (more than the audit keeps listed), then f0 again.
		$folders = array_merge( array( 0 ), range( 1, 17 ), array( 0 ) );
		$ids     = array();
		foreach ( $folders as $n => $folder ) {
			$file  = "{$run}/f{$folder}/x{$n}.txt";
			$key   = 'wp-content/uploads/' . $file;
			$bytes = "file {$n}";
			$this->assertInstanceOf( \S3MediaSync\S3\S3_Response::class, $owner->put_object( $key, $bytes, 'text/plain' ) );
			$id = (int) wp_insert_attachment( array( 'post_title' => "spread {$n}", 'post_mime_type' => 'text/plain' ) );
			( new Offload_State( Offload_State::SYNCED, $bucket, 'public-read', array( $file => $key ), md5: array( $file => md5( $bytes ) ) ) )->save( $id );
			$ids[] = $id;
		}
		$orphan = "wp-content/uploads/{$run}/f0/orphan.txt";
		$owner->put_object( $orphan, 'nobody records me', 'text/plain' );
		try {
			$result = $this->audit();
			$this->assertTrue( $result['complete'] );
			$mine = array_values( array_filter( $result['problems'], static fn( array $problem ): bool => str_contains( (string) $problem['what'], $run ) ) );
			$this->assertSame( array( array( 'orphaned', $bucket . '/' . $orphan ) ), array_map( static fn( array $problem ): array => array( $problem['kind'], substr( (string) $problem['what'], -strlen( $bucket . '/' . $orphan ) ) ), $mine ), 'only the orphan, once: the last record of f0 was found after its folder was listed again' );
		} finally {
			foreach ( $ids as $n => $id ) {
				Offload_State::forget( $id );
				wp_delete_post( $id, true );
				$owner->delete_object( "wp-content/uploads/{$run}/f{$folders[ $n ]}/x{$n}.txt" );
			}
			$owner->delete_object( $orphan );
		}
	}
}
