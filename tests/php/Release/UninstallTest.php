<?php
/**
 * Deleting the plugin (uninstall.php) leaves no option, post meta,
 * transient or scheduled event of the plugin behind, and sends nothing to
 * S3: the bucket keeps every object.
 *
 * What is removed is first made by the plugin's own code paths: settings
 * saved through the store, Test S3 Access over REST (its last result, and a
 * clock correction from a replayed RequestTimeTooSkewed answer), uploads
 * (offload state), an upload during an outage (pending, retry event), a
 * deletion during an outage (the deletion queue), a bulk-copy batch (the
 * run's place). Only the media library's one-minute notice is set directly:
 * its handler redirects and exits.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Release;

use S3MediaSync\Access\Last_Result;
use S3MediaSync\Admin\Media_Library_Acl_Action;
use S3MediaSync\Media\Deletion_Queue;
use S3MediaSync\Media\Offload_State;
use S3MediaSync\Media\Retry_Scheduler;
use S3MediaSync\S3\Clock;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Sync\Bulk_Sync;
use S3MediaSync\Tests\Media\Creates_Attachments;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class UninstallTest extends TestCase {

	use Creates_Attachments;

	/** @var list<string> Objects this test put in the bucket, removed afterwards as the bucket owner. */
	private array $keys = array();

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		// The plugin's state is gone, so deleting the attachments leaves their
		// objects: the bucket owner removes them.
		$this->delete_attachments();
		$owner = $this->bucket_owner();
		foreach ( array_unique( $this->keys ) as $key ) {
			$owner->delete_object( $key );
		}
		foreach ( array( Settings_Fields::OPTION, Last_Result::OPTION, Clock::OPTION, Deletion_Queue::OPTION, Bulk_Sync::RUN_OPTION ) as $option ) {
			delete_option( $option );
		}
		parent::tearDown();
	}

	private static function uninstall(): void {
		if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
			define( 'WP_UNINSTALL_PLUGIN', 's3-media-sync/plugin.php' );
		}
		include dirname( __DIR__, 3 ) . '/uninstall.php';
	}

	/** @return list<string> Option names of the plugin, straight from the table. */
	private static function plugin_options(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s ORDER BY option_name", '%' . $wpdb->esc_like( 's3_media_sync' ) . '%' ) );
	}

	/** @return list<string> Post meta keys of the plugin, straight from the table. */
	private static function plugin_meta_keys(): array {
		global $wpdb;
		return $wpdb->get_col( $wpdb->prepare( "SELECT DISTINCT meta_key FROM {$wpdb->postmeta} WHERE meta_key LIKE %s ORDER BY meta_key", '%' . $wpdb->esc_like( 's3_media_sync' ) . '%' ) );
	}

	/** @return list<string> Cron hooks of the plugin. */
	private static function plugin_cron_hooks(): array {
		$hooks = array();
		foreach ( (array) _get_cron_array() as $events ) {
			foreach ( array_keys( (array) $events ) as $hook ) {
				if ( str_contains( (string) $hook, 's3_media_sync' ) ) {
					$hooks[] = (string) $hook;
				}
			}
		}
		return array_values( array_unique( $hooks ) );
	}

	/** @return list<string> Every key under wp-content/uploads/, as the bucket owner lists them. */
	private function bucket_keys(): array {
		$keys  = array();
		$token = '';
		do {
			$page = $this->bucket_owner()->list_objects( 'wp-content/uploads/', 1000, $token );
			$this->assertInstanceOf( S3_Response::class, $page );
			preg_match_all( '#<Key>([^<]+)</Key>#', $page->body, $found );
			$keys  = array_merge( $keys, array_map( 'html_entity_decode', $found[1] ) );
			$token = preg_match( '#<NextContinuationToken>([^<]+)</NextContinuationToken>#', $page->body, $next ) ? html_entity_decode( $next[1] ) : '';
		} while ( '' !== $token );
		sort( $keys );
		return $keys;
	}

	/** @return list<string> The object keys recorded for an attachment. */
	private function keys_of( int $id ): array {
		$keys = array_values( (array) Offload_State::of( $id )?->keys );
		$this->keys = array_merge( $this->keys, $keys );
		return $keys;
	}

	public function test_uninstall_removes_everything_the_plugin_stored_and_sends_nothing_to_s3(): void {
		$name = 'uninstall-' . strtolower( wp_generate_password( 6, false ) );

		// Two attachments from before the plugin was configured, for a bulk copy that stops halfway.
		delete_option( Settings_Fields::OPTION );
		$old = array(
			$this->upload( $this->make_jpeg( 320, 240 ), "$name-old-1.jpg" ),
			$this->upload( $this->make_jpeg( 320, 240 ), "$name-old-2.jpg" ),
		);
		self::configure_guide_settings();
		$batch = $this->rest( 'POST', '/s3-media-sync/v1/sync/batch', array( 'limit' => 1 ) );
		$this->assertSame( 200, $batch->get_status(), (string) wp_json_encode( $batch->get_data() ) );
		$this->assertGreaterThan( 0, $batch->get_data()['remaining'] );
		$this->assertIsArray( get_option( Bulk_Sync::RUN_OPTION ) );
		foreach ( $old as $id ) {
			$this->keys_of( $id );
		}

		// Uploads: one kept in S3, one deleted while S3 is down (queued), one made while S3 is down (pending).
		$kept    = $this->upload( $this->make_jpeg( 800, 600 ), "$name-kept.jpg" );
		$deleted = $this->upload( $this->make_jpeg( 400, 300 ), "$name-deleted.jpg" );
		$this->assertSame( Offload_State::SYNCED, Offload_State::of( $kept )?->status );
		$kept_keys = $this->keys_of( $kept );
		$this->keys_of( $deleted );
		self::front( 'POST', '/down' );
		wp_delete_attachment( $deleted, true );
		$pending = $this->upload( $this->make_jpeg( 400, 300 ), "$name-pending.jpg" );
		self::front( 'POST', '/up' );
		$this->assertGreaterThan( 0, ( new Deletion_Queue() )->count() );
		$this->assertSame( Offload_State::PENDING, Offload_State::of( $pending )?->status );
		$this->assertNotFalse( wp_next_scheduled( Retry_Scheduler::HOOK ) );

		// Test S3 Access, its first answer a clock skew: the last result and the clock offset.
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'list-type' ),
				'response' => self::aws_response( 'request-time-too-skewed' ),
				'times'    => 1,
			)
		);
		$this->assertSame( 200, $this->rest( 'POST', '/s3-media-sync/v1/test' )->get_status() );
		$this->assertIsArray( get_option( Last_Result::OPTION ) );
		$this->assertNotFalse( get_option( Clock::OPTION, false ) );

		// The media library's notice after Make private / Make public (its handler exits, so set here).
		$notice = Media_Library_Acl_Action::ACTION . '_' . get_current_user_id();
		set_transient( $notice, array( 'success', 'The attachment is now public.' ), 60 );

		$options_before = self::plugin_options();
		foreach ( array( Settings_Fields::OPTION, Last_Result::OPTION, Clock::OPTION, Bulk_Sync::RUN_OPTION, '_transient_' . $notice, '_transient_timeout_' . $notice ) as $option ) {
			$this->assertContains( $option, $options_before );
		}
		// Each queued deletion is an option of its own, named after the queue.
		$this->assertNotSame( array(), array_filter( $options_before, static fn( string $name ): bool => str_starts_with( $name, Deletion_Queue::OPTION . '_' ) ) );
		$this->assertSame( array( Offload_State::META, Offload_State::NEXT_META, Offload_State::STATUS_META ), array_values( array_intersect( array( Offload_State::META, Offload_State::NEXT_META, Offload_State::STATUS_META ), self::plugin_meta_keys() ) ) );
		$this->assertContains( Retry_Scheduler::HOOK, self::plugin_cron_hooks() );
		$objects_before = $this->bucket_keys();
		foreach ( $kept_keys as $key ) {
			$this->assertContains( $key, $objects_before );
		}

		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		self::uninstall();
		$after = (int) self::front( 'GET', '/state' )['lastSeq'];

		$this->assertSame( array(), self::front( 'GET', '/log?since=' . $since )['entries'], 'uninstall sent a request to S3' );
		$this->assertSame( $since, $after, 'uninstall sent a request to S3' );
		$this->assertSame( array(), self::plugin_options() );
		$this->assertSame( array(), self::plugin_meta_keys() );
		$this->assertSame( array(), self::plugin_cron_hooks() );
		$this->assertFalse( wp_next_scheduled( Retry_Scheduler::HOOK ) );
		// get_option() would answer the registered default; the row itself is gone.
		$this->assertNull( $this->raw_option( Settings_Fields::OPTION ) );
		$this->assertFalse( get_transient( $notice ) );
		$this->assertSame( '', get_post_meta( $kept, Offload_State::META, true ) );
		$this->assertNull( Offload_State::of( $kept ) );
		// WordPress's own data stays: the attachments and their files.
		$this->assertSame( 'attachment', get_post_type( $kept ) );
		$this->assertFileExists( (string) get_attached_file( $kept ) );
		$this->assertSame( $objects_before, $this->bucket_keys(), 'the bucket changed' );
	}

	public function test_uninstall_of_a_site_that_never_configured_the_plugin_is_quiet(): void {
		delete_option( Settings_Fields::OPTION );
		$since = (int) self::front( 'GET', '/state' )['lastSeq'];
		ob_start();
		self::uninstall();
		$this->assertSame( '', (string) ob_get_clean() );
		$this->assertSame( array(), self::plugin_options() );
		$this->assertSame( $since, (int) self::front( 'GET', '/state' )['lastSeq'] );
	}

	public function test_uninstall_php_does_nothing_unless_wordpress_is_uninstalling_the_plugin(): void {
		$output = array();
		$code   = -1;
		exec( escapeshellarg( PHP_BINARY ) . ' -r ' . escapeshellarg( 'include $argv[1]; echo "ran on";' ) . ' ' . escapeshellarg( dirname( __DIR__, 3 ) . '/uninstall.php' ) . ' 2>&1', $output, $code );
		$this->assertSame( 0, $code, implode( "\n", $output ) );
		$this->assertSame( array(), $output );
	}

	public function test_uninstall_names_the_options_meta_and_hooks_the_code_uses(): void {
		$source = (string) file_get_contents( dirname( __DIR__, 3 ) . '/uninstall.php' );
		$names  = array(
			Settings_Fields::OPTION,
			Last_Result::OPTION,
			Clock::OPTION,
			Deletion_Queue::OPTION,
			Bulk_Sync::RUN_OPTION,
			Offload_State::META,
			Offload_State::STATUS_META,
			Offload_State::NEXT_META,
			Retry_Scheduler::HOOK,
		);
		foreach ( $names as $name ) {
			$this->assertStringContainsString( "'$name'", $source );
		}
		$this->assertStringStartsWith( 's3_media_sync_', Media_Library_Acl_Action::ACTION, 'the notice transient is swept by its prefix' );
	}
}
