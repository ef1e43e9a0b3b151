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
}
