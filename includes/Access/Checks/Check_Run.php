<?php
/**
 * One run of Test S3 Access, as the checks share it: the client and
 * settings, the test object (its key and bytes, whether S3 stored it and
 * with the configured ACL), what was learnt on the way (the bucket's real
 * region, a test object left behind, requests made outside the client) and
 * the results so far. Also the one way an S3 answer becomes a result line.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access\Checks;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Check_Result;
use S3MediaSync\Access\Diagnosis;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;

final class Check_Run {

	/** Whether S3 holds the test object. */
	public bool $stored = false;

	/** Whether it holds it with the configured ACL. */
	public bool $acl_applied = false;

	public int $extra_requests = 0;

	public string $region_detected = '';

	public ?string $leftover_key = null;

	/** @var list<Check_Result> */
	private array $results = array();

	/**
	 * @param array<string, mixed> $settings Effective settings.
	 */
	public function __construct(
		public readonly S3_Client $client,
		public readonly array $settings,
		public readonly Diagnosis $diagnosis,
		public readonly string $key,
		public readonly string $body
	) {}

	public function add( Check_Result $result ): void {
		$this->results[] = $result;
	}

	/** @return list<Check_Result> */
	public function results(): array {
		return $this->results;
	}

	public function setting( string $field ): string {
		return (string) ( $this->settings[ $field ] ?? '' );
	}

	/** A check's line from an S3 answer: pass, or fail with the diagnosis of the error. */
	public function outcome( string $id, S3_Response|S3_Error|string $result, float $clock, string $success ): Check_Result {
		$permission = Check_Ids::permission( $id );
		if ( ! $result instanceof S3_Error ) {
			return new Check_Result( $id, $permission, Check_Result::PASS, $success, '', array(), self::ms( $clock ) );
		}
		$category = Diagnosis::category_of( $result );
		$hints    = match ( $category ) {
			'invalid_credentials'  => $this->diagnosis->invalid_credentials( $result ),
			'bucket_not_found'     => $this->diagnosis->bucket_not_found(),
			'region_mismatch'      => $this->diagnosis->region_mismatch( $this->region_detected = $result->region ),
			'access_denied'        => $this->diagnosis->access_denied( $permission, Check_Ids::LIST_BUCKET === $id ),
			'acl_not_supported'    => $this->diagnosis->acl_not_supported(),
			'clock_skew'           => $this->diagnosis->clock_skew( 0 ),
			'endpoint_unreachable' => $this->diagnosis->endpoint_unreachable( $result, $this->endpoint_label() ),
			default                => array( Diagnosis::describe( $result ) ),
		};
		$message  = match ( $category ) {
			/* translators: %s: an S3 permission such as s3:PutObject. */
			'access_denied'    => sprintf( __( 'Access Denied: the IAM user may not use %s here.', 's3-media-sync' ), $permission ),
			'bucket_not_found' => __( 'The bucket does not exist.', 's3-media-sync' ),
			'region_mismatch'  => '' !== $result->region
				/* translators: %s: region code. */
				? sprintf( __( 'The bucket is in another region: %s.', 's3-media-sync' ), $result->region )
				: __( 'The bucket is in another region.', 's3-media-sync' ),
			default            => Diagnosis::describe( $result ),
		};
		return new Check_Result( $id, $permission, Check_Result::FAIL, $message, $result->code, $hints, self::ms( $clock ), $category );
	}

	/**
	 * A line for a check that failed for the reason its message gives.
	 *
	 * @param list<string> $hints What to do, most likely first.
	 */
	public function failure( string $id, string $message, string $code, array $hints, float $clock, string $category ): Check_Result {
		return new Check_Result( $id, Check_Ids::permission( $id ), Check_Result::FAIL, $message, $code, $hints, self::ms( $clock ), $category );
	}

	/** A line for a check that was not tried, and why. */
	public function skip( string $id, string $why = '' ): Check_Result {
		return new Check_Result( $id, Check_Ids::permission( $id ), Check_Result::SKIP, '' !== $why ? $why : __( 'Not tried: the test object could not be uploaded.', 's3-media-sync' ) );
	}

	/** Every check not run yet is skipped, for the same reason. */
	public function skip_rest( string $why ): void {
		$done = array_map( static fn( Check_Result $result ): string => $result->id, $this->results );
		foreach ( Check_Ids::ORDER as $id ) {
			if ( ! in_array( $id, $done, true ) ) {
				$this->results[] = $this->skip( $id, $why );
			}
		}
	}

	private function endpoint_label(): string {
		return '' !== $this->setting( 'endpoint' ) ? $this->setting( 'endpoint' ) : 'Amazon S3 (' . $this->setting( 'region' ) . ')';
	}

	public static function ms( float $since ): int {
		return (int) round( 1000 * ( microtime( true ) - $since ) );
	}
}
