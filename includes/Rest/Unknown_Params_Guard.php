<?php
/**
 * Refuses, once the route is matched and the user allowed, body fields the
 * route does not take, and path parameters (the attachment ID) given again in
 * the body or the query string. Core ignores unknown fields, so a typo
 * ("limt") would silently do something else than asked; and it lets the body
 * and the query string override the path, so POST /attachments/5/acl with
 * {"id": 7} would act on attachment 7. Core's own parameters (_wpnonce,
 * _method, _fields…) are left alone.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_Error;
use WP_REST_Request;

final class Unknown_Params_Guard {

	/** Parameters WordPress itself reads on any route. */
	public const CORE_PARAMS = array( '_wpnonce', '_method', '_envelope', '_fields', '_embed', '_jsonp', '_locale', '_pretty' );

	/** Names echoed in a message are cut to this many characters. */
	private const NAME_LENGTH = 40;

	/** At most this many names are listed in a message. */
	private const NAMES_LISTED = 5;

	public function register(): void {
		add_filter( 'rest_request_before_callbacks', array( $this, 'check' ), 10, 3 );
	}

	/**
	 * @param mixed           $response Result so far: an error when validation failed.
	 * @param array           $handler  The matched route handler.
	 * @param WP_REST_Request $request  The request.
	 * @return mixed The result so far, or an error that ends the request.
	 */
	public function check( mixed $response, array $handler, WP_REST_Request $request ): mixed {
		if ( is_wp_error( $response ) || ! Permissions::is_own_route( $request->get_route() ) ) {
			return $response;
		}
		$in_path = array_map( 'strval', array_keys( $request->get_url_params() ) );
		$allowed = array_diff( array_map( 'strval', array_keys( (array) ( $handler['args'] ?? array() ) ) ), $in_path );
		$sent    = array_merge(
			array_keys( is_array( $request->get_json_params() ) ? $request->get_json_params() : array() ),
			array_keys( $request->get_body_params() )
		);

		$problems = array();
		foreach ( array_unique( array_map( 'strval', $sent ) ) as $name ) {
			if ( in_array( $name, self::CORE_PARAMS, true ) || in_array( $name, $allowed, true ) ) {
				continue;
			}
			$problems[ self::shown( $name ) ] = in_array( $name, $in_path, true )
				? __( 'This is given in the URL, and only there.', 's3-media-sync' )
				: self::not_taken( $allowed );
		}
		foreach ( array_keys( $request->get_query_params() ) as $name ) {
			if ( in_array( (string) $name, $in_path, true ) ) {
				$problems[ self::shown( (string) $name ) ] = __( 'This is given in the URL, and only there.', 's3-media-sync' );
			}
		}
		if ( array() === $problems ) {
			return $response;
		}

		$names = array_keys( $problems );
		$list  = implode( ', ', array_slice( $names, 0, self::NAMES_LISTED ) );
		if ( count( $names ) > self::NAMES_LISTED ) {
			/* translators: 1: a list of parameter names, 2: how many more there are. */
			$list = sprintf( __( '%1$s and %2$d more', 's3-media-sync' ), $list, count( $names ) - self::NAMES_LISTED );
		}
		return new WP_Error(
			'rest_invalid_param',
			/* translators: %s: comma-separated parameter names. */
			sprintf( __( 'Invalid parameter(s): %s', 's3-media-sync' ), $list ),
			array(
				'status' => 400,
				// A name such as "0" would make a JSON list of the messages.
				'params' => array_is_list( $problems ) ? (object) $problems : $problems,
			)
		);
	}

	/** @param array<string> $allowed What the route takes. */
	private static function not_taken( array $allowed ): string {
		if ( array() === $allowed ) {
			return __( 'This request takes no parameters.', 's3-media-sync' );
		}
		if ( count( $allowed ) > self::NAMES_LISTED ) {
			return __( 'This is not a parameter of this request.', 's3-media-sync' );
		}
		/* translators: %s: comma-separated parameter names. */
		return sprintf( __( 'This is not a parameter of this request, which takes: %s.', 's3-media-sync' ), implode( ', ', $allowed ) );
	}

	/**
	 * A name as a message may show it: what was sent is echoed as plain,
	 * short text, whatever it held (markup, control bytes, a megabyte).
	 */
	private static function shown( string $name ): string {
		if ( '' === $name ) {
			return '""';
		}
		$shown = (string) preg_replace( '/[^A-Za-z0-9_.\-\[\]]/', '?', substr( $name, 0, self::NAME_LENGTH ) );
		return strlen( $name ) > self::NAME_LENGTH ? $shown . '…' : $shown;
	}
}
