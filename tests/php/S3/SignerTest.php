<?php
/**
 * The PHP signer agrees byte for byte with the AWS SDK's own signer on every
 * fixture tools/s3/make-signer-fixtures.ts computed with it.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\S3;

use S3MediaSync\S3\Credentials;
use S3MediaSync\S3\Signer;
use S3MediaSync\Tests\TestCase;

final class SignerTest extends TestCase {

	/** @return array<string, mixed> */
	private static function fixture_file(): array {
		return json_decode( (string) file_get_contents( dirname( __DIR__, 2 ) . '/fixtures/sigv4.json' ), true );
	}

	/** @return array<string, array{0: array<string, mixed>}> */
	public static function fixtures(): array {
		$cases = array();
		foreach ( self::fixture_file()['fixtures'] as $fixture ) {
			$cases[ $fixture['name'] ] = array( $fixture );
		}
		return $cases;
	}

	private function signer( string $region, string $session_token = '' ): Signer {
		$credentials = self::fixture_file()['credentials'];
		return new Signer( new Credentials( $credentials['accessKeyId'], $credentials['secretAccessKey'], $session_token ), $region );
	}

	/**
	 * @dataProvider fixtures
	 * @param array<string, mixed> $fixture One fixture.
	 */
	public function test_signature_matches_the_aws_sdk( array $fixture ): void {
		$signer = $this->signer( $fixture['region'], $fixture['sessionToken'] ?? '' );
		if ( 'header' === $fixture['kind'] ) {
			$body    = (string) base64_decode( $fixture['body'], true );
			$headers = $signer->sign( $fixture['method'], $fixture['url'], $fixture['headers'], hash( 'sha256', $body ), $fixture['time'] );
			$this->assertSame( $fixture['expected'], $headers['authorization'] );
			$this->assertSame( hash( 'sha256', $body ), $headers['x-amz-content-sha256'] );
			$this->assertSame( $fixture['sessionToken'] ?? null, $headers['x-amz-security-token'] ?? null, 'the token is sent (and signed)' );
			return;
		}
		$url = $signer->presign( $fixture['method'], $fixture['url'], $fixture['expires'], $fixture['time'] );
		parse_str( (string) wp_parse_url( $url, PHP_URL_QUERY ), $query );
		$this->assertSame( $fixture['expected'], $query['X-Amz-Signature'] );
		$this->assertSame( (string) $fixture['expires'], $query['X-Amz-Expires'] );
		$this->assertSame( $fixture['sessionToken'] ?? null, $query['X-Amz-Security-Token'] ?? null, 'the token travels in the URL' );
		$this->assertStringStartsWith( strtok( $fixture['url'], '?' ) . '?', $url, 'the path is sent as signed' );
	}

	public function test_a_different_secret_gives_a_different_signature(): void {
		$fixture = self::fixtures()['PUT wp-content/uploads/2026/11/photo.jpg'][0];
		$signer  = new Signer( new Credentials( 'AKIAIOSFODNN7EXAMPLE', 'another-secret' ), $fixture['region'] );
		$headers = $signer->sign( $fixture['method'], $fixture['url'], $fixture['headers'], hash( 'sha256', '' ), $fixture['time'] );
		$this->assertNotSame( $fixture['expected'], $headers['authorization'] );
	}

	public function test_credentials_never_print_their_secret(): void {
		$credentials = new Credentials( 'AKIAIOSFODNN7EXAMPLE', 'do-not-print-me' );
		$this->assertStringNotContainsString( 'do-not-print-me', print_r( $credentials, true ) ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_print_r
		ob_start();
		var_dump( $credentials ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_var_dump
		$this->assertStringNotContainsString( 'do-not-print-me', (string) ob_get_clean() );
		$this->expectException( \LogicException::class );
		serialize( $credentials ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize
	}
}
