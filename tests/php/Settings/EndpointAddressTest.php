<?php
/**
 * A site admin cannot point the plugin (and the network's credentials) at a
 * host inside the network: loopback, private, link-local and cloud-metadata
 * addresses are refused unless wp-config.php allows them (the test site
 * does, for the local S3: so these checks pass the refusal on explicitly);
 * and uploads speak only HTTP(S).
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Settings;

use S3MediaSync\S3\Bucket_Address;
use S3MediaSync\S3\Credentials;
use S3MediaSync\S3\Parallel_Put;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\Signer;
use S3MediaSync\S3\Transport;
use S3MediaSync\S3\Upload_Job;
use S3MediaSync\Settings\Endpoint_Address;
use S3MediaSync\Tests\TestCase;

final class EndpointAddressTest extends TestCase {

	/** @return array<string, array{0: string}> */
	public static function inside_the_network(): array {
		return array(
			'loopback'              => array( 'http://127.0.0.1:9000' ),
			'loopback, other'       => array( 'http://127.8.9.10' ),
			'private 10/8'          => array( 'https://10.0.0.5' ),
			'private 172.16/12'     => array( 'https://172.20.1.1:9000' ),
			'private 192.168/16'    => array( 'http://192.168.1.10' ),
			'link-local (metadata)' => array( 'http://169.254.169.254' ),
			'unspecified'           => array( 'http://0.0.0.0' ),
			'IPv6 loopback'         => array( 'http://[::1]:9000' ),
			'IPv6 unique local'     => array( 'http://[fd00::1]' ),
			'localhost'             => array( 'http://localhost:9000' ),
			'a *.localhost name'    => array( 'http://minio.localhost' ),
		);
	}

	/** @dataProvider inside_the_network */
	public function test_an_address_inside_the_network_is_refused_unless_allowed( string $url ): void {
		$problem = Endpoint_Address::problem( $url, false );
		$this->assertIsString( $problem, $url );
		$this->assertStringContainsString( Endpoint_Address::ALLOW_CONSTANT, $problem );
		$this->assertNull( Endpoint_Address::problem( $url, true ), 'allowed by the constant' );
	}

	public function test_a_public_address_is_let_through(): void {
		$this->assertNull( Endpoint_Address::problem( 'https://52.216.1.1', false ) );
		$this->assertNull( Endpoint_Address::problem( 'https://[2600:1f18::1]:443', false ) );
	}

	public function test_uploads_speak_only_http_and_https(): void {
		$file = wp_tempnam( 'protocol' );
		file_put_contents( $file, 'x' );
		$put = new Parallel_Put(
			new Transport( new Signer( new Credentials( 'AKIAEXAMPLE', 'secret' ), 'us-east-1' ) ),
			new Bucket_Address( 'media-bucket', 'us-east-1', 'ftp://127.0.0.1:21', true )
		);
		$result = $put->put( array( new Upload_Job( 'wp-content/uploads/x.txt', $file, 'text/plain' ) ) )['wp-content/uploads/x.txt'] ?? null;
		unlink( $file );
		$this->assertInstanceOf( S3_Error::class, $result );
		// curl refuses the scheme itself (error 1), rather than trying to reach an FTP server.
		$this->assertStringContainsString( 'cURL error 1:', $result->message );
	}
}
