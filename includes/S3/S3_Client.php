<?php
/**
 * The S3 operations the guide's policy grants, on one bucket. Requests go
 * through Transport: signed with our SigV4, retried by error code, the
 * clock corrected once on RequestTimeTooSkewed.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\S3;

final class S3_Client {

	/** How many deletions run at once. */
	private const DELETE_CONCURRENCY = 8;

	/** Logical requests made (retries not counted), for Test S3 Access's budget. */
	private int $requests = 0;

	public function __construct(
		private readonly Transport $transport,
		public readonly Bucket_Address $address
	) {}

	public function requests(): int {
		return $this->requests;
	}

	/** @return list<int> Offsets applied because S3 said the clock was off. */
	public function clock_corrections(): array {
		return $this->transport->clock_corrections();
	}

	/** Bounds everything this client does from now on to `$seconds`. */
	public function set_time_limit( float $seconds ): void {
		$this->transport->set_deadline( microtime( true ) + $seconds );
	}

	/** Moves the time limit to an absolute moment (microtime). */
	public function set_deadline( float $deadline ): void {
		$this->transport->set_deadline( $deadline );
	}

	/** Seconds left before the time limit (INF without one). */
	public function time_left(): float {
		return $this->transport->time_left();
	}

	/** s3:ListBucket. */
	public function list_objects( string $prefix, int $max_keys = 1000, string $continuation_token = '', string $delimiter = '' ): S3_Response|S3_Error {
		++$this->requests;
		return $this->transport->send( $this->list_request( $prefix, $max_keys, $continuation_token, $delimiter ) );
	}

	/** The ListObjectsV2 request list_objects() sends, for a caller that sends it among others (Parallel_Put::put_along()). */
	public function list_request( string $prefix, int $max_keys = 1000, string $continuation_token = '', string $delimiter = '' ): Request {
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
		return new Request( 'GET', $this->address->bucket_url() . '?' . http_build_query( $query, '', '&', PHP_QUERY_RFC3986 ) );
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

	/**
	 * s3:DeleteObject for several keys at once, in parallel: an image and
	 * its sizes take about as long as one. (DeleteObjects would need the
	 * keys' permission judged against the bucket, which the guide's policy
	 * does not grant.)
	 *
	 * @param list<string> $keys Object keys.
	 * @return array<string, S3_Response|S3_Error> Key => outcome.
	 */
	public function delete_objects( array $keys ): array {
		$keys            = array_values( array_unique( $keys ) );
		$this->requests += count( $keys );
		$outcomes        = $this->transport->send_all(
			array_map( fn( string $key ): Request => new Request( 'DELETE', $this->address->object_url( $key ) ), $keys ),
			self::DELETE_CONCURRENCY
		);
		return array_combine( $keys, $outcomes );
	}

	/** A presigned GET URL: no request is made. */
	public function presign_get( string $key, int $expires ): string {
		return $this->transport->presign( 'GET', $this->address->object_url( $key ), $expires );
	}

	/**
	 * @param array<string, string> $headers Lowercase names.
	 */
	public function send( string $method, string $url, array $headers = array(), string $body = '' ): S3_Response|S3_Error {
		++$this->requests;
		return $this->transport->send( new Request( $method, $url, $headers, $body ) );
	}
}
