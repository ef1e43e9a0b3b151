<?php
/**
 * The S3 client against moto through the S3 front, as the guide's
 * least-privilege user: moto verifies every header signature and the IAM
 * policy, the front verifies presigned URLs with the AWS SDK's signer.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\Plugin;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\Clock;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class S3ClientTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		self::configure_guide_settings();
		self::front( 'POST', '/reset' );
	}

	protected function tearDown(): void {
		self::front( 'POST', '/reset' );
		delete_option( Settings_Fields::OPTION );
		delete_option( Clock::OPTION );
		parent::tearDown();
	}

	private function client(): S3_Client {
		$client = ( new Client_Factory( Plugin::settings() ) )->client();
		$this->assertInstanceOf( S3_Client::class, $client );
		return $client;
	}

	private function key( string $name ): string {
		return 'wp-content/uploads/client-test/' . wp_generate_password( 6, false ) . '-' . $name;
	}

	/** @return array<string, array{0: string}> */
	public static function awkward_names(): array {
		return array(
			'plain'         => array( 'photo.jpg' ),
			'spaces'        => array( 'photo with spaces.jpg' ),
			'unicode'       => array( 'café-日本.png' ),
			'reserved'      => array( 'a+b=c~d&e.txt' ),
			'parens quotes' => array( "(weird)!*'name;,.jpg" ),
		);
	}

	/** @dataProvider awkward_names */
	public function test_put_get_delete_round_trip_with_signatures_moto_accepts( string $name ): void {
		$client = $this->client();
		$key    = $this->key( $name );
		$body   = random_bytes( 2048 );

		$put = $client->put_object( $key, $body, 'application/octet-stream', 'private' );
		$this->assertInstanceOf( S3_Response::class, $put, $put instanceof S3_Error ? $put->code . ' ' . $put->message : '' );

		$get = $client->get_object( $key );
		$this->assertInstanceOf( S3_Response::class, $get );
		$this->assertSame( $body, $get->body );

		$list = $client->list_objects( 'wp-content/uploads/client-test/', 1000 );
		$this->assertInstanceOf( S3_Response::class, $list );
		$this->assertStringContainsString( '<Key>' . htmlspecialchars( $key, ENT_XML1 ) . '</Key>', $list->body );

		$this->assertInstanceOf( S3_Response::class, $client->delete_object( $key ) );
		$gone = $client->get_object( $key );
		$this->assertInstanceOf( S3_Error::class, $gone );
		$this->assertSame( 'NoSuchKey', $gone->code );
	}

	public function test_a_presigned_url_is_accepted_by_the_front_and_a_tampered_one_is_not(): void {
		$client = $this->client();
		$key    = $this->key( 'presigned file.txt' );
		$this->assertInstanceOf( S3_Response::class, $client->put_object( $key, 'secret body', 'text/plain', 'private' ) );

		$url = $client->presign_get( $key, 120 );
		$this->assertSame( 200, wp_remote_retrieve_response_code( wp_remote_get( $url ) ) );
		$this->assertSame( 'secret body', wp_remote_retrieve_body( wp_remote_get( $url ) ) );

		$tampered = preg_replace_callback( '/X-Amz-Signature=([0-9a-f])/', static fn( $m ) => 'X-Amz-Signature=' . ( '0' === $m[1] ? '1' : '0' ), $url );
		$this->assertSame( 403, wp_remote_retrieve_response_code( wp_remote_get( (string) $tampered ) ) );
		$this->assertSame( 403, wp_remote_retrieve_response_code( wp_remote_get( strtok( $url, '?' ) ) ), 'private without a signature' );
		$client->delete_object( $key );
	}

	public function test_the_guide_policy_refuses_keys_outside_uploads(): void {
		$result = $this->client()->put_object( 'outside-uploads.txt', 'x', 'text/plain' );
		$this->assertInstanceOf( S3_Error::class, $result );
		$this->assertSame( 'AccessDenied', $result->code );
		$this->assertSame( 403, $result->status );
	}

	public function test_a_wrong_secret_is_signature_does_not_match_and_not_retried(): void {
		self::configure_guide_settings( array( 'secret_access_key' => 'not-the-right-secret' ) );
		$since  = self::front( 'GET', '/state' )['lastSeq'] ?? 0;
		$result = $this->client()->list_objects( 'wp-content/uploads/', 1 );
		$this->assertInstanceOf( S3_Error::class, $result );
		$this->assertSame( 'SignatureDoesNotMatch', $result->code );
		$this->assertCount( 1, self::front( 'GET', '/log?since=' . $since )['entries'], 'a permanent error is not retried' );
	}

	public function test_slow_down_is_retried_until_s3_answers(): void {
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'list-type' ),
				'response' => self::aws_response( 'slow-down' ),
				'times'    => 2,
			)
		);
		$client = $this->client();
		$result = $client->list_objects( 'wp-content/uploads/', 1 );
		$this->assertInstanceOf( S3_Response::class, $result );
		$this->assertSame( 1, $client->requests(), 'retries are not counted as requests' );
	}

	public function test_internal_error_that_persists_is_reported_after_bounded_attempts(): void {
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'list-type' ),
				'response' => self::aws_response( 'internal-error' ),
				'times'    => 100,
			)
		);
		$since  = self::front( 'GET', '/state' )['lastSeq'] ?? 0;
		$result = $this->client()->list_objects( 'wp-content/uploads/', 1 );
		$this->assertInstanceOf( S3_Error::class, $result );
		$this->assertSame( 'InternalError', $result->code );
		$this->assertCount( 3, self::front( 'GET', '/log?since=' . $since )['entries'], 'three attempts, then the error' );
	}

	public function test_clock_skew_is_corrected_from_the_answer_and_retried_once(): void {
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'list-type' ),
				'response' => self::aws_response( 'request-time-too-skewed' ),
				'times'    => 1,
			)
		);
		$client = $this->client();
		$result = $client->list_objects( 'wp-content/uploads/', 1 );
		// The replayed ServerTime is a fixed moment, so after correcting, the
		// request is signed with that time; moto does not police the time.
		$this->assertInstanceOf( S3_Response::class, $result );
		$this->assertCount( 1, $client->clock_corrections() );
		$expected = strtotime( '2026-11-27T12:00:03Z' ) - time();
		$this->assertEqualsWithDelta( $expected, ( new Clock() )->offset(), 2 );
	}

	public function test_an_unreachable_endpoint_is_a_transport_error_within_the_time_limit(): void {
		self::front( 'POST', '/down' );
		$client = $this->client();
		$client->set_time_limit( 5 );
		$started = microtime( true );
		$result  = $client->list_objects( 'wp-content/uploads/', 1 );
		$this->assertInstanceOf( S3_Error::class, $result );
		$this->assertTrue( $result->transport );
		$this->assertSame( S3_Error::NETWORK, $result->code );
		$this->assertLessThan( 5.5, microtime( true ) - $started );
	}

	public function test_get_bucket_location_normalises_the_answer(): void {
		$this->assertSame( 'us-east-1', $this->client()->get_bucket_location() );
		self::front(
			'POST',
			'/replay',
			array(
				'match'    => array( 'query' => 'location' ),
				'response' => self::aws_response( 'get-bucket-location-eu-west-1' ),
				'times'    => 1,
			)
		);
		$this->assertSame( 'eu-west-1', $this->client()->get_bucket_location() );
	}
}
