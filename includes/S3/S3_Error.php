<?php
/**
 * What went wrong with one S3 request: S3's own error code and message, the
 * region S3 says the bucket is in, or a transport failure (refused
 * connection, DNS, TLS, timeout). Messages never include credentials.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class S3_Error {

	/** Codes of failures that never reached S3. */
	public const NETWORK = 'NetworkError';
	public const TIMEOUT = 'RequestTimeout';

	public function __construct(
		public readonly string $code,
		public readonly string $message,
		public readonly int $status = 0,
		public readonly string $region = '',
		public readonly string $request_id = '',
		public readonly string $server_time = '',
		public readonly bool $transport = false
	) {}

	/**
	 * @param array<string, string> $headers Lowercase names.
	 */
	public static function from_response( int $status, array $headers, string $body ): self {
		$code    = Xml_Reader::value( $body, 'Code' );
		$message = Xml_Reader::value( $body, 'Message' );
		if ( '' === $code ) {
			// HEAD answers and some proxies send no body: name it by status.
			$code = match ( $status ) {
				301     => 'PermanentRedirect',
				400     => 'BadRequest',
				403     => 'AccessDenied',
				404     => 'NotFound',
				503     => 'SlowDown',
				default => 'HTTP' . $status,
			};
		}
		$region = $headers['x-amz-bucket-region'] ?? Xml_Reader::value( $body, 'Region' );
		return new self(
			$code,
			'' !== $message ? $message : 'HTTP ' . $status,
			$status,
			$region,
			$headers['x-amz-request-id'] ?? Xml_Reader::value( $body, 'RequestId' ),
			Xml_Reader::value( $body, 'ServerTime' )
		);
	}

	public static function transport( string $code, string $message ): self {
		return new self( $code, $message, 0, '', '', '', true );
	}
}
