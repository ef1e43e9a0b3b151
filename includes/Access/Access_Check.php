<?php
/**
 * Test S3 Access: every permission the guide's policy grants, tried in the
 * order docs/rest-api.md gives, on the saved settings, with a test object under
 * <prefix>wp-content/uploads/ that is removed at the end. At most 10 S3
 * requests on the success path, never longer than 30 seconds.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

use S3MediaSync\S3\Client_Factory;
use S3MediaSync\S3\S3_Client;
use S3MediaSync\S3\S3_Error;
use S3MediaSync\S3\S3_Response;
use S3MediaSync\Settings\Settings_Store;

final class Access_Check {

	public const TIME_LIMIT = 30.0;

	/** Seconds kept back so the test object can still be deleted when S3 is slow. */
	private const CLEANUP_RESERVE = 8.0;

	/** @var list<Check_Result> */
	private array $results = array();

	private int $extra_requests = 0;

	private string $region_detected = '';

	private ?string $leftover_key = null;

	private Diagnosis $diagnosis;

	/** @var array<string, mixed> */
	private array $settings = array();

	public function __construct(
		private readonly Settings_Store $store,
		private readonly Client_Factory $factory
	) {}

	/** @return array<string, mixed> The answer of POST /test. */
	public function run(): array {
		$started        = microtime( true );
		$this->settings        = $this->store->values();
		$this->results         = array();
		$this->extra_requests  = 0;
		$this->region_detected = '';
		$this->leftover_key    = null;
		$client         = $this->factory->client();
		if ( null === $client ) {
			return $this->not_configured( $started );
		}
		$client->set_deadline( $started + self::TIME_LIMIT - 1 - self::CLEANUP_RESERVE );
		$this->diagnosis = new Diagnosis(
			(string) $this->settings['bucket'],
			(string) $this->settings['region'],
			(string) $this->settings['key_prefix'],
			(string) $this->settings['access_key_id']
		);

		$this->run_checks( $client, $started + self::TIME_LIMIT - 1 );

		$offsets  = $client->clock_corrections();
		$failed   = array_values( array_filter( $this->results, static fn( Check_Result $r ): bool => Check_Result::FAIL === $r->status ) );
		$category = array() === $failed ? ( array() === $offsets ? 'ok' : 'clock_skew' ) : $failed[0]->category;
		$message  = array() === $failed
			? ( 'ok' === $category
				? __( 'Every permission the plugin needs works: uploads, reads, ACLs, delivery and deletion.', 's3-media-sync' )
				/* translators: %d: seconds. */
				: sprintf( __( 'S3 access works, but this server\'s clock was %d seconds off: set it right.', 's3-media-sync' ), (int) end( $offsets ) ) )
			: $failed[0]->message;

		return array(
			'ok'              => array() === $failed,
			'category'        => $category,
			'title'           => Diagnosis::title( $category ),
			'message'         => $message,
			'tested_at'       => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'checks'          => array_map( static fn( Check_Result $r ): array => $r->to_array(), $this->results ),
			'region_detected' => '' === $this->region_detected ? null : $this->region_detected,
			'leftover_key'    => $this->leftover_key,
			'policy'          => Policy_Document::for_bucket( (string) $this->settings['bucket'], (string) $this->settings['key_prefix'] ),
			'requests'        => $client->requests() + $this->extra_requests,
			'duration_ms'     => (int) round( 1000 * ( microtime( true ) - $started ) ),
		);
	}

	private function run_checks( S3_Client $client, float $final_deadline ): void {
		$prefix = (string) $this->settings['key_prefix'] . 'wp-content/uploads/';

		// 1 and 2: the first signed request judges the credentials too.
		$clock = microtime( true );
		$list  = $client->list_objects( $prefix, 1 );
		$this->credentials_check( $list, $clock );
		$this->results[] = $this->outcome( 'list_bucket', 's3:ListBucket', $list, $clock, __( 'The bucket can be listed.', 's3-media-sync' ) );
		if ( $list instanceof S3_Error && in_array( Diagnosis::category_of( $list ), array( 'invalid_credentials', 'bucket_not_found', 'region_mismatch', 'endpoint_unreachable' ), true ) ) {
			$this->skip_rest( __( 'Not tried: the problem above stops every request.', 's3-media-sync' ) );
			return;
		}

		// 3.
		$clock           = microtime( true );
		$location        = $client->get_bucket_location();
		$this->results[] = $this->location_check( $location, $clock );

		// 4 and 5.
		$acl   = (string) $this->settings['object_acl'];
		$key   = $prefix . 's3-media-sync-test-' . strtolower( wp_generate_password( 12, false ) ) . '.txt';
		$body  = 'S3 Media Sync access test, ' . gmdate( 'c' ) . "\n";
		$clock = microtime( true );
		$put   = $client->put_object( $key, $body, 'text/plain', 'bucket-default' === $acl ? '' : $acl );
		if ( $put instanceof S3_Error && 'bucket-default' !== $acl && in_array( $put->code, array( 'AccessDenied', 'AccessControlListNotSupported' ), true ) ) {
			$stored      = $this->acl_refused( $client, $key, $body, $put, $clock );
			$acl_applied = false;
		} else {
			$acl_applied     = true;
			$stored          = $put instanceof S3_Response;
			$this->results[] = $this->outcome( 'put_object', 's3:PutObject', $put, $clock, __( 'A test object was uploaded.', 's3-media-sync' ) );
			$this->results[] = $this->acl_check( $client, $key, $stored );
		}

		// 6 and 7.
		$this->results[] = $stored ? $this->read_check( $client, $key, $body ) : $this->skipped( 'get_object', 's3:GetObject' );
		$this->results[] = match ( true ) {
			! $stored      => $this->skipped( 'public_url', __( 'Delivery', 's3-media-sync' ) ),
			! $acl_applied => new Check_Result( 'public_url', __( 'Delivery', 's3-media-sync' ), Check_Result::SKIP, __( 'Not judged: the test object could not get the configured ACL (see above).', 's3-media-sync' ) ),
			default        => ( new Delivery_Check( $client, $this->settings ) )->run( $key, $body, $this->extra_requests ),
		};

		// 8. The time kept back is for this: never leave the test object behind for want of time.
		if ( $stored ) {
			$client->set_deadline( $final_deadline );
			$clock  = microtime( true );
			$delete = $client->delete_object( $key );
			if ( $delete instanceof S3_Error ) {
				$this->leftover_key = $key;
			}
			$this->results[] = $this->outcome( 'delete_object', 's3:DeleteObject', $delete, $clock, __( 'The test object was deleted.', 's3-media-sync' ) );
		} else {
			$this->results[] = $this->skipped( 'delete_object', 's3:DeleteObject' );
		}
	}

	private function credentials_check( S3_Response|S3_Error $first, float $clock ): void {
		// Only a success or an authorization refusal means S3 checked the signature.
		if ( $first instanceof S3_Response || 'AccessDenied' === $first->code ) {
			$this->results[] = new Check_Result( 'credentials', __( 'Access key', 's3-media-sync' ), Check_Result::PASS, __( 'S3 accepted the access key and its signature.', 's3-media-sync' ), '', array(), $this->ms( $clock ) );
			return;
		}
		if ( in_array( $first->code, Diagnosis::CREDENTIAL_CODES, true ) ) {
			$message         = 'InvalidAccessKeyId' === $first->code
				? __( 'S3 does not know this Access Key ID.', 's3-media-sync' )
				: __( 'The Secret Access Key does not match the Access Key ID.', 's3-media-sync' );
			$this->results[] = new Check_Result( 'credentials', __( 'Access key', 's3-media-sync' ), Check_Result::FAIL, $message, $first->code, $this->diagnosis->invalid_credentials( $first ), $this->ms( $clock ), 'invalid_credentials' );
			return;
		}
		$this->results[] = new Check_Result( 'credentials', __( 'Access key', 's3-media-sync' ), Check_Result::SKIP, __( 'Not judged: S3 answered before checking the key.', 's3-media-sync' ), $first->code, array(), $this->ms( $clock ) );
	}

	private function location_check( string|S3_Error $location, float $clock ): Check_Result {
		if ( $location instanceof S3_Error ) {
			return $this->outcome( 'bucket_location', 's3:GetBucketLocation', $location, $clock, '' );
		}
		$this->region_detected = $location;
		if ( $location === $this->settings['region'] ) {
			/* translators: %s: region code. */
			return new Check_Result( 'bucket_location', 's3:GetBucketLocation', Check_Result::PASS, sprintf( __( 'The bucket is in %s, as configured.', 's3-media-sync' ), $location ), '', array(), $this->ms( $clock ) );
		}
		return new Check_Result(
			'bucket_location',
			's3:GetBucketLocation',
			Check_Result::FAIL,
			/* translators: 1: detected region, 2: configured region. */
			sprintf( __( 'The bucket is in %1$s, but the settings say %2$s.', 's3-media-sync' ), $location, (string) $this->settings['region'] ),
			'',
			$this->diagnosis->region_mismatch( $location ),
			$this->ms( $clock ),
			'region_mismatch'
		);
	}

	/**
	 * A PUT with the configured ACL was refused: retry without one to tell a
	 * missing s3:PutObject from an ACL problem, then name the ACL problem.
	 */
	private function acl_refused( S3_Client $client, string $key, string $body, S3_Error $refusal, float $clock ): bool {
		$plain = $client->put_object( $key, $body, 'text/plain' );
		if ( $plain instanceof S3_Error ) {
			$this->results[] = $this->outcome( 'put_object', 's3:PutObject', $plain, $clock, '' );
			$this->results[] = $this->skipped( 'put_object_acl', 's3:PutObjectAcl' );
			return false;
		}
		$acl             = (string) $this->settings['object_acl'];
		$this->results[] = new Check_Result(
			'put_object',
			's3:PutObject',
			Check_Result::PASS,
			/* translators: %s: canned ACL. */
			sprintf( __( 'Uploads work, but not with the ACL "%s": see the next line.', 's3-media-sync' ), $acl ),
			$refusal->code,
			array(),
			$this->ms( $clock )
		);
		$clock = microtime( true );
		if ( 'AccessControlListNotSupported' === $refusal->code ) {
			$this->results[] = new Check_Result( 'put_object_acl', 's3:PutObjectAcl', Check_Result::FAIL, __( 'The bucket refuses ACLs: its Object Ownership setting disables them.', 's3-media-sync' ), $refusal->code, $this->diagnosis->acl_not_supported(), $this->ms( $clock ), 'acl_not_supported' );
			return true;
		}
		// Block Public Access refuses public ACLs only: a private ACL tells whether the permission itself is there.
		$probe = $client->put_object_acl( $key, 'private' );
		if ( $probe instanceof S3_Response && 'public-read' === $acl ) {
			$this->results[] = new Check_Result( 'put_object_acl', 's3:PutObjectAcl', Check_Result::FAIL, __( 'Objects can have ACLs, but S3 refuses public-read ones: Block Public Access is on.', 's3-media-sync' ), $refusal->code, $this->diagnosis->public_access_blocked(), $this->ms( $clock ), 'public_access_blocked' );
			return true;
		}
		if ( $probe instanceof S3_Error && 'AccessControlListNotSupported' === $probe->code ) {
			$this->results[] = new Check_Result( 'put_object_acl', 's3:PutObjectAcl', Check_Result::FAIL, __( 'The bucket refuses ACLs: its Object Ownership setting disables them.', 's3-media-sync' ), $probe->code, $this->diagnosis->acl_not_supported(), $this->ms( $clock ), 'acl_not_supported' );
			return true;
		}
		$this->results[] = new Check_Result( 'put_object_acl', 's3:PutObjectAcl', Check_Result::FAIL, __( 'S3 refused to set the object ACL: the policy does not allow s3:PutObjectAcl.', 's3-media-sync' ), $refusal->code, $this->diagnosis->access_denied( 's3:PutObjectAcl', false ), $this->ms( $clock ), 'access_denied' );
		return true;
	}

	private function acl_check( S3_Client $client, string $key, bool $stored ): Check_Result {
		$acl = (string) $this->settings['object_acl'];
		if ( 'bucket-default' === $acl ) {
			return new Check_Result( 'put_object_acl', 's3:PutObjectAcl', Check_Result::SKIP, __( 'Not needed: objects take the bucket\'s default access.', 's3-media-sync' ) );
		}
		if ( ! $stored ) {
			return $this->skipped( 'put_object_acl', 's3:PutObjectAcl' );
		}
		$clock = microtime( true );
		/* translators: %s: canned ACL. */
		return $this->outcome( 'put_object_acl', 's3:PutObjectAcl', $client->put_object_acl( $key, $acl ), $clock, sprintf( __( 'The ACL "%s" can be set on objects.', 's3-media-sync' ), $acl ) );
	}

	private function read_check( S3_Client $client, string $key, string $body ): Check_Result {
		$clock = microtime( true );
		$read  = $client->get_object( $key );
		if ( $read instanceof S3_Response && $read->body !== $body ) {
			return new Check_Result( 'get_object', 's3:GetObject', Check_Result::FAIL, __( 'The test object came back different from what was uploaded.', 's3-media-sync' ), 'ContentMismatch', array( __( 'Something between this server and S3 changes the data (a proxy?): check the endpoint setting.', 's3-media-sync' ) ), $this->ms( $clock ), 'error' );
		}
		return $this->outcome( 'get_object', 's3:GetObject', $read, $clock, __( 'The test object was read back unchanged.', 's3-media-sync' ) );
	}

	/** A check's line from an S3 answer: pass, or fail with the diagnosis of the error. */
	private function outcome( string $id, string $permission, S3_Response|S3_Error|string $result, float $clock, string $success ): Check_Result {
		if ( ! $result instanceof S3_Error ) {
			return new Check_Result( $id, $permission, Check_Result::PASS, $success, '', array(), $this->ms( $clock ) );
		}
		$category = Diagnosis::category_of( $result );
		$hints    = match ( $category ) {
			'invalid_credentials'  => $this->diagnosis->invalid_credentials( $result ),
			'bucket_not_found'     => $this->diagnosis->bucket_not_found(),
			'region_mismatch'      => $this->diagnosis->region_mismatch( $this->region_detected = $result->region ),
			'access_denied'        => $this->diagnosis->access_denied( $permission, 'list_bucket' === $id ),
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
		return new Check_Result( $id, $permission, Check_Result::FAIL, $message, $result->code, $hints, $this->ms( $clock ), $category );
	}

	private function skip_rest( string $why ): void {
		$done = array_map( static fn( Check_Result $r ): string => $r->id, $this->results );
		foreach ( array(
			'bucket_location' => 's3:GetBucketLocation',
			'put_object'      => 's3:PutObject',
			'put_object_acl'  => 's3:PutObjectAcl',
			'get_object'      => 's3:GetObject',
			'public_url'      => __( 'Delivery', 's3-media-sync' ),
			'delete_object'   => 's3:DeleteObject',
		) as $id => $permission ) {
			if ( ! in_array( $id, $done, true ) ) {
				$this->results[] = new Check_Result( $id, $permission, Check_Result::SKIP, $why );
			}
		}
	}

	private function skipped( string $id, string $permission ): Check_Result {
		return new Check_Result( $id, $permission, Check_Result::SKIP, __( 'Not tried: the test object could not be uploaded.', 's3-media-sync' ) );
	}

	private function endpoint_label(): string {
		return '' !== $this->settings['endpoint'] ? (string) $this->settings['endpoint'] : 'Amazon S3 (' . $this->settings['region'] . ')';
	}

	private function ms( float $since ): int {
		return (int) round( 1000 * ( microtime( true ) - $since ) );
	}

	/** @return array<string, mixed> */
	private function not_configured( float $started ): array {
		$message = $this->store->secret_unreadable()
			? __( 'The stored Secret Access Key can no longer be read (the site\'s salts changed): enter it again and save.', 's3-media-sync' )
			: __( 'Enter the Access Key ID, Secret Access Key, bucket and region, and save, before testing.', 's3-media-sync' );
		return array(
			'ok'              => false,
			'category'        => 'not_configured',
			'title'           => Diagnosis::title( 'not_configured' ),
			'message'         => $message,
			'tested_at'       => gmdate( 'Y-m-d\TH:i:s\Z' ),
			'checks'          => array(),
			'region_detected' => null,
			'leftover_key'    => null,
			'policy'          => Policy_Document::for_bucket( (string) $this->settings['bucket'], (string) $this->settings['key_prefix'] ),
			'requests'        => 0,
			'duration_ms'     => (int) round( 1000 * ( microtime( true ) - $started ) ),
		);
	}
}
