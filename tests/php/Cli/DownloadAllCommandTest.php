<?php
/**
 * `wp s3-media-sync download-all [--dry-run]` (through the WP_CLI stand-in,
 * wp-cli-stand-in.php): the dry run lists the missing files and writes
 * nothing; the real run refuses while Remove local copies is on, then
 * brings every file back with a progress bar; a file S3 no longer holds
 * with the recorded bytes is printed and makes the command fail.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Cli;

use S3MediaSync\Cli\Command;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Bring_Back;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class DownloadAllCommandTest extends TestCase {

	use Creates_Attachments;

	private Command $command;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		\WP_CLI::$lines                 = array();
		$GLOBALS['s3ms_progress_bars'] = array();
		delete_option( Bring_Back::RUN_OPTION );
		$offloader = Plugin::offloader();
		$this->assertNotNull( $offloader );
		$this->command = Plugin::cli_command( $offloader );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Bring_Back::RUN_OPTION );
		parent::tearDown();
	}

	/** @return list<string> Messages of one kind. */
	private function said( string $kind ): array {
		return array_values( array_map( static fn( array $line ): string => $line[1], array_filter( \WP_CLI::$lines, static fn( array $line ): bool => $kind === $line[0] ) ) );
	}

	private function removed_upload( string $name ): int {
		self::configure_guide_settings( array( 'remove_local_copies' => true ) );
		$id = $this->upload( $this->make_jpeg( 600, 400 ), $name );
		$this->assertNotSame( array(), Offload_State::of( $id )?->local_removed );
		$this->assertFileDoesNotExist( (string) get_attached_file( $id ) );
		return $id;
	}

	public function test_dry_run_lists_then_the_run_refuses_while_the_setting_is_on_then_brings_every_file_back(): void {
		$id   = $this->removed_upload( 'cli-back.jpg' );
		$main = (string) get_post_meta( $id, '_wp_attached_file', true );

		$this->command->download_all( array(), array( 'dry-run' => true ) );
		$this->assertContains( sprintf( '#%d %s', $id, $main ), $this->said( 'log' ) );
		$this->assertStringContainsString( 'would be brought back (dry run: nothing was)', $this->said( 'success' )[0] );
		$this->assertStringContainsString( 'Remove local copies is on', $this->said( 'warning' )[0] );
		$this->assertFileDoesNotExist( (string) get_attached_file( $id ) );
		$this->assertFalse( get_option( Bring_Back::RUN_OPTION ) );

		try {
			$this->command->download_all( array(), array() );
			$this->fail( 'download-all ran while Remove local copies is on' );
		} catch ( Cli_Error $error ) {
			$this->assertStringContainsString( 'Turn it off', $error->getMessage() );
		}
		$this->assertFileDoesNotExist( (string) get_attached_file( $id ) );

		self::configure_guide_settings( array( 'remove_local_copies' => false ) );
		\WP_CLI::$lines = array();
		$this->command->download_all( array(), array() );
		$state = Offload_State::of( $id );
		foreach ( array_keys( $state->keys ) as $file ) {
			$path = wp_get_upload_dir()['basedir'] . '/' . $file;
			$this->assertSame( $state->md5[ $file ], md5_file( $path ), $file );
		}
		$this->assertSame( array(), $state->local_removed );
		$bar = end( $GLOBALS['s3ms_progress_bars'] );
		$this->assertGreaterThanOrEqual( 1, $bar->ticks );
		$this->assertTrue( $bar->finished );
		$this->assertMatchesRegularExpression( '/^\d+ files brought back: every file is on this server\.$/', $this->said( 'success' )[0] );
		$this->assertSame( array(), $this->said( 'warning' ) );
	}

	public function test_a_file_that_cannot_come_back_is_printed_and_the_command_fails(): void {
		$id    = $this->removed_upload( 'cli-gone.jpg' );
		$state = Offload_State::of( $id );
		$file  = (string) array_key_first( $state->keys );
		$this->bucket_owner()->delete_object( $state->keys[ $file ] );
		self::configure_guide_settings( array( 'remove_local_copies' => false ) );

		try {
			$this->command->download_all( array(), array() );
			$this->fail( 'download-all succeeded although a file is missing' );
		} catch ( Cli_Error $error ) {
			$this->assertStringContainsString( 'could not be', $error->getMessage() );
			$this->assertStringContainsString( 'Do not deactivate', $error->getMessage() );
		}
		$printed = array_values( array_filter( $this->said( 'warning' ), static fn( string $line ): bool => str_starts_with( $line, sprintf( '#%d %s:', $id, $file ) ) ) );
		$this->assertCount( 1, $printed, implode( "\n", $this->said( 'warning' ) ) );
		$this->assertStringContainsString( 'NoSuchKey', $printed[0] );
		$this->assertFileDoesNotExist( wp_get_upload_dir()['basedir'] . '/' . $file );
	}
}
