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
