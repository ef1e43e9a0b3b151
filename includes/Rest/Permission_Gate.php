<?php
/**
 * Checks the plugin's one permission (manage_options) before WordPress reads
 * or validates anything a request to our namespace sends. Core validates
 * route arguments before it calls a route's permission_callback, so without
 * this a visitor posting a malformed body would be answered 400 with what
 * the route expects, after our validators had run on the input; with it,
 * everyone but an administrator gets 401/403 whatever they send. OPTIONS is
 * left to core, which describes routes to anyone.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_REST_Request;

final class Permission_Gate {

	/** Before Json_Body_Guard (10), which reads the body. */
	public const PRIORITY = 5;

	public function register(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'check' ), self::PRIORITY, 3 );
	}

	/**
	 * @param mixed           $result  Result so far (null to continue).
	 * @param mixed           $server  The REST server.
	 * @param WP_REST_Request $request The request.
	 * @return mixed The result so far, or an error that ends the request.
	 */
	public function check( mixed $result, mixed $server, WP_REST_Request $request ): mixed {
		if ( null !== $result || 'OPTIONS' === $request->get_method() || ! Permissions::is_own_route( $request->get_route() ) ) {
			return $result;
		}
		$allowed = Permissions::manage_options();
		return true === $allowed ? $result : $allowed;
	}
}
