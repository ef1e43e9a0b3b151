<?php
/**
 * `wp s3-media-sync deleted-sites [<site-id>] [--forget]`: what sites deleted
 * from this network left in S3 (see Network\Deleted_Sites). Without an ID,
 * one line per deleted site; with one, every bucket and key, one per line,
 * ready for a script or the AWS CLI; `--forget` drops the entry once the
 * objects are dealt with.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Cli;

use S3MediaSync\Network\Deleted_Sites;

final class Deleted_Sites_Command {

	/**
	 * @param list<string>          $args       Positional arguments.
	 * @param array<string, string> $assoc_args Flags.
	 */
	public function __invoke( array $args, array $assoc_args ): void {
		$network = get_current_network_id();
		if ( array() === $args ) {
			$entries = Deleted_Sites::entries( $network );
			if ( array() === $entries ) {
				Terminal::success( __( 'No deleted site left objects in S3.', 's3-media-sync' ) );
				return;
			}
			foreach ( $entries as $site_id => $entry ) {
				Terminal::line( sprintf( "%d\t%s\t%d\t%s", (int) $site_id, $entry['url'], (int) $entry['count'], implode( ',', (array) $entry['buckets'] ) ) );
			}
			return;
		}
		$site_id = (int) $args[0];
		if ( isset( $assoc_args['forget'] ) ) {
			if ( ! Deleted_Sites::forget( $network, $site_id ) ) {
				/* translators: %d: site ID. */
				Terminal::error( sprintf( __( 'No deleted site %d is listed.', 's3-media-sync' ), $site_id ) );
			}
			/* translators: %d: site ID. */
			Terminal::success( sprintf( __( 'Deleted site %d is no longer listed.', 's3-media-sync' ), $site_id ) );
			return;
		}
		foreach ( Deleted_Sites::objects( $network, $site_id ) as $object ) {
			Terminal::line( $object['bucket'] . "\t" . $object['key'] );
		}
	}
}
