<?php
/**
 * Refuses a JSON body that is not an object or a list before WordPress
 * reads it: core iterates the decoded body while sanitizing parameters, and
 * a scalar body ("abc", 5, true) would raise a PHP warning there. Only our
 * own routes are guarded.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_Error;
use WP_REST_Request;

final class Json_Body_Guard {

	public function register(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'check' ), 10, 3 );
	}

	/**
	 * @param mixed           $result  Result so far (null to continue).
	 * @param mixed           $server  The REST server.
	 * @param WP_REST_Request $request The request.
	 */
	public function check( mixed $result, mixed $server, WP_REST_Request $request ): mixed {
		if ( null !== $result || ! str_starts_with( $request->get_route(), '/' . Permissions::NAMESPACE . '/' ) ) {
			return $result;
		}
		$body = $request->get_body();
		if ( '' === $body || ! $request->is_json_content_type() ) {
			return $result;
		}
		$decoded = json_decode( $body, true );
		if ( JSON_ERROR_NONE === json_last_error() && ! is_array( $decoded ) && null !== $decoded ) {
			return new WP_Error(
				'rest_invalid_body',
				__( 'Send a JSON object, such as {"bucket": "my-bucket"}.', 's3-media-sync' ),
				array( 'status' => 400 )
			);
		}
		return $result;
	}
}
