<?php
/**
 * Bad input gets a 400 with a message for the field, and changes nothing:
 * the stored option stays byte-for-byte what it was.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

final class SettingsValidationTest extends TestCase {

	private const VALID = array(
		'access_key_id'     => 'AKIAIOSFODNN7EXAMPLE',
		'secret_access_key' => 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
		'bucket'            => 'valid-media-bucket',
		'region'            => 'eu-west-1',
		'object_acl'        => 'public-read',
	);

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		delete_option( Settings_Fields::OPTION );
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', self::VALID );
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	/** @return array<string, array{0: array<string, mixed>, 1: string}> */
	public static function bad_inputs(): array {
		return array(
			'bucket too short'               => array( array( 'bucket' => 'ab' ), 'bucket' ),
			'bucket too long'                => array( array( 'bucket' => str_repeat( 'a', 64 ) ), 'bucket' ),
			'bucket uppercase'               => array( array( 'bucket' => 'My-Bucket' ), 'bucket' ),
			'bucket underscore'              => array( array( 'bucket' => 'my_bucket' ), 'bucket' ),
			'bucket leading hyphen'          => array( array( 'bucket' => '-bucket' ), 'bucket' ),
			'bucket trailing hyphen'         => array( array( 'bucket' => 'bucket-' ), 'bucket' ),
			'bucket trailing dot'            => array( array( 'bucket' => 'bucket.' ), 'bucket' ),
			'bucket adjacent dots'           => array( array( 'bucket' => 'my..bucket' ), 'bucket' ),
			'bucket ip address'              => array( array( 'bucket' => '192.168.5.4' ), 'bucket' ),
			'bucket xn-- prefix'             => array( array( 'bucket' => 'xn--bucket' ), 'bucket' ),
			'bucket sthree- prefix'          => array( array( 'bucket' => 'sthree-bucket' ), 'bucket' ),
			'bucket amzn-s3-demo- prefix'    => array( array( 'bucket' => 'amzn-s3-demo-bucket' ), 'bucket' ),
			'bucket -s3alias suffix'         => array( array( 'bucket' => 'bucket-s3alias' ), 'bucket' ),
			'bucket --ol-s3 suffix'          => array( array( 'bucket' => 'bucket--ol-s3' ), 'bucket' ),
			'bucket .mrap suffix'            => array( array( 'bucket' => 'bucket.mrap' ), 'bucket' ),
			'bucket --x-s3 suffix'           => array( array( 'bucket' => 'bucket--x-s3' ), 'bucket' ),
			'bucket --table-s3 suffix'       => array( array( 'bucket' => 'bucket--table-s3' ), 'bucket' ),
			'bucket unicode'                 => array( array( 'bucket' => 'bücket' ), 'bucket' ),
			'bucket number'                  => array( array( 'bucket' => 123 ), 'bucket' ),
			'bucket array'                   => array( array( 'bucket' => array( 'a' ) ), 'bucket' ),
			'bucket 1 MB'                    => array( array( 'bucket' => str_repeat( 'a', 1048576 ) ), 'bucket' ),
			'bucket html'                    => array( array( 'bucket' => '<script>alert(1)</script>' ), 'bucket' ),
			'region unknown without endpoint' => array( array( 'region' => 'mars-north-1' ), 'region' ),
			'region empty'                   => array( array( 'region' => '' ), 'region' ),
			'region with spaces'             => array( array( 'region' => 'us east 1' ), 'region' ),
			'region null'                    => array( array( 'region' => null ), 'region' ),
			'acl not offered'                => array( array( 'object_acl' => 'authenticated-read' ), 'object_acl' ),
			'acl boolean'                    => array( array( 'object_acl' => true ), 'object_acl' ),
			'prefix leading slash'           => array( array( 'key_prefix' => '/media' ), 'key_prefix' ),
			'prefix dot dot'                 => array( array( 'key_prefix' => 'a/../b' ), 'key_prefix' ),
			'prefix control character'       => array( array( 'key_prefix' => "a\x01b" ), 'key_prefix' ),
			'prefix null byte'               => array( array( 'key_prefix' => "media\0" ), 'key_prefix' ),
			'prefix oversize'                => array( array( 'key_prefix' => str_repeat( 'p', 201 ) ), 'key_prefix' ),
			'prefix right-to-left override'  => array( array( 'key_prefix' => "\u{202E}aidem/" ), 'key_prefix' ),
			'prefix zero-width space'        => array( array( 'key_prefix' => "me\u{200B}dia" ), 'key_prefix' ),
			'prefix C1 control character'    => array( array( 'key_prefix' => "media\u{0085}" ), 'key_prefix' ),
			'prefix markup'                  => array( array( 'key_prefix' => '<img src=x onerror=alert(1)>' ), 'key_prefix' ),
			'prefix sql'                     => array( array( 'key_prefix' => "media'; DROP TABLE wp_options; --" ), 'key_prefix' ),
			'prefix accents'                 => array( array( 'key_prefix' => 'médias' ), 'key_prefix' ),
			'prefix policy wildcard'         => array( array( 'key_prefix' => 'media*' ), 'key_prefix' ),
			'region zero-width space'        => array( array( 'region' => "us-east-1\u{200B}" ), 'region' ),
			'endpoint ftp'                   => array( array( 'endpoint' => 'ftp://example.com' ), 'endpoint' ),
			'endpoint credentials'           => array( array( 'endpoint' => 'https://user:pass@example.com' ), 'endpoint' ),
			'endpoint query'                 => array( array( 'endpoint' => 'https://example.com/?x=1' ), 'endpoint' ),
			'endpoint fragment'              => array( array( 'endpoint' => 'https://example.com/#f' ), 'endpoint' ),
			'endpoint not a url'             => array( array( 'endpoint' => 'not a url' ), 'endpoint' ),
			'endpoint markup in the path'    => array( array( 'endpoint' => 'https://s3.example.com/<script>alert(1)</script>' ), 'endpoint' ),
			'delivery url backtick'          => array( array( 'delivery_url' => 'https://cdn.example.com/`x`' ), 'delivery_url' ),
			'delivery url javascript'        => array( array( 'delivery_url' => 'javascript:alert(1)' ), 'delivery_url' ),
			'delivery url html'              => array( array( 'delivery_url' => '"><img src=x onerror=alert(1)>' ), 'delivery_url' ),
			'delivery url out of css url()'  => array( array( 'delivery_url' => "https://cdn.example.com/x');background:url(//evil.test/" ), 'delivery_url' ),
			'delivery url quote'             => array( array( 'delivery_url' => "https://cdn.example.com/it's" ), 'delivery_url' ),
			'delivery url parenthesis'       => array( array( 'delivery_url' => 'https://cdn.example.com/a)b' ), 'delivery_url' ),
			'delivery url open parenthesis'  => array( array( 'delivery_url' => 'https://cdn.example.com/a(b' ), 'delivery_url' ),
			'expiry below minimum'           => array( array( 'presign_expiry' => 59 ), 'presign_expiry' ),
			'expiry above maximum'           => array( array( 'presign_expiry' => 604801 ), 'presign_expiry' ),
			'expiry text'                    => array( array( 'presign_expiry' => 'abc' ), 'presign_expiry' ),
			'expiry fraction'                => array( array( 'presign_expiry' => 1.5 ), 'presign_expiry' ),
			'path style not boolean'         => array( array( 'use_path_style' => 'maybe' ), 'use_path_style' ),
			'serve from s3 array'            => array( array( 'serve_from_s3' => array() ), 'serve_from_s3' ),
			'sign urls object'               => array( array( 'sign_urls' => array( 'a' => 1 ) ), 'sign_urls' ),
			'remove local copies text'       => array( array( 'remove_local_copies' => 'yes please' ), 'remove_local_copies' ),
			'access key with inner space'    => array( array( 'access_key_id' => 'AKIA IOSFODNN7EXAMPLE' ), 'access_key_id' ),
			'access key non ascii'           => array( array( 'access_key_id' => 'AKIAÉXAMPLE' ), 'access_key_id' ),
			'access key oversize'            => array( array( 'access_key_id' => str_repeat( 'A', 129 ) ), 'access_key_id' ),
			'access key markup'              => array( array( 'access_key_id' => '<script>alert(1)</script>' ), 'access_key_id' ),
			'access key with a comma'        => array( array( 'access_key_id' => 'AKIA,EXAMPLE' ), 'access_key_id' ),
			'secret oversize'                => array( array( 'secret_access_key' => str_repeat( 's', 129 ) ), 'secret_access_key' ),
			'secret with newline inside'     => array( array( 'secret_access_key' => "abc\ndef" ), 'secret_access_key' ),
			'secret number'                  => array( array( 'secret_access_key' => 12345 ), 'secret_access_key' ),
			'unknown field'                  => array( array( 'colour' => 'blue' ), 'colour' ),
			'unknown field beside valid one' => array(
				array(
					'bucket'    => 'another-valid-bucket',
					'is_admin'  => true,
				),
				'is_admin',
			),
			'valid bucket, invalid region'   => array(
				array(
					'bucket' => 'another-valid-bucket',
					'region' => 'nowhere',
				),
				'region',
			),
		);
	}

	/**
	 * @dataProvider bad_inputs
	 * @param array<string, mixed> $input Request body.
	 */
	public function test_bad_input_is_refused_with_a_field_message_and_nothing_changes( array $input, string $field ): void {
		$before = $this->raw_option( Settings_Fields::OPTION );
		$this->assertNotNull( $before );

		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', $input );

		$this->assertSame( 400, $response->get_status() );
		$data = $response->get_data();
		$this->assertIsArray( $data['data']['params'] ?? null, wp_json_encode( $data ) );
		$this->assertArrayHasKey( $field, $data['data']['params'] );
		$this->assertIsString( $data['data']['params'][ $field ] );
		$this->assertNotSame( '', trim( $data['data']['params'][ $field ] ) );
		$this->assertSame( $before, $this->raw_option( Settings_Fields::OPTION ), 'the stored option changed' );
	}

	/** @return array<string, array{0: string}> */
	public static function malformed_bodies(): array {
		return array(
			'invalid json' => array( '{"bucket": ' ),
			'json list'    => array( '["bucket"]' ),
			'json string'  => array( '"bucket"' ),
		);
	}

	/** @dataProvider malformed_bodies */
	public function test_a_body_that_is_not_a_json_object_is_refused( string $body ): void {
		$before   = $this->raw_option( Settings_Fields::OPTION );
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', $body );
		$this->assertSame( 400, $response->get_status() );
		$this->assertNotSame( '', (string) ( $response->get_data()['message'] ?? '' ) );
		$this->assertSame( $before, $this->raw_option( Settings_Fields::OPTION ) );
	}

	/** A form body can carry bytes that are not UTF-8; the database would refuse them after a 200. */
	public function test_invalid_utf8_in_a_form_body_is_refused_and_nothing_changes(): void {
		$before = $this->raw_option( Settings_Fields::OPTION );
		foreach ( array( 'key_prefix' => "media\xFF\xFE", 'endpoint' => "https://s3.\xC3\x28.example.com" ) as $field => $value ) {
			$request = new \WP_REST_Request( 'POST', '/s3-media-sync/v1/settings' );
			$request->set_header( 'Content-Type', 'application/x-www-form-urlencoded' );
			$request->set_body_params( array( $field => $value ) );
			$response = rest_get_server()->dispatch( $request );
			$this->assertSame( 400, $response->get_status(), $field );
			$this->assertSame( 'This is not valid UTF-8 text.', $response->get_data()['data']['params'][ $field ] ?? null, $field );
		}
		$this->assertSame( $before, $this->raw_option( Settings_Fields::OPTION ) );
	}

	public function test_a_prefix_of_safe_characters_is_accepted(): void {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'key_prefix' => "site-1/staging_2.0/(old)/it's!" ) );
		$this->assertSame( 200, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( "site-1/staging_2.0/(old)/it's!/", $response->get_data()['key_prefix'] );
	}

	public function test_pasted_whitespace_is_trimmed_and_prefix_gets_one_trailing_slash(): void {
		$response = $this->rest(
			'POST',
			'/s3-media-sync/v1/settings',
			array(
				'access_key_id' => "  AKIAIOSFODNN7OTHER\t",
				'bucket'        => ' trimmed-bucket ',
				'key_prefix'    => 'staging',
				'endpoint'      => 'https://s3.example.test/',
			)
		);
		$this->assertSame( 200, $response->get_status(), wp_json_encode( $response->get_data() ) );
		$data = $response->get_data();
		$this->assertSame( 'AKIAIOSFODNN7OTHER', $data['access_key_id'] );
		$this->assertSame( 'trimmed-bucket', $data['bucket'] );
		$this->assertSame( 'staging/', $data['key_prefix'] );
		$this->assertSame( 'https://s3.example.test', $data['endpoint'] );
	}

	public function test_a_partial_update_keeps_every_other_field(): void {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'presign_expiry' => 3600 ) );
		$this->assertSame( 200, $response->get_status() );
		$data = $response->get_data();
		$this->assertSame( 3600, $data['presign_expiry'] );
		$this->assertSame( self::VALID['bucket'], $data['bucket'] );
		$this->assertSame( self::VALID['region'], $data['region'] );
		$this->assertTrue( $data['has_secret_access_key'] );
		$this->assertTrue( $data['configured'] );
	}

	public function test_a_dotted_bucket_is_accepted_with_a_warning(): void {
		$response = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'bucket' => 'media.example.com' ) );
		$this->assertSame( 200, $response->get_status() );
		$warnings = (array) $response->get_data()['warnings'];
		$this->assertArrayHasKey( 'bucket', $warnings );
		$this->assertStringContainsString( 'path-style', $warnings['bucket'] );
	}

	public function test_free_text_region_is_accepted_only_with_a_custom_endpoint(): void {
		$refused = $this->rest( 'POST', '/s3-media-sync/v1/settings', array( 'region' => 'garage' ) );
		$this->assertSame( 400, $refused->get_status() );

		$accepted = $this->rest(
			'POST',
			'/s3-media-sync/v1/settings',
			array(
				'endpoint' => 'http://127.0.0.1:3900',
				'region'   => 'garage',
			)
		);
		$this->assertSame( 200, $accepted->get_status(), wp_json_encode( $accepted->get_data() ) );
		$this->assertSame( 'garage', $accepted->get_data()['region'] );
	}
}
