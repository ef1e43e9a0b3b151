<?php
/**
 * The S3 operations the guide's policy grants, signed with our SigV4 over
 * the WordPress HTTP API. Transient failures are retried by error code;
 * RequestTimeTooSkewed is retried once with the clock corrected.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class S3_Client {

	/** Logical requests made (retries not counted), for Test S3 Access's budget. */
	private int $requests = 0;

	/** Clock offsets (seconds) learnt from RequestTimeTooSkewed answers. */
	private array $clock_corrections = array();

	/** Unix time after which no request or retry starts (0: none). */
	private float $deadline = 0.0;

	public function __construct(
		private readonly Signer $signer,
		public readonly Bucket_Address $address,
		private readonly Retry_Policy $retry = new Retry_Policy(),
		private readonly Clock $clock = new Clock(),
		private readonly int $timeout = 30
	) {}

	public function requests(): int {
		return $this->requests;
	}

	/** @return list<int> Offsets applied because S3 said the clock was off. */
	public function clock_corrections(): array {
		return $this->clock_corrections;
	}

	/** Bounds everything this client does from now on to `$seconds`. */
	public function set_time_limit( float $seconds ): void {
		$this->deadline = microtime( true ) + $seconds;
	}

	/** Moves the time limit to an absolute moment (microtime). */
	public function set_deadline( float $deadline ): void {
		$this->deadline = $deadline;
	}

	/** Seconds left before the time limit (INF without one). */
	public function time_left(): float {
		return 0.0 === $this->deadline ? INF : max( 0.0, $this->deadline - microtime( true ) );
	}

	/** Seconds a request may take now: the timeout, cut to the time limit. */
	private function request_timeout(): float {
		if ( 0.0 === $this->deadline ) {
			return (float) $this->timeout;
		}
		return max( 0.0, min( (float) $this->timeout, $this->deadline - microtime( true ) ) );
	}

	/** s3:ListBucket. */
	public function list_objects( string $prefix, int $max_keys = 1000, string $continuation_token = '', string $delimiter = '' ): S3_Response|S3_Error {
		$query = array(
			'list-type' => '2',
			'max-keys'  => (string) $max_keys,
			'prefix'    => $prefix,
		);
		if ( '' !== $delimiter ) {
			$query['delimiter'] = $delimiter;
		}
		if ( '' !== $continuation_token ) {
			$query['continuation-token'] = $continuation_token;
		}
		return $this->send( 'GET', $this->address->bucket_url() . '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) );
	}

	/** s3:GetBucketLocation: the bucket's region, normalised, or the error. */
	public function get_bucket_location(): string|S3_Error {
		$response = $this->send( 'GET', $this->address->bucket_url() . '?location=' );
		if ( $response instanceof S3_Error ) {
			return $response;
		}
		$constraint = Xml_Reader::value( $response->body, 'LocationConstraint' );
		return \S3MediaSync\Settings\Aws_Regions::normalize_location( $constraint );
	}

	/**
	 * s3:PutObject (and s3:PutObjectAcl when an ACL is sent). Content-MD5
	 * makes S3 verify the bytes it stored.
	 *
	 * @param array<string, string> $headers Extra headers, such as Cache-Control.
	 */
	public function put_object( string $key, string $body, string $content_type, string $acl = '', array $headers = array() ): S3_Response|S3_Error {
		$headers['content-type'] = $content_type;
		$headers['content-md5']  = base64_encode( md5( $body, true ) ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode
		if ( '' !== $acl ) {
			$headers['x-amz-acl'] = $acl;
		}
		return $this->send( 'PUT', $this->address->object_url( $key ), $headers, $body );
	}

	/** s3:PutObjectAcl with a canned ACL. */
	public function put_object_acl( string $key, string $acl ): S3_Response|S3_Error {
		return $this->send( 'PUT', $this->address->object_url( $key ) . '?acl=', array( 'x-amz-acl' => $acl ) );
	}

	/** s3:GetObject. */
	public function get_object( string $key ): S3_Response|S3_Error {
		return $this->send( 'GET', $this->address->object_url( $key ) );
	}

	/** s3:DeleteObject. */
	public function delete_object( string $key ): S3_Response|S3_Error {
		return $this->send( 'DELETE', $this->address->object_url( $key ) );
	}

	/** A presigned GET URL: no request is made. */
	public function presign_get( string $key, int $expires ): string {
		return $this->signer->presign( 'GET', $this->address->object_url( $key ), $expires, $this->clock->now() );
	}

	/**
	 * @param array<string, string> $headers Lowercase names.
	 */
	public function send( string $method, string $url, array $headers = array(), string $body = '' ): S3_Response|S3_Error {
		++$this->requests;
		// Checked on every request, not only when saved: a name may resolve elsewhere by now.
		$refused = \S3MediaSync\Settings\Endpoint_Address::problem( $url );
		if ( null !== $refused ) {
			return new S3_Error( 'EndpointNotAllowed', $refused );
		}
		$payload_hash   = hash( 'sha256', $body );
		$attempt        = 0;
		$skew_corrected = false;
		while ( true ) {
			++$attempt;
			$timeout = $this->request_timeout();
			if ( $timeout < 0.5 ) {
				return S3_Error::transport( S3_Error::TIMEOUT, __( 'The time allowed for this operation ran out before S3 answered.', 's3-media-sync' ) );
			}
			$signed = $this->signer->sign( $method, $url, $headers, $payload_hash, $this->clock->now() );
			$raw    = wp_remote_request(
				$url,
				array(
					'method'      => $method,
					'headers'     => $signed,
					'body'        => $body,
					'timeout'     => $timeout,
					'redirection' => 0,
					'user-agent'  => 'S3MediaSync/' . \S3MediaSync\VERSION,
				)
			);
			list( $result, $date ) = $this->interpret( $raw );
			if ( $result instanceof S3_Response ) {
				return $result;
			}
			if ( $this->retry->is_clock_skew( $result ) && ! $skew_corrected ) {
				$offset = $this->clock->correct( $result, $date );
				if ( null === $offset ) {
					return $result;
				}
				$this->clock_corrections[] = $offset;
				$skew_corrected            = true;
				--$attempt;
				continue;
			}
			if ( ! $this->retry->is_transient( $result ) || $attempt >= $this->retry->max_attempts ) {
				return $result;
			}
			$delay = $this->retry->delay_ms( $attempt + 1 );
			if ( 0.0 !== $this->deadline && microtime( true ) + $delay / 1000 >= $this->deadline ) {
				return $result;
			}
			usleep( 1000 * $delay );
		}
	}

	/**
	 * @param array<string, mixed>|\WP_Error $raw What wp_remote_request returned.
	 * @return array{0: S3_Response|S3_Error, 1: string} The result and the answer's Date header.
	 */
	private function interpret( array|\WP_Error $raw ): array {
		if ( is_wp_error( $raw ) ) {
			$message = $raw->get_error_message();
			$code    = 1 === preg_match( '/cURL error 28\b|timed out/i', $message ) ? S3_Error::TIMEOUT : S3_Error::NETWORK;
			return array( S3_Error::transport( $code, $message ), '' );
		}
		$status  = (int) wp_remote_retrieve_response_code( $raw );
		$headers = array();
		foreach ( wp_remote_retrieve_headers( $raw ) as $name => $value ) {
			$headers[ strtolower( (string) $name ) ] = is_array( $value ) ? implode( ', ', $value ) : (string) $value;
		}
		$body = (string) wp_remote_retrieve_body( $raw );
		$date = $headers['date'] ?? '';
		if ( $status >= 200 && $status < 300 ) {
			return array( new S3_Response( $status, $headers, $body ), $date );
		}
		return array( S3_Error::from_response( $status, $headers, $body ), $date );
	}
}
