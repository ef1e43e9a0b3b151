<?php
/**
 * Test S3 Access: every permission the guide's policy grants, tried in the
 * order of Check_Ids (docs/rest-api.md), on the saved settings, with a test
 * object under <prefix>wp-content/uploads/ that is removed at the end. Each
 * step is a small check (Checks/); this class runs them within the time
 * limit and hands back an Access_Report. At most 10 S3 requests on the
 * success path, never longer than 30 seconds.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Access;

use S3MediaSync\Access\Checks\Check;
use S3MediaSync\Access\Checks\Check_Run;
use S3MediaSync\Access\Checks\Cleanup_Check;
use S3MediaSync\Access\Checks\Delivery_Check;
use S3MediaSync\Access\Checks\Listing_Check;
use S3MediaSync\Access\Checks\Location_Check;
use S3MediaSync\Access\Checks\Read_Check;
use S3MediaSync\Access\Checks\Upload_Check;
use S3MediaSync\S3\Client_Factory;
use S3MediaSync\Settings\Settings_Store;

final class Access_Check {

	public const TIME_LIMIT = 30.0;

	/** Seconds kept back so the test object can still be deleted when S3 is slow. */
	private const CLEANUP_RESERVE = 8.0;

	public function __construct(
		private readonly Settings_Store $store,
		private readonly Client_Factory $factory
	) {}

	/** @return array<string, mixed> The answer of POST /test. */
	public function run(): array {
		return $this->report()->to_array();
	}

	public function report(): Access_Report|Not_Configured_Report {
		$started  = microtime( true );
		$settings = $this->store->values();
		$client   = $this->factory->client();
		$policy   = Policy_Document::for_bucket( (string) $settings['bucket'], (string) $settings['key_prefix'] );
		if ( null === $client ) {
			return new Not_Configured_Report( $this->store->secret_unreadable(), $policy, $this->ms( $started ) );
		}
		$credentials    = $this->factory->credential_source();
		$final_deadline = $started + self::TIME_LIMIT - 1;
		$client->set_deadline( $final_deadline - self::CLEANUP_RESERVE );
		$run = new Check_Run(
			$client,
			$settings,
			new Diagnosis( (string) $settings['bucket'], (string) $settings['region'], (string) $settings['key_prefix'], (string) ( $credentials['access_key_id'] ?? $settings['access_key_id'] ), $credentials['source'] ?? '' ),
			(string) $settings['key_prefix'] . 'wp-content/uploads/s3-media-sync-test-' . strtolower( wp_generate_password( 12, false ) ) . '.txt',
			'S3 Media Sync access test, ' . gmdate( 'c' ) . "\n"
		);
		foreach ( $this->checks( $final_deadline ) as $check ) {
			if ( ! $check->run( $run ) ) {
				break;
			}
		}
		return new Access_Report(
			$run->results(),
			array_values( array_map( 'intval', $client->clock_corrections() ) ),
			$run->region_detected,
			$run->leftover_key,
			$policy,
			$client->requests() + $run->extra_requests,
			$this->ms( $started ),
			gmdate( 'Y-m-d\TH:i:s\Z' ),
			$credentials
		);
	}

	/** @return list<Check> The steps, in the order of Check_Ids. */
	private function checks( float $final_deadline ): array {
		return array(
			new Listing_Check(),
			new Location_Check(),
			new Upload_Check(),
			new Read_Check(),
			new Delivery_Check(),
			// The time kept back is for this: never leave the test object behind for want of time.
			new Cleanup_Check( $final_deadline ),
		);
	}

	private function ms( float $since ): int {
		return (int) round( 1000 * ( microtime( true ) - $since ) );
	}
}
