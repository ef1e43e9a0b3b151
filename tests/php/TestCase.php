<?php
/**
 * Base class: real WordPress, real database. Users and options a test makes
 * are removed after it, so each test starts from the installed site.
 *
 * @package S3MediaSync\Tests
 */

declare(strict_types=1);

namespace S3MediaSync\Tests;

abstract class TestCase extends \PHPUnit\Framework\TestCase {

	/** @var list<int> */
	private array $created_users = array();

	protected function tearDown(): void {
		foreach ( $this->created_users as $user_id ) {
			wp_delete_user( $user_id );
		}
		$this->created_users = array();
		wp_set_current_user( 0 );
		// Deletions a test's settings made S3 refuse must not be retried into the next test.
		( new \S3MediaSync\Media\Deletion_Queue() )->clear();
		wp_clear_scheduled_hook( 's3_media_sync_retry' );
		parent::tearDown();
	}

	/**
	 * Dispatches a REST request through the real server, as the current user.
	 *
	 * @param mixed $body Encoded as JSON unless it is already a string.
	 */
	protected function rest( string $method, string $route, mixed $body = null ): \WP_REST_Response {
		$request = new \WP_REST_Request( $method, $route );
		if ( null !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( is_string( $body ) ? $body : (string) wp_json_encode( $body ) );
		}
		return rest_get_server()->dispatch( $request );
	}

	/** The option exactly as the database holds it (serialized), or null. */
	protected function raw_option( string $name ): ?string {
		global $wpdb;
		wp_cache_delete( $name, 'options' );
		wp_cache_delete( 'alloptions', 'options' );
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
		return null === $value ? null : (string) $value;
	}

	/** @return array<string, mixed> The environment `npm test` started (see tools/lib/run-state.ts). */
	protected static function run_state(): array {
		$file = getenv( 'S3MS_RUN_STATE' );
		self::assertIsString( $file, 'S3MS_RUN_STATE is not set: run through `npm test`' );
		return json_decode( (string) file_get_contents( $file ), true, 32, JSON_THROW_ON_ERROR );
	}

	/**
	 * Calls the S3 front's control API (outages, replays, request log).
	 *
	 * @param array<string, mixed>|null $body JSON body.
	 * @return mixed Decoded answer.
	 */
	protected static function front( string $method, string $path, ?array $body = null ): mixed {
		$response = wp_remote_request(
			self::run_state()['s3']['controlUrl'] . $path,
			array(
				'method'  => $method,
				'headers' => array( 'Content-Type' => 'application/json' ),
				'body'    => null === $body ? null : (string) wp_json_encode( $body ),
				'timeout' => 10,
			)
		);
		self::assertIsArray( $response, 'the S3 front control API did not answer' );
		return json_decode( (string) wp_remote_retrieve_body( $response ), true );
	}

	/**
	 * One of the recorded AWS answers, as raw HTTP text: `$name.http` in
	 * S3MS_AWS_RESPONSES when set, else in tests/fixtures/aws-responses/.
	 */
	protected static function aws_response( string $name ): string {
		$dir  = getenv( 'S3MS_AWS_RESPONSES' ) ?: dirname( __DIR__ ) . '/fixtures/aws-responses';
		$file = $dir . '/' . $name . '.http';
		self::assertFileExists( $file );
		return (string) file_get_contents( $file );
	}

	/**
	 * Saves the guide's settings for the least-privilege user against the front.
	 *
	 * @param array<string, mixed> $overrides Fields to change.
	 */
	protected static function configure_guide_settings( array $overrides = array() ): void {
		$s3 = self::run_state()['s3'];
		\S3MediaSync\Plugin::settings()->update(
			array_merge(
				array(
					'access_key_id'     => $s3['user']['accessKeyId'],
					'secret_access_key' => $s3['user']['secretAccessKey'],
					'bucket'            => $s3['bucket'],
					'region'            => $s3['region'],
					'endpoint'          => $s3['endpoint'],
					'use_path_style'    => true,
					'object_acl'        => 'public-read',
				),
				$overrides
			)
		);
	}

	/** Creates a user with the role and makes them the current user. */
	protected function act_as( string $role ): int {
		$user_id = wp_insert_user(
			array(
				'user_login' => $role . '-' . wp_generate_password( 8, false ),
				'user_pass'  => wp_generate_password(),
				'user_email' => $role . '-' . wp_generate_password( 8, false ) . '@example.test',
				'role'       => $role,
			)
		);
		$this->assertIsInt( $user_id, 'could not create a ' . $role );
		$this->created_users[] = $user_id;
		wp_set_current_user( $user_id );
		return $user_id;
	}
}
