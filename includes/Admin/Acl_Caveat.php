<?php
/**
 * What a switch from public to private cannot undo: copies a CDN or a
 * browser already holds were served with the public, year-long `immutable`
 * Cache-Control (Offload_Planner::IMMUTABLE), and S3 has no say over them.
 * Said wherever the owner switches media to private.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Admin;

final class Acl_Caveat {

	public static function text(): string {
		return __( 'Copies that a CDN or a browser already holds were served as public with "Cache-Control: public, max-age=31536000, immutable", and stay readable there for up to a year: purge them at your CDN if they must go now.', 's3-media-sync' );
	}
}
