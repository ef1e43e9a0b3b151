<?php
/**
 * AWS Signature Version 4 for S3: header signatures and presigned URLs.
 * Checked against the AWS SDK's own signer (fixtures made by
 * tools/s3/make-signer-fixtures.ts) and live against moto, which refuses a
 * wrong signature.
 *
 * Temporary credentials add their session token: the signed
 * `x-amz-security-token` header, or `X-Amz-Security-Token` in a presigned
 * URL's query (signed too, as the AWS SDKs do for S3).
 *
 * Neither the secret nor the signing key derived from it is a property:
 * var_export ignores __debugInfo, so both sit inside closures.
 *
 * URLs given here are already encoded the way S3 wants them (Object_Url
 * encodes each key segment once); S3 signs the path as sent, without the
 * double encoding other services use.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class Signer {

	public const ALGORITHM        = 'AWS4-HMAC-SHA256';
	public const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
	public const EMPTY_SHA256     = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

	/**
	 * Headers proxies may add, drop or rewrite: signing them would make a
	 * valid request fail on the way. The AWS SDKs leave the same ones out.
	 */
	private const UNSIGNABLE = array( 'authorization', 'cache-control', 'connection', 'expect', 'from', 'keep-alive', 'max-forwards', 'pragma', 'referer', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'user-agent', 'x-amzn-trace-id' );

	/** @var \Closure(string): string The signing key of a day (Ymd), the last one kept: four HMACs saved per request. */
	private readonly \Closure $signing_key;

	public function __construct(
		private readonly Credentials $credentials,
		private readonly string $region,
		private readonly string $service = 's3'
	) {
		$this->signing_key = self::signing_keys( $credentials, $region, $service );
	}

	/** @return array<string, string> */
	public function __debugInfo(): array {
		return array(
			'credentials'   => $this->credentials,
			'region'        => $this->region,
			'service'       => $this->service,
		);
	}

	public function __serialize(): array {
		throw new \LogicException( 'A signer is not serializable.' );
	}

	/**
	 * Headers to send: the given ones plus host, x-amz-date,
	 * x-amz-content-sha256 and authorization.
	 *
	 * @param array<string, string> $headers Header name => value.
	 * @return array<string, string>
	 */
	public function sign( string $method, string $url, array $headers, string $payload_hash, int $time ): array {
		$parts                           = $this->url_parts( $url );
		$amz_date                        = gmdate( 'Ymd\THis\Z', $time );
		$headers                         = array_change_key_case( $headers, CASE_LOWER );
		$headers['host']                 = $parts['host'];
		$headers['x-amz-date']           = $amz_date;
		$headers['x-amz-content-sha256'] = $payload_hash;
		$token                           = $this->credentials->session_token();
		if ( '' !== $token ) {
			$headers['x-amz-security-token'] = $token;
		}

		list( $canonical_headers, $signed_headers ) = $this->canonical_headers( array_diff_key( $headers, array_flip( self::UNSIGNABLE ) ) );
		$canonical_request                      = implode(
			"\n",
			array( strtoupper( $method ), $parts['path'], $this->canonical_query( $parts['query'] ), $canonical_headers, $signed_headers, $payload_hash )
		);
		$scope                                  = $this->scope( $time );
		$signature                              = $this->signature( $canonical_request, $amz_date, $scope, $time );

		$headers['authorization'] = sprintf(
			'%s Credential=%s/%s, SignedHeaders=%s, Signature=%s',
			self::ALGORITHM,
			$this->credentials->access_key_id,
			$scope,
			$signed_headers,
			$signature
		);
		return $headers;
	}

	/** A URL that grants `$method` on the resource to whoever holds it, for `$expires` seconds. */
	public function presign( string $method, string $url, int $expires, int $time ): string {
		$parts    = $this->url_parts( $url );
		$amz_date = gmdate( 'Ymd\THis\Z', $time );
		$scope    = substr( $amz_date, 0, 8 ) . '/' . $this->region . '/' . $this->service . '/aws4_request';
		// Already in canonical order and encoding; pages presign many URLs, so no generic sorting here.
		$own   = 'X-Amz-Algorithm=' . self::ALGORITHM
			. '&X-Amz-Credential=' . rawurlencode( $this->credentials->access_key_id . '/' . $scope )
			. '&X-Amz-Date=' . $amz_date
			. '&X-Amz-Expires=' . $expires
			. $this->token_param()
			. '&X-Amz-SignedHeaders=host';
		$query = '' === $parts['query'] ? $own : $parts['query'] . '&' . $own;

		$canonical_request = strtoupper( $method ) . "\n" . $parts['path'] . "\n"
			. ( '' === $parts['query'] ? $own : $this->canonical_query( $query ) )
			. "\nhost:" . $parts['host'] . "\n\nhost\n" . self::UNSIGNED_PAYLOAD;
		$signature         = $this->signature( $canonical_request, $amz_date, $scope, $time );

		return $parts['scheme'] . '://' . $parts['host'] . $parts['path'] . '?' . $query . '&X-Amz-Signature=' . $signature;
	}

	/** `&X-Amz-Security-Token=…` for temporary credentials, between X-Amz-Expires and X-Amz-SignedHeaders in canonical order. */
	private function token_param(): string {
		$token = $this->credentials->session_token();
		return '' === $token ? '' : '&X-Amz-Security-Token=' . rawurlencode( $token );
	}

	private function scope( int $time ): string {
		return gmdate( 'Ymd', $time ) . '/' . $this->region . '/' . $this->service . '/aws4_request';
	}

	private function signature( string $canonical_request, string $amz_date, string $scope, int $time ): string {
		$string_to_sign = self::ALGORITHM . "\n" . $amz_date . "\n" . $scope . "\n" . hash( 'sha256', $canonical_request );
		return hash_hmac( 'sha256', $string_to_sign, ( $this->signing_key )( substr( $amz_date, 0, 8 ) ) );
	}

	/** @return \Closure(string): string Day (Ymd) => signing key, the last day's kept. */
	private static function signing_keys( Credentials $credentials, string $region, string $service ): \Closure {
		$last = array( '', '' );
		return static function ( string $day ) use ( $credentials, $region, $service, &$last ): string {
			if ( $last[0] !== $day ) {
				$key  = hash_hmac( 'sha256', $day, 'AWS4' . $credentials->secret(), true );
				$key  = hash_hmac( 'sha256', $region, $key, true );
				$key  = hash_hmac( 'sha256', $service, $key, true );
				$last = array( $day, hash_hmac( 'sha256', 'aws4_request', $key, true ) );
			}
			return $last[1];
		};
	}

	/**
	 * @param array<string, string> $headers Lowercase names.
	 * @return array{0: string, 1: string} Canonical header block and signed header list.
	 */
	private function canonical_headers( array $headers ): array {
		ksort( $headers, SORT_STRING );
		$lines = '';
		foreach ( $headers as $name => $value ) {
			$lines .= $name . ':' . preg_replace( '/\s+/', ' ', trim( (string) $value ) ) . "\n";
		}
		return array( $lines, implode( ';', array_keys( $headers ) ) );
	}

	/** Each name and value decoded, then encoded by RFC 3986, sorted by name then value. */
	private function canonical_query( string $query ): string {
		if ( '' === $query ) {
			return '';
		}
		$pairs = array();
		foreach ( explode( '&', $query ) as $pair ) {
			if ( '' === $pair ) {
				continue;
			}
			list( $name, $value ) = array_pad( explode( '=', $pair, 2 ), 2, '' );
			$pairs[]          = array( rawurlencode( rawurldecode( $name ) ), rawurlencode( rawurldecode( $value ) ) );
		}
		// Byte order, as AWS sorts: <=> would compare numeric strings as numbers.
		usort( $pairs, static fn( array $a, array $b ): int => strcmp( $a[0], $b[0] ) ?: strcmp( $a[1], $b[1] ) );
		return implode( '&', array_map( static fn( array $pair ): string => $pair[0] . '=' . $pair[1], $pairs ) );
	}

	/** @return array{scheme: string, host: string, path: string, query: string} */
	private function url_parts( string $url ): array {
		$parts = parse_url( $url ); // phpcs:ignore WordPress.WP.AlternativeFunctions.parse_url_parse_url -- absolute URLs only; wp_parse_url's extra work shows in presigning cost.
		if ( ! is_array( $parts ) || ! isset( $parts['scheme'], $parts['host'] ) ) {
			throw new \InvalidArgumentException( 'Not an absolute URL.' );
		}
		$scheme  = strtolower( $parts['scheme'] );
		$default = 'https' === $scheme ? 443 : 80;
		$host    = strtolower( $parts['host'] ) . ( isset( $parts['port'] ) && (int) $parts['port'] !== $default ? ':' . $parts['port'] : '' );
		return array(
			'scheme' => $scheme,
			'host'   => $host,
			'path'   => isset( $parts['path'] ) && '' !== $parts['path'] ? $parts['path'] : '/',
			'query'  => $parts['query'] ?? '',
		);
	}
}
