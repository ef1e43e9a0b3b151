<?php
/**
 * Every real AWS answer in tests/fixtures/aws-responses/ is read for what the
 * plugin needs: the code, the region S3 names, the server time, and whether
 * to retry.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\S3\Retry_Policy;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\Tests\TestCase;

final class ErrorParsingTest extends TestCase {

	/** @return array{0: int, 1: array<string, string>, 2: string} */
	private static function parse_http( string $raw ): array {
		list( $head, $body ) = array_pad( explode( "\n\n", str_replace( "\r\n", "\n", $raw ), 2 ), 2, '' );
		$lines           = explode( "\n", $head );
		$status          = (int) explode( ' ', (string) array_shift( $lines ) )[1];
		$headers         = array();
		foreach ( $lines as $line ) {
			list( $name, $value )                    = array_map( 'trim', explode( ':', $line, 2 ) );
			$headers[ strtolower( (string) $name ) ] = (string) $value;
		}
		return array( $status, $headers, trim( $body ) );
	}

	/** @return array<string, array{0: string, 1: string, 2: bool, 3: string}> */
	public static function answers(): array {
		return array(
			'access denied'       => array( 'access-denied', 'AccessDenied', false, '' ),
			'acls disabled'       => array( 'acl-not-supported', 'AccessControlListNotSupported', false, '' ),
			'block public access' => array( 'block-public-access', 'AccessDenied', false, '' ),
			'invalid key'         => array( 'invalid-access-key-id', 'InvalidAccessKeyId', false, '' ),
			'bad signature'       => array( 'signature-does-not-match', 'SignatureDoesNotMatch', false, '' ),
			'expired token'       => array( 'expired-token', 'ExpiredToken', false, '' ),
			'no such bucket'      => array( 'no-such-bucket', 'NoSuchBucket', false, '' ),
			'permanent redirect'  => array( 'permanent-redirect', 'PermanentRedirect', false, 'eu-west-1' ),
			'wrong region signed' => array( 'authorization-header-malformed', 'AuthorizationHeaderMalformed', false, 'eu-west-1' ),
			'clock skew'          => array( 'request-time-too-skewed', 'RequestTimeTooSkewed', false, '' ),
			'slow down'           => array( 'slow-down', 'SlowDown', true, '' ),
			'internal error'      => array( 'internal-error', 'InternalError', true, '' ),
		);
	}

	/** @dataProvider answers */
	public function test_real_aws_answers_are_parsed_and_classified( string $file, string $code, bool $transient, string $region ): void {
		list( $status, $headers, $body ) = self::parse_http( self::aws_response( $file ) );
		$error                       = S3_Error::from_response( $status, $headers, $body );
		$this->assertSame( $code, $error->code );
		$this->assertSame( $status, $error->status );
		$this->assertNotSame( '', $error->message );
		$this->assertNotSame( '', $error->request_id );
		$this->assertSame( $region, $error->region );
		$this->assertSame( $transient, ( new Retry_Policy() )->is_transient( $error ) );
	}

	public function test_clock_skew_carries_the_server_time(): void {
		list( $status, $headers, $body ) = self::parse_http( self::aws_response( 'request-time-too-skewed' ) );
		$error                       = S3_Error::from_response( $status, $headers, $body );
		$this->assertSame( '2026-11-27T12:00:03Z', $error->server_time );
		$this->assertTrue( ( new Retry_Policy() )->is_clock_skew( $error ) );
	}

	public function test_a_bodyless_answer_is_named_by_its_status(): void {
		$this->assertSame( 'NotFound', S3_Error::from_response( 404, array(), '' )->code );
		$this->assertTrue( ( new Retry_Policy() )->is_transient( S3_Error::from_response( 502, array(), '<html>Bad gateway</html>' ) ) );
		$this->assertFalse( ( new Retry_Policy() )->is_transient( S3_Error::from_response( 403, array(), '' ) ) );
	}

	public function test_timeouts_and_resets_are_transient_and_backoff_is_bounded(): void {
		$policy = new Retry_Policy( 3, 100, 2000 );
		$this->assertTrue( $policy->is_transient( S3_Error::transport( S3_Error::TIMEOUT, 'cURL error 28' ) ) );
		$this->assertTrue( $policy->is_transient( S3_Error::transport( S3_Error::NETWORK, 'cURL error 56: Connection reset' ) ) );
		$this->assertTrue( $policy->is_transient( S3_Error::from_response( 400, array(), '<Error><Code>RequestTimeout</Code><Message>x</Message></Error>' ) ) );
		for ( $attempt = 2; $attempt <= 10; $attempt++ ) {
			$delay = $policy->delay_ms( $attempt );
			$this->assertGreaterThanOrEqual( 0, $delay );
			$this->assertLessThanOrEqual( 2000, $delay );
		}
	}
}
