<?php
/**
 * Every route of the plugin is for administrators (manage_options). Visitors
 * get 401, logged-in users without the capability 403, as WordPress does.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Rest;

use WP_Error;

final class Permissions {

	public const NAMESPACE = 's3-media-sync/v1';

	public static function manage_options(): bool|WP_Error {
		if ( current_user_can( 'manage_options' ) ) {
			return true;
		}
		return new WP_Error(
			'rest_forbidden',
			__( 'Only administrators can manage S3 Media Sync.', 's3-media-sync' ),
			array( 'status' => rest_authorization_required_code() )
		);
	}

	/**
	 * A route below our namespace (not the namespace's own index, which core
	 * serves to anyone). Core matches routes without regard to case, so this
	 * does too: /S3-Media-Sync/v1/settings reaches the same handler.
	 */
	public static function is_own_route( string $route ): bool {
		return 0 === stripos( $route, '/' . self::NAMESPACE . '/' );
	}
}
