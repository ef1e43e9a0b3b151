<?php
/**
 * The test, site-health and sync routes publish the schema of what they
 * answer (OPTIONS, as core's routes do), and what they really answer fits
 * it: the check ids and categories come from the code's own lists.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests\Rest;

use S3MediaSync\Access\Check_Ids;
use S3MediaSync\Access\Diagnosis;
use S3MediaSync\Settings\Settings_Fields;
use S3MediaSync\Tests\TestCase;

/**
 * Needs the S3 side (moto and the S3 front): `npm test` starts it only for this group.
 *
 * @group s3
 */
final class ResponseSchemasTest extends TestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->act_as( 'administrator' );
		self::front( 'POST', '/reset' );
	}

	protected function tearDown(): void {
		delete_option( Settings_Fields::OPTION );
		parent::tearDown();
	}

	/** @return array<string, mixed> The schema OPTIONS publishes for the route. */
	private function published_schema( string $route ): array {
		$response = $this->rest( 'OPTIONS', $route );
		$this->assertSame( 200, $response->get_status() );
		$schema = $response->get_data()['schema'] ?? null;
		$this->assertIsArray( $schema, "$route publishes a schema" );
		return $schema;
	}

	/**
	 * @param array<string, mixed> $schema The route's schema.
	 * @param mixed                $answer What the route answered.
	 */
	private function assert_fits( array $schema, mixed $answer, string $route ): void {
		$valid = rest_validate_value_from_schema( json_decode( (string) wp_json_encode( $answer ), true ), $schema, $route );
		$this->assertTrue( true === $valid, is_wp_error( $valid ) ? $valid->get_error_message() : $route );
	}

	public function test_the_access_test_answer_fits_its_schema(): void {
		self::configure_guide_settings();
		$schema = $this->published_schema( '/s3-media-sync/v1/test' );
		$this->assertSame( Check_Ids::ORDER, $schema['properties']['checks']['items']['properties']['id']['enum'] );
		$this->assertSame( Diagnosis::CATEGORIES, $schema['properties']['category']['enum'] );
		$answer = $this->rest( 'POST', '/s3-media-sync/v1/test' )->get_data();
		$this->assertSame( Check_Ids::ORDER, array_column( $answer['checks'], 'id' ) );
		$this->assert_fits( $schema, $answer, 'POST /test' );
		// A wrong answer does not fit: the schema is not a formality.
		$answer['checks'][0]['id'] = 'no_such_check';
		$this->assertTrue( is_wp_error( rest_validate_value_from_schema( $answer, $schema, 'changed' ) ) );
	}

	public function test_the_site_health_and_sync_answers_fit_their_schemas(): void {
		self::configure_guide_settings();
		$health = $this->published_schema( '/s3-media-sync/v1/site-health' );
		$this->assert_fits( $health, $this->rest( 'GET', '/s3-media-sync/v1/site-health' )->get_data(), 'GET /site-health' );
		$sync = $this->published_schema( '/s3-media-sync/v1/sync' );
		$this->assert_fits( $sync, $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data(), 'GET /sync' );
		$batch = $this->published_schema( '/s3-media-sync/v1/sync/batch' );
		$this->assert_fits( $batch, $this->rest( 'POST', '/s3-media-sync/v1/sync/batch', array( 'limit' => 1 ) )->get_data(), 'POST /sync/batch' );
		$job = $this->published_schema( '/s3-media-sync/v1/sync/job' );
		$this->assert_fits( $job, $this->rest( 'POST', '/s3-media-sync/v1/sync/job', array( 'workers' => 1 ) )->get_data(), 'POST /sync/job' );
		// A job under way (the one just started may be done already: nothing to copy).
		update_option(
			\S3MediaSync\Sync\Sync_Job::OPTION,
			array(
				'state'   => 'running',
				'workers' => 1,
				'started' => time(),
				'total'   => 3,
			),
			false
		);
		$paused = $this->rest( 'POST', '/s3-media-sync/v1/sync/job/pause' )->get_data();
		$this->assert_fits( $this->published_schema( '/s3-media-sync/v1/sync/job/pause' ), $paused, 'POST /sync/job/pause' );
		$this->assertSame( 'paused', $paused['job']['state'] );
		$this->assert_fits( $sync, $this->rest( 'GET', '/s3-media-sync/v1/sync' )->get_data(), 'GET /sync with a job' );
		delete_option( \S3MediaSync\Sync\Sync_Job::OPTION );
		wp_clear_scheduled_hook( \S3MediaSync\Sync\Sync_Job::CRON_HOOK );
	}
}
