<?php
/**
 * What every route of the plugin refuses before its callback runs: anyone
 * but an administrator, whatever the body (the permission comes first); a
 * body that is not a JSON object, or not JSON or a form at all; fields the
 * route does not take; an attachment ID given again in the body or the
 * query string; and all of it whatever the case of the route. And the
 * attachment field, which only the edit context shows.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Rest;

use S3MediaSync\Access\Last_Result;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

final class RequestGuardsTest extends TestCase {

	private const LAST_RESULT = array(
		'ok'        => true,
		'category'  => 'ok',
		'tested_at' => '2026-11-27T12:00:00Z',
		'checks'    => array(),
	);

	protected function setUp(): void {
		parent::setUp();
		delete_option( Settings_Fields::OPTION );
		update_option( Last_Result::OPTION, self::LAST_RESULT, false );
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		delete_option( Last_Result::OPTION );
		parent::tearDown();
	}

	/**
	 * @param array<string, string> $headers Headers.
	 * @param array<string, mixed>  $query   Query string parameters.
	 */
	private function raw( string $method, string $route, string $body, array $headers = array(), array $query = array() ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, $route );
		$request->set_header( 'Content-Type', 'application/json' );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		$request->set_body( $body );
		$request->set_query_params( $query );
		return rest_get_server()->dispatch( $request );
	}

	/** @return array<string, array{0: string, 1: int}> */
	public static function callers(): array {
		return array(
			'visitor'     => array( '', 401 ),
			'subscriber'  => array( 'subscriber', 403 ),
			'contributor' => array( 'contributor', 403 ),
			'author'      => array( 'author', 403 ),
			'editor'      => array( 'editor', 403 ),
		);
	}

	/** @dataProvider callers */
	public function test_anyone_but_an_administrator_is_refused_before_the_body_is_read( string $role, int $status ): void {
		if ( '' !== $role ) {
			$this->act_as( $role );
		}
		foreach ( array( '"abc"', '{"bucket": ', '{"bucket": 5}', '{"unknown": 1}', 'null' ) as $body ) {
			$response = $this->raw( 'POST', '/s3-media-sync/v1/settings', $body );
			$this->assertSame( $status, $response->get_status(), $body );
			$this->assertSame( 'rest_forbidden', $response->get_data()['code'], $body );
		}
		$this->assertSame( $status, $this->raw( 'POST', '/s3-media-sync/v1/attachments/1/acl', '{"acl": "everyone"}' )->get_status() );
		$this->assertNull( $this->raw_option( Settings_Fields::OPTION ) );
	}

	public function test_the_namespace_index_and_options_stay_public_as_core_serves_them(): void {
		$this->assertSame( 200, $this->rest( 'GET', '/s3-media-sync/v1' )->get_status() );
		$this->assertSame( 200, $this->rest( 'OPTIONS', '/s3-media-sync/v1/settings' )->get_status() );
	}

	/** @return array<string, array{0: string, 1: string}> */
	public static function bodies_that_are_not_objects(): array {
		return array(
			'null'              => array( 'null', 'rest_invalid_body' ),
			'empty list'        => array( '[]', 'rest_invalid_body' ),
			'list'              => array( '[{"bucket": "x"}]', 'rest_invalid_body' ),
			'number'            => array( '0', 'rest_invalid_body' ),
			'string'            => array( '"abc"', 'rest_invalid_body' ),
			'invalid JSON'      => array( '{"bucket": ', 'rest_invalid_json' ),
		);
	}

	/** @dataProvider bodies_that_are_not_objects */
	public function test_a_body_that_is_not_a_json_object_is_refused_on_every_route( string $body, string $code ): void {
		$this->act_as( 'administrator' );
		foreach ( array( array( 'POST', 'settings' ), array( 'POST', 'test' ), array( 'GET', 'sync' ), array( 'POST', 'sync/batch' ) ) as list( $method, $route ) ) {
			$response = $this->raw( $method, "/s3-media-sync/v1/$route", $body );
			$this->assertSame( 400, $response->get_status(), "$method $route $body" );
			$this->assertSame( $code, $response->get_data()['code'], "$method $route $body" );
		}
		$this->assertSame( self::LAST_RESULT, get_option( Last_Result::OPTION ), 'POST /test ran' );
	}

	public function test_a_route_in_capitals_is_guarded_too(): void {
		$this->act_as( 'administrator' );
		// Core matches it to the settings route; unguarded, core warned while sanitizing the string.
		$response = $this->raw( 'POST', '/S3-Media-Sync/V1/Settings', '"abc"' );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_body', $response->get_data()['code'] );
	}

	public function test_a_body_neither_json_nor_a_form_is_refused_rather_than_ignored(): void {
		$this->act_as( 'administrator' );
		$response = $this->raw( 'POST', '/s3-media-sync/v1/test', 'run it', array( 'Content-Type' => 'text/plain' ) );
		$this->assertSame( 415, $response->get_status() );
		$this->assertSame( 'rest_unsupported_media_type', $response->get_data()['code'] );
		$this->assertSame( self::LAST_RESULT, get_option( Last_Result::OPTION ) );
	}

	public function test_fields_a_route_does_not_take_are_refused_and_it_does_not_run(): void {
		$this->act_as( 'administrator' );
		$response = $this->raw( 'POST', '/s3-media-sync/v1/test', '{"bucket": "other-bucket"}' );
		$this->assertSame( 400, $response->get_status() );
		$this->assertSame( 'rest_invalid_param', $response->get_data()['code'] );
		$this->assertArrayHasKey( 'bucket', $response->get_data()['data']['params'] );
		$this->assertSame( self::LAST_RESULT, get_option( Last_Result::OPTION ), 'POST /test ran' );

		$batch = $this->raw( 'POST', '/s3-media-sync/v1/sync/batch', '{"limt": 5}' );
		$this->assertSame( 400, $batch->get_status() );
		$this->assertStringContainsString( 'limit', $batch->get_data()['data']['params']['limt'] );

		$get = $this->raw( 'GET', '/s3-media-sync/v1/settings', '{"bucket": "x"}' );
		$this->assertSame( 400, $get->get_status() );
	}

	public function test_a_field_named_0_is_reported_by_name_not_as_a_list(): void {
		$this->act_as( 'administrator' );
		$response = $this->raw( 'POST', '/s3-media-sync/v1/settings', '{"0": "x"}' );
		$this->assertSame( 400, $response->get_status() );
		$encoded = (string) wp_json_encode( $response->get_data() );
		$this->assertStringContainsString( '"params":{"0":', $encoded );
	}

	public function test_a_long_or_markup_field_name_is_echoed_short_and_plain(): void {
		$this->act_as( 'administrator' );
		$response = $this->raw( 'POST', '/s3-media-sync/v1/settings', (string) wp_json_encode( array( '<script>' . str_repeat( 'a', 100000 ) => 1 ) ) );
		$this->assertSame( 400, $response->get_status() );
		$message = $response->get_data()['message'];
		$this->assertLessThan( 100, strlen( $message ) );
		$this->assertStringNotContainsString( '<', $message );
	}

	public function test_core_parameters_in_a_body_are_not_unknown_fields(): void {
		$this->act_as( 'administrator' );
		$response = $this->raw( 'POST', '/s3-media-sync/v1/settings', '{"_locale": "user", "bucket": "core-params-bucket"}' );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'core-params-bucket', $response->get_data()['bucket'] );
	}

	public function test_the_attachment_id_comes_from_the_path_only(): void {
		$this->act_as( 'administrator' );
		$post = wp_insert_post(
			array(
				'post_title'  => 'Not an attachment',
				'post_status' => 'draft',
			)
		);
		$this->assertIsInt( $post );
		$attachment = wp_insert_attachment( array( 'post_title' => 'An attachment', 'post_mime_type' => 'image/png' ), false, 0, true );
		$this->assertIsInt( $attachment );
		try {
			foreach ( array( 'acl', 'retry' ) as $action ) {
				$in_body = $this->raw( 'POST', "/s3-media-sync/v1/attachments/$post/$action", (string) wp_json_encode( array( 'acl' => 'private', 'id' => $attachment ) ) );
				$this->assertSame( 400, $in_body->get_status(), $action );
				$this->assertArrayHasKey( 'id', $in_body->get_data()['data']['params'], $action );

				$in_query = $this->raw( 'POST', "/s3-media-sync/v1/attachments/$post/$action", '{"acl": "private"}', array(), array( 'id' => (string) $attachment ) );
				$this->assertSame( 400, $in_query->get_status(), $action );
			}
			$this->assertSame( '', get_post_meta( $attachment, '_s3_media_sync', true ) );
		} finally {
			wp_delete_post( $post, true );
			wp_delete_attachment( $attachment, true );
		}
	}

	public function test_the_attachment_field_is_only_in_the_edit_context(): void {
		$attachment = wp_insert_attachment( array( 'post_title' => 'Field context', 'post_mime_type' => 'image/png' ), false, 0, true );
		$this->assertIsInt( $attachment );
		try {
			$view = $this->rest( 'GET', "/wp/v2/media/$attachment" );
			$this->assertSame( 200, $view->get_status() );
			$this->assertArrayNotHasKey( 's3_media_sync', $view->get_data(), 'a visitor sees the S3 state' );

			$this->act_as( 'administrator' );
			$request = new \WP_REST_Request( 'GET', "/wp/v2/media/$attachment" );
			$request->set_param( 'context', 'edit' );
			$edit = rest_get_server()->dispatch( $request );
			$this->assertSame( 200, $edit->get_status() );
			$this->assertSame( array( 'status' => 'not_synced' ), $edit->get_data()['s3_media_sync'] );
		} finally {
			wp_delete_attachment( $attachment, true );
		}
	}
}
