<?php
/**
 * Object_Keys::normalized(): the same answer as wp_normalize_path(), without
 * the per-path static cache core keeps for the whole request (a walk over
 * 100,000 files kept every path: the audit's peak memory followed the
 * library).
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Object_Keys;
use S3MediaSync\Tests\TestCase;

final class NormalizedPathTest extends TestCase {

	public function test_it_answers_as_wp_normalize_path_does(): void {
		$paths = array(
			'/var/www/wp-content/uploads/2026/11/photo.jpg',
			'/var/www/wp-content/uploads//2026///11/photo.jpg',
			'C:\\inetpub\\wp-content\\uploads\\2026\\11\\photo.jpg',
			'c:/inetpub/wp-content/uploads/photo.jpg',
			'//server/share/uploads/photo.jpg',
			's3://bucket//wp-content/uploads/photo.jpg',
			'relative/photo.jpg',
			'/uploads/ümlaut photo (1).jpg',
			'',
			'/',
		);
		foreach ( $paths as $path ) {
			$this->assertSame( wp_normalize_path( $path ), Object_Keys::normalized( $path ), $path );
		}
	}

	public function test_a_walk_over_many_files_keeps_none_of_their_paths(): void {
		$root   = '/var/www/wp-content/uploads/' . wp_generate_password( 8, false );
		$before = memory_get_usage();
		for ( $i = 0; $i < 20000; $i++ ) {
			Object_Keys::normalized( sprintf( '%s/%04d/%02d/photo-%d-1536x1152.jpg', $root, 2000 + $i % 20, $i % 12, $i ) );
		}
		// Core's cache would hold ~20,000 × ~200 bytes here.
		$this->assertLessThan( 512 * 1024, memory_get_usage() - $before, 'memory after 20,000 paths' );
	}
}
