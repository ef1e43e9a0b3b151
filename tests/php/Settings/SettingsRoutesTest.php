<?php
/**
 * The settings routes exist with their schema, and only administrators use them.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

final class SettingsRoutesTest extends TestCase {

	public function test_settings_route_is_registered_with_get_and_post(): void {
		$routes = rest_get_server()->get_routes( 's3-media-sync/v1' );
		$this->assertArrayHasKey( '/s3-media-sync/v1/settings', $routes );
		$methods = array();
		foreach ( $routes['/s3-media-sync/v1/settings'] as $handler ) {
			$methods = array_merge( $methods, array_keys( $handler['methods'] ) );
		}
		$this->assertContains( 'GET', $methods );
		$this->assertContains( 'POST', $methods );
	}

	public function test_post_args_follow_the_field_schema_without_defaults(): void {
		$routes = rest_get_server()->get_routes( 's3-media-sync/v1' );
		$post   = array_values( array_filter( $routes['/s3-media-sync/v1/settings'], static fn( $h ) => isset( $h['methods']['POST'] ) ) )[0];
		$this->assertSame( array_merge( Settings_Fields::names(), array( 'remove_secret_access_key' ) ), array_keys( $post['args'] ) );
		$this->assertSame( array( 'public-read', 'private', 'bucket-default' ), $post['args']['object_acl']['enum'] );
		$this->assertSame( 60, $post['args']['presign_expiry']['minimum'] );
		$this->assertSame( 604800, $post['args']['presign_expiry']['maximum'] );
		foreach ( $post['args'] as $field => $arg ) {
			$this->assertArrayNotHasKey( 'default', $arg, "$field: a default would overwrite stored values on partial updates" );
			$this->assertNotSame( '', $arg['description'], $field );
		}
	}

	/** @return array<string, array{0: string, 1: int, 2: int}> */
	public static function roles(): array {
		return array(
			'administrator' => array( 'administrator', 200, 200 ),
			'editor'        => array( 'editor', 403, 403 ),
			'author'        => array( 'author', 403, 403 ),
			'subscriber'    => array( 'subscriber', 403, 403 ),
			'visitor'       => array( '', 401, 401 ),
		);
	}

	/** @dataProvider roles */
	public function test_only_administrators_read_and_write_settings( string $role, int $get_status, int $post_status ): void {
		if ( '' !== $role ) {
			$this->act_as( $role );
		}
		$before = $this->raw_option( Settings_Fields::OPTION );
		$this->assertSame( $get_status, $this->rest( 'GET', '/s3-media-sync/v1/settings' )->get_status() );
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'bucket' => 'role-test-bucket' ) );
		$this->assertSame( $post_status, $response->get_status() );
		if ( 200 !== $post_status ) {
			$this->assertSame( $before, $this->raw_option( Settings_Fields::OPTION ) );
		}
	}

	public function test_schema_describes_every_field_and_hides_the_secret_from_views(): void {
		$this->act_as( 'administrator' );
		$schema = $this->rest( 'OPTIONS', '/s3-media-sync/v1/settings' )->get_data()['schema'];
		foreach ( Settings_Fields::names() as $field ) {
			$this->assertArrayHasKey( $field, $schema['properties'] );
		}
		$this->assertSame( array(), $schema['properties']['secret_access_key']['context'] );
		$this->assertTrue( $schema['properties']['has_secret_access_key']['readonly'] );
	}
}
