<?php
/**
 * Refuses, before WordPress reads it, a body our routes cannot take: JSON
 * that is not an object (core iterates the decoded body while sanitizing
 * parameters, and a scalar such as "abc", 5 or true raises a PHP warning
 * there; null and lists would be taken for "no parameters"), and a body in
 * any other format than JSON or a form, which core would silently ignore.
 * Invalid JSON is left to core, which answers rest_invalid_json. Only our
 * own routes are guarded.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_Error;
use WP_REST_Request;

final class Json_Body_Guard {

	/** Body formats WordPress parses into parameters besides JSON. */
	private const FORM_TYPES = array( 'application/x-www-form-urlencoded', 'multipart/form-data' );

	public function register(): void {
		add_filter( 'rest_pre_dispatch', array( $this, 'check' ), 10, 3 );
	}

	/**
	 * @param mixed           $result  Result so far (null to continue).
	 * @param mixed           $server  The REST server.
	 * @param WP_REST_Request $request The request.
	 * @return mixed The result so far, or an error that ends the request.
	 */
	public function check( mixed $result, mixed $server, WP_REST_Request $request ): mixed {
		if ( null !== $result || ! Permissions::is_own_route( $request->get_route() ) ) {
			return $result;
		}
		$body = (string) $request->get_body(); // Null for a request made in PHP without one.
		if ( '' === $body ) {
			return $result;
		}
		if ( ! $request->is_json_content_type() ) {
			$type = $request->get_content_type();
			if ( null !== $type && in_array( strtolower( (string) $type['value'] ), self::FORM_TYPES, true ) ) {
				return $result;
			}
			return new WP_Error(
				'rest_unsupported_media_type',
				__( 'Send the request body as JSON, with the header Content-Type: application/json.', 's3-media-sync' ),
				array( 'status' => 415 )
			);
		}
		$decoded = json_decode( $body );
		if ( JSON_ERROR_NONE === json_last_error() && ! $decoded instanceof \stdClass ) {
			return new WP_Error(
				'rest_invalid_body',
				__( 'Send the request body as a JSON object, in braces { }, or send no body.', 's3-media-sync' ),
				array( 'status' => 400 )
			);
		}
		return $result;
	}
}
