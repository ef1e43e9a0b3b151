<?php
/**
 * Two uploads of one file name at the same moment: each asks WordPress for
 * a free name before either has written its file. The name the first is
 * given is claimed, so the second gets the next number — not the same name,
 * which would put two attachments on one file and one object key — counted
 * as WordPress counts, from the number it added, not from one the name
 * ends with.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Unique_Names;
use S3MediaSync\Tests\TestCase;

final class UniqueNamesTest extends TestCase {

	protected function tearDown(): void {
		global $wpdb;
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name LIKE %s", $wpdb->esc_like( Unique_Names::CLAIM_PREFIX ) . '%' ) );
		parent::tearDown();
	}

	public function test_two_uploads_choosing_a_name_at_once_get_different_names(): void {
		$dir    = wp_upload_dir()['path'];
		$name   = 'race-' . wp_generate_password( 6, false, false ) . '.jpg';
		$first  = wp_unique_filename( $dir, $name );
		$second = wp_unique_filename( $dir, $name ); // Before the first has written its file.
		$this->assertSame( $name, $first );
		$this->assertNotSame( $first, $second );
		$this->assertSame( substr( $name, 0, -4 ) . '-1.jpg', $second );
	}

	/**
	 * A name that ends in a number of its own (a phone's date and time, a
	 * scanner's serial) is not a counter: before, counting went on from
	 * 142233 past the last try and handed the second upload the first one's
	 * name (seen in tests/stress/load.spec.ts, whose random names are
	 * sometimes all digits).
	 */
	public function test_a_name_ending_in_a_long_number_gets_a_number_of_its_own_added(): void {
		$dir    = wp_upload_dir()['path'];
		$stem   = '20261130-' . wp_rand( 100000, 999999 );
		$first  = wp_unique_filename( $dir, $stem . '.jpg' );
		$second = wp_unique_filename( $dir, $stem . '.jpg' ); // Before the first has written its file.
		$third  = wp_unique_filename( $dir, $stem . '.jpg' );
		$this->assertSame( $stem . '.jpg', $first );
		$this->assertSame( $stem . '-1.jpg', $second );
		$this->assertSame( $stem . '-2.jpg', $third );
	}

	public function test_a_claim_expires_so_a_name_is_free_again_once_nothing_uses_it(): void {
		global $wpdb;
		$dir  = wp_upload_dir()['path'];
		$name = 'expired-' . wp_generate_password( 6, false, false ) . '.pdf';
		$this->assertSame( $name, wp_unique_filename( $dir, $name ) );
		// A minute later, nothing was written under that name (the upload failed, say).
		$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name LIKE %s", (string) ( time() - 1 ), $wpdb->esc_like( Unique_Names::CLAIM_PREFIX ) . '%' ) );
		$this->assertSame( $name, wp_unique_filename( $dir, $name ) );
	}
}
