<?php
/**
 * Each documented hook used the way another plugin would use it, against
 * the real bucket: what the hook changes is checked in S3 (the bucket
 * owner reads the objects' headers and ACLs), on the page, and on delete.
 *
 * @package S3MediaSync\Tests
 * @group s3
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Hooks;

use S3MediaSync\Media\Offload_State;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Tests\Media\Media_Test_Case;

final class DeveloperHooksTest extends Media_Test_Case {

	/** @var list<array{0: string, 1: mixed, 2: int}> */
	private array $added = array();

	protected function tearDown(): void {
		foreach ( $this->added as list( $hook, $callback, $priority ) ) {
			remove_filter( $hook, $callback, $priority );
		}
		$this->added = array();
		self::front( 'POST', '/up' );
		parent::tearDown();
	}

	private function hook( string $hook, callable $callback, int $priority = 10, int $args = 1 ): void {
		add_filter( $hook, $callback, $priority, $args );
		$this->added[] = array( $hook, $callback, $priority );
	}

	/** @return array<string, string> The object's headers as the bucket owner sees them, or [] when it is missing. */
	private function head( string $key ): array {
		$owner  = $this->bucket_owner();
		$answer = $owner->send( 'HEAD', $owner->address->object_url( $key ) );
		return $answer instanceof S3_Response ? $answer->headers : array();
	}

	private function state( int $id ): Offload_State {
		$state = Offload_State::of( $id );
		$this->assertNotNull( $state );
		return $state;
	}

	public function test_should_offload_false_keeps_an_attachment_on_this_server_only(): void {
		self::configure_guide_settings();
		$this->hook( 's3_media_sync_should_offload', static fn( bool $offload, int $id ): bool => 'local-only.jpg' !== wp_basename( (string) get_attached_file( $id ) ) && $offload, 10, 2 );
		$local  = $this->upload( $this->make_jpeg( 400, 300 ), 'local-only.jpg' );
		$synced = $this->upload( $this->make_jpeg( 400, 300 ), 'to-s3.jpg' );
		$this->assertNull( Offload_State::of( $local ), 'no record for the attachment the filter kept' );
		$this->assertSame( array(), $this->head( 'wp-content/uploads/' . get_post_meta( $local, '_wp_attached_file', true ) ) );
		$this->assertSame( Offload_State::SYNCED, $this->state( $synced )->status );
		$this->assertNotSame( array(), $this->head( $this->state( $synced )->keys[ (string) get_post_meta( $synced, '_wp_attached_file', true ) ] ) );
	}

	public function test_a_file_added_through_attachment_files_goes_up_is_served_and_is_deleted_with_the_attachment(): void {
		self::configure_guide_settings();
		$this->hook(
			'wp_generate_attachment_metadata',
			static function ( array $meta, int $id ): array {
				file_put_contents( dirname( (string) get_attached_file( $id ) ) . '/' . pathinfo( (string) get_attached_file( $id ), PATHINFO_FILENAME ) . '.json', '{"sidecar":true}' );
				return $meta;
			},
			5,
			2
		);
		$this->hook(
			's3_media_sync_attachment_files',
			static function ( array $files, int $id ): array {
				$main    = (string) get_attached_file( $id );
				$files[] = dirname( $main ) . '/' . pathinfo( $main, PATHINFO_FILENAME ) . '.json';
				$files[] = '/etc/passwd'; // Outside the uploads folder: never taken.
				return $files;
			},
			10,
			2
		);
		$id      = $this->upload( $this->make_jpeg( 400, 300 ), 'with-sidecar.jpg' );
		$state   = $this->state( $id );
		$sidecar = dirname( (string) get_post_meta( $id, '_wp_attached_file', true ) ) . '/with-sidecar.json';
		$this->assertArrayHasKey( $sidecar, $state->keys, 'the sidecar is recorded' );
		$this->assertNotContains( '/etc/passwd', array_keys( $state->keys ) );
		$owner = $this->bucket_owner();
		$body  = $owner->get_object( $state->keys[ $sidecar ] );
		$this->assertInstanceOf( S3_Response::class, $body );
		$this->assertSame( '{"sidecar":true}', $body->body );
		$local = wp_get_upload_dir()['baseurl'] . '/' . $sidecar;
		$page  = (string) apply_filters( 'the_content', '<p><a href="' . esc_url( $local ) . '">data</a></p>' );
		$this->assertStringContainsString( $state->keys[ $sidecar ], $page, 'a link to the sidecar on a page points at S3' );
		$this->assertStringNotContainsString( $local, $page );

		wp_delete_attachment( $id, true );
		$this->assertSame( array(), $this->head( $state->keys[ $sidecar ] ), 'deleted with the attachment' );
	}

	public function test_put_headers_adds_allowed_headers_and_drops_the_rest(): void {
		self::configure_guide_settings();
		$this->hook(
			's3_media_sync_put_headers',
			static function ( array $headers, int $id, string $key ): array {
				$headers['content-disposition'] = 'attachment; filename="' . wp_basename( $key ) . '"';
				$headers['x-amz-meta-owner']    = 'plugin-' . $id;
				$headers['x-amz-acl']           = 'public-read-write'; // Not the filter's to set.
				$headers['x-amz-tagging']       = 'a=b'; // Needs s3:PutObjectTagging, which the policy does not grant.
				$headers['x-amz-meta-bad']      = "line\r\nInjected: yes";
				return $headers;
			},
			10,
			3
		);
		$id    = $this->upload( $this->make_jpeg( 400, 300 ), 'headers.jpg' );
		$state = $this->state( $id );
		$this->assertSame( Offload_State::SYNCED, $state->status, (string) wp_json_encode( $state->error ) );
		$key  = $state->keys[ (string) get_post_meta( $id, '_wp_attached_file', true ) ];
		$head = $this->head( $key );
		$this->assertSame( 'attachment; filename="headers.jpg"', $head['content-disposition'] ?? '' );
		$this->assertSame( 'plugin-' . $id, $head['x-amz-meta-owner'] ?? '' );
		$this->assertArrayNotHasKey( 'x-amz-meta-bad', $head );
		$this->assertArrayNotHasKey( 'injected', $head );
		$this->assertTrue( $this->is_public( $key ), 'the ACL is still the setting' );
		$this->assertStringStartsWith( 'public, max-age=31536000', $head['cache-control'] ?? '' );
	}

	public function test_cache_control_follows_the_acl_by_default_and_the_setting_when_set(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$private = $this->upload( $this->make_jpeg( 300, 200 ), 'cc-private.jpg' );
		$key     = $this->state( $private )->keys[ (string) get_post_meta( $private, '_wp_attached_file', true ) ];
		$this->assertSame( 'private, max-age=31536000, immutable', $this->head( $key )['cache-control'] ?? '' );

		self::configure_guide_settings( array( 'cache_control' => 'public, max-age=86400' ) );
		$this->assertSame( 'public, max-age=86400', \S3MediaSync\Plugin::settings()->values()['cache_control'] );
		$custom = $this->upload( $this->make_jpeg( 300, 200 ), 'cc-custom.jpg' );
		foreach ( $this->state( $custom )->keys as $object ) {
			$this->assertSame( 'public, max-age=86400', $this->head( $object )['cache-control'] ?? '', $object );
		}
		$this->assertSame( 'private, max-age=31536000, immutable', $this->head( $key )['cache-control'] ?? '', 'objects already in S3 keep theirs' );

		$refused = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'cache_control' => 'max-age=1; X-Evil: 1' ) );
		$this->assertSame( 400, $refused->get_status() );
		$this->assertStringContainsString( 'comma-separated list of directives', (string) wp_json_encode( $refused->get_data() ) );
		$this->assertSame( 200, $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'cache_control' => 'public, max-age=86400' ) )->get_status() );
		$this->assertSame( 'public, max-age=86400', \S3MediaSync\Plugin::settings()->values()['cache_control'], 'a refused value changes nothing' );
	}

	public function test_object_acl_decides_per_attachment_and_a_bad_value_falls_back_to_the_setting(): void {
		self::configure_guide_settings();
		$this->hook( 's3_media_sync_object_acl', static fn( string $acl, int $id ): string => str_starts_with( wp_basename( (string) get_attached_file( $id ) ), 'secret' ) ? 'private' : ( str_starts_with( wp_basename( (string) get_attached_file( $id ) ), 'odd' ) ? 'authenticated-read' : $acl ), 10, 2 );
		$secret = $this->upload( $this->make_jpeg( 300, 200 ), 'secret-plan.jpg' );
		$open   = $this->upload( $this->make_jpeg( 300, 200 ), 'open-plan.jpg' );
		$odd    = $this->upload( $this->make_jpeg( 300, 200 ), 'odd-plan.jpg' );
		$this->assertSame( 'private', $this->state( $secret )->acl );
		foreach ( $this->state( $secret )->keys as $key ) {
			$this->assertFalse( $this->is_public( $key ), $key );
		}
		$this->assertSame( 'public-read', $this->state( $open )->acl );
		$this->assertSame( 'public-read', $this->state( $odd )->acl, 'an ACL outside the three is ignored' );
		$this->assertStringContainsString( 'X-Amz-Signature=', (string) wp_get_attachment_url( $secret ) );
	}

	public function test_served_url_and_presign_expiry_filters_change_what_pages_get(): void {
		self::configure_guide_settings( array( 'object_acl' => 'private' ) );
		$id  = $this->upload( $this->make_jpeg( 300, 200 ), 'served.jpg' );
		$url = (string) wp_get_attachment_url( $id );
		$this->assertMatchesRegularExpression( '/X-Amz-Expires=(\d+)/', $url );
		preg_match( '/X-Amz-Expires=(\d+)/', $url, $default );

		$this->hook( 's3_media_sync_presign_expiry', static fn( int $seconds, int $attachment_id ): int => $attachment_id === $id ? 3600 : $seconds, 10, 2 );
		$this->hook( 's3_media_sync_served_url', static fn( string $url, int $attachment_id ): string => add_query_arg( 'via', 'filter-' . $attachment_id, $url ), 10, 2 );
		$filtered = (string) wp_get_attachment_url( $id );
		preg_match( '/X-Amz-Expires=(\d+)/', $filtered, $longer );
		$this->assertNotSame( $default[1], $longer[1] ?? '' );
		$this->assertSame( 7200, (int) ( $longer[1] ?? 0 ), '3600 s valid once handed out: signed for two windows of 3600' );
		$this->assertStringContainsString( 'via=filter-' . $id, $filtered );
	}

	public function test_actions_fire_after_upload_failure_and_delete(): void {
		self::configure_guide_settings();
		$seen = array();
		$this->hook(
			's3_media_sync_uploaded',
			static function ( int $id, array $sent, string $bucket, string $acl ) use ( &$seen ): void {
				$seen[] = array( 'uploaded', $id, count( $sent ), $bucket, $acl );
			},
			10,
			4
		);
		$this->hook(
			's3_media_sync_upload_failed',
			static function ( int $id, array $error, string $status ) use ( &$seen ): void {
				$seen[] = array( 'failed', $id, $error['code'], $status );
			},
			10,
			3
		);
		$this->hook(
			's3_media_sync_deleted',
			static function ( int $id, array $deleted, string $bucket, array $queued ) use ( &$seen ): void {
				$seen[] = array( 'deleted', $id, count( $deleted ), $bucket, count( $queued ) );
			},
			10,
			4
		);
		$bucket = self::run_state()['s3']['bucket'];
		$id     = $this->upload( $this->make_jpeg( 800, 600 ), 'announced.jpg' );
		$files  = count( $this->state( $id )->keys );
		$this->assertGreaterThan( 1, $files );
		$this->assertSame( array( array( 'uploaded', $id, $files, $bucket, 'public-read' ) ), $seen );

		$seen = array();
		self::front( 'POST', '/down' );
		$down = $this->upload( $this->make_jpeg( 300, 200 ), 'while-down.jpg' );
		$this->assertSame( 'failed', $seen[0][0] ?? '' );
		$this->assertSame( $down, $seen[0][1] );
		$this->assertSame( Offload_State::PENDING, $seen[0][3] );
		self::front( 'POST', '/up' );

		$seen = array();
		wp_delete_attachment( $id, true );
		$this->assertSame( array( array( 'deleted', $id, $files, $bucket, 0 ) ), $seen );
	}
}
