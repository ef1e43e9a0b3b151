<?php
/**
 * The WP-CLI commands drive the same services as the settings page (tested
 * through a stand-in for WP_CLI: see wp-cli-stand-in.php).
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Cli;

use S3MediaSync\Cli\Command;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Plugin;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Sync\Sync_Job;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class CommandTest extends TestCase {

	use Creates_Attachments;

	private Command $command;

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
		\WP_CLI::$lines                 = array();
		$GLOBALS['s3ms_progress_bars'] = array();
		delete_option( Bulk_Sync::RUN_OPTION );
		delete_option( Sync_Job::OPTION );
		$offloader = Plugin::offloader();
		$this->assertNotNull( $offloader );
		$this->command = Plugin::cli_command( $offloader );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		$this->delete_attachments();
		delete_option( Settings_Fields::OPTION );
		delete_option( Bulk_Sync::RUN_OPTION );
		delete_option( Sync_Job::OPTION );
		for ( $slot = 0; $slot <= Sync_Job::MAX_WORKERS; $slot++ ) {
			delete_option( Sync_Job::BEAT_PREFIX . $slot );
		}
		wp_clear_scheduled_hook( Sync_Job::CRON_HOOK );
		parent::tearDown();
	}

	/** @return list<string> Messages of one kind. */
	private function said( string $kind ): array {
		return array_values( array_map( static fn( array $line ): string => $line[1], array_filter( \WP_CLI::$lines, static fn( array $line ): bool => $kind === $line[0] ) ) );
	}

	public function test_upload_all_dry_run_lists_and_copies_nothing_then_copies_with_a_progress_bar(): void {
		delete_option( Settings_Fields::OPTION );
		$ids = array( $this->upload( $this->make_jpeg( 300, 200 ), 'cli-a.jpg' ), $this->upload( $this->make_jpeg( 300, 200 ), 'cli-b.jpg' ) );
		self::configure_guide_settings();

		$this->command->upload_all( array(), array( 'dry-run' => true ) );
		$this->assertStringContainsString( 'would be copied', $this->said( 'success' )[0] );
		foreach ( $ids as $id ) {
			$this->assertNull( Offload_State::of( $id ) );
		}

		$this->command->upload_all( array(), array( 'concurrency' => '4' ) );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		}
		$bar = $GLOBALS['s3ms_progress_bars'][0];
		$this->assertGreaterThanOrEqual( 2, $bar->ticks );
		$this->assertTrue( $bar->finished );
		$this->assertSame( 'Every attachment is in S3.', $this->said( 'success' )[1] );
	}

	public function test_upload_all_starts_the_job_every_session_sees_and_works_on_it_to_the_end(): void {
		delete_option( Settings_Fields::OPTION );
		$ids = array( $this->upload( $this->make_jpeg( 300, 200 ), 'cli-job-a.jpg' ), $this->upload( $this->make_jpeg( 300, 200 ), 'cli-job-b.jpg' ) );
		self::configure_guide_settings();
		$this->assertSame( 'idle', $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data()['job']['state'] );

		$this->command->upload_all( array(), array() );
		foreach ( $ids as $id ) {
			$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		}
		$job = $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data()['job'];
		$this->assertSame( 'done', $job['state'], 'the settings page sees the job WP-CLI ran' );
		$this->assertSame( 0, $job['remaining'] );
		$this->assertSame( 'Every attachment is in S3.', $this->said( 'success' )[0] );
	}

	public function test_upload_all_resumes_a_paused_job_and_with_background_leaves_it_to_the_web_server(): void {
		delete_option( Settings_Fields::OPTION );
		$id = $this->upload( $this->make_jpeg( 300, 200 ), 'cli-paused.jpg' );
		self::configure_guide_settings();
		update_option(
			Sync_Job::OPTION,
			array(
				'state'   => 'paused',
				'workers' => 1,
				'started' => time(),
				'total'   => 1,
			),
			false
		);
		// Run again on a paused job, WP-CLI resumes it (and works on it here).
		$this->command->upload_all( array(), array() );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status );
		$this->assertSame( 'done', get_option( Sync_Job::OPTION )['state'] );

		// --background starts the job for the web server's workers and returns:
		// they copy it, through their loopback requests, while this process only looks.
		Offload_State::forget( $id );
		\WP_CLI::$lines = array();
		$this->command->upload_all( array(), array( 'background' => true, 'workers' => '1' ) );
		$this->assertStringContainsString( 'runs on the web server', $this->said( 'success' )[0] );
		for ( $look = 0; $look < 90 && 'done' !== $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data()['job']['state']; $look++ ) {
			sleep( 1 );
		}
		$this->assertSame( 'done', $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data()['job']['state'] );
		wp_cache_delete( $id, 'post_meta' );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $id )?->status, 'copied by the web server' );
	}

	public function test_bad_input_is_an_error(): void {
		self::configure_guide_settings();
		foreach ( array( '0', '65', 'many' ) as $concurrency ) {
			try {
				$this->command->upload_all( array(), array( 'concurrency' => $concurrency ) );
				$this->fail( "--concurrency=$concurrency was accepted" );
			} catch ( Cli_Error $error ) {
				$this->assertStringContainsString( '--concurrency', $error->getMessage() );
			}
		}
		foreach ( array( array( 'workers' => '5' ), array( 'workers' => 'x' ), array( 'workers' => '0', 'background' => true ) ) as $options ) {
			try {
				$this->command->upload_all( array(), $options );
				$this->fail( 'accepted ' . wp_json_encode( $options ) );
			} catch ( Cli_Error $error ) {
				$this->assertStringContainsString( '--workers', $error->getMessage() );
			}
		}
		$this->assertFalse( get_option( Sync_Job::OPTION ), 'bad input started nothing' );
		$this->expectException( Cli_Error::class );
		$this->command->upload( array( 'abc', '999999' ), array() );
	}

	public function test_status_verify_and_test_report_what_they_saw(): void {
		self::configure_guide_settings();
		$id = $this->upload( $this->make_jpeg( 300, 200 ), 'cli-verify.jpg' );
		$this->command->status( array(), array() );
		$this->assertMatchesRegularExpression( '/^Total: \d+, synced: \d+, pending: \d+, failed: \d+$/', $this->said( 'log' )[0] );

		$this->command->verify( array(), array() );
		$this->assertStringContainsString( 'identical', $this->said( 'success' )[0] );

		// An object removed behind the plugin's back is found missing.
		$key = array_values( (array) Offload_State::of( $id )?->keys )[0];
		$this->bucket_owner()->delete_object( $key );
		try {
			$this->command->verify( array(), array() );
			$this->fail( 'verify did not notice a missing object' );
		} catch ( Cli_Error $error ) {
			$this->assertStringContainsString( 'missing or different', $error->getMessage() );
		}

		$this->command->test( array(), array() );
		$this->assertStringContainsString( 'S3 access works', (string) end( \WP_CLI::$lines )[1] );
	}

	/**
	 * An S3 answer (or whatever a proxy on the way sends) whose message
	 * holds terminal escapes reaches no terminal: not the upload warning,
	 * not the status list, not Test S3 Access's lines.
	 */
	public function test_control_characters_from_s3_never_reach_the_terminal(): void {
		self::configure_guide_settings();
		// ESC sequences (clear screen, set the window title), BEL, C1 CSI (U+009B), a bidi override (U+202E).
		$hostile = "Access Denied\x1b[2J\x1b]0;owned\x07\u{9b}31mred\u{202e}desrever\r\nFAKE: line";
		$answer  = str_replace( '<Message>Access Denied</Message>', '<Message>' . $hostile . '</Message>', self::aws_response( 'access-denied' ) );
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'method' => 'PUT' ),
				'response' => $answer,
			)
		);
		$id = $this->upload( $this->make_jpeg( 60, 40 ), 'cli-hostile.jpg' );
		$this->assertStringContainsString( "\x1b", (string) Offload_State::of( $id )?->error['message'], 'the stored message holds the escapes' );

		$this->command->status( array(), array() );
		try {
			$this->command->upload( array( (string) $id ), array() );
			$this->fail( 'the upload was refused' );
		} catch ( Cli_Error $error ) {
			unset( $error );
		}
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'list-type' ),
				'response' => $answer,
			)
		);
		try {
			$this->command->test( array(), array() );
			$this->fail( 'the test failed' );
		} catch ( Cli_Error $error ) {
			unset( $error );
		}

		$printed = implode( "\n", array_map( static fn( array $line ): string => $line[1], \WP_CLI::$lines ) );
		$this->assertStringContainsString( 'desrever', $printed, 'the S3 messages were printed' );
		$this->assertGreaterThanOrEqual( 3, substr_count( $printed, 'Access Denied' ), 'status, upload and test each printed it' );
		foreach ( \WP_CLI::$lines as $line ) {
			$this->assertDoesNotMatchRegularExpression( '/[\p{Cc}\p{Cf}]/u', $line[1], 'a control or format character in: ' . wp_json_encode( $line[1] ) );
		}
	}
}
