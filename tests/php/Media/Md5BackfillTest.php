<?php
/**
 * Records made before MD5s were kept get them from the bucket (the ETag of
 * each object), not from the local file — whose bytes may have changed
 * since — so the next offload sees the change and uploads it under a new key.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Media;

use S3MediaSync\Media\Md5_Backfill;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\S3\Client_Factory;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class Md5BackfillTest extends Media_Test_Case {

	protected function setUp(): void {
		parent::setUp();
		delete_option( Md5_Backfill::OPTION );
	}

	protected function tearDown(): void {
		delete_option( Md5_Backfill::OPTION );
		parent::tearDown();
	}

	public function test_an_old_record_gets_the_md5s_s3_holds_and_a_changed_file_then_gets_a_new_key(): void {
		self::configure_guide_settings();
		$id    = $this->upload( $this->make_jpeg( 800, 600 ), 'backfill.jpg' );
		$state = Offload_State::of( $id );
		$this->assertNotNull( $state );
		$confirmed = $state->md5;
		$this->assertCount( count( $state->keys ), $confirmed );

		// As a record from before MD5s were kept: none recorded.
		$state->with( array( 'md5' => array() ) )->save( $id );
		// And one size rewritten locally since (a regeneration plugin that did not tell anyone).
		$file = (string) array_key_last( $state->keys );
		$path = wp_get_upload_dir()['basedir'] . '/' . $file;
		file_put_contents( $path, $this->make_jpeg( 100, 80 ) );

		$backfill = new Md5_Backfill( new Client_Factory( Plugin::settings() ), Plugin::recorded() );
		$this->assertTrue( $backfill->run() );
		$this->assertSame( 'done', get_option( Md5_Backfill::OPTION ) );
		$this->assertSame( $confirmed, Offload_State::of( $id )?->md5, 'the MD5s are the bytes S3 holds' );

		$offloader = Plugin::offloader();
		$this->assertNotNull( $offloader );
		$after = $offloader->offload( $id );
		$this->assertNotNull( $after );
		$this->assertNotSame( $state->keys[ $file ], $after->keys[ $file ], 'the changed file went up under a new key' );
		$this->assertSame( md5_file( $path ), $after->md5[ $file ] );
	}
}
