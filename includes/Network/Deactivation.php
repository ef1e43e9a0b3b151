<?php
/**
 * What deactivation stops: the retry job. Deactivated network-wide, the
 * plugin stops on every site of that network, so every one of them loses
 * its job; a site where it stays active on its own keeps it. Uploads wait
 * for the next activation or bulk copy.
 *
 * @package S3MediaSync
 */

declare(strict_types=1);

namespace S3MediaSync\Network;

use S3MediaSync\Media\Retry_Scheduler;

final class Deactivation {

	public function __construct( private readonly string $plugin_basename ) {}

	public function deactivate( bool $network_wide ): void {
		if ( ! is_multisite() || ! $network_wide ) {
			wp_clear_scheduled_hook( Retry_Scheduler::HOOK );
			return;
		}
		foreach ( self::site_ids( get_current_network_id() ) as $site_id ) {
			switch_to_blog( $site_id );
			if ( ! in_array( $this->plugin_basename, (array) get_option( 'active_plugins', array() ), true ) ) {
				wp_clear_scheduled_hook( Retry_Scheduler::HOOK );
			}
			restore_current_blog();
		}
	}

	/** @return list<int> Every site of the network, a page at a time (archived, spam and deleted ones too). */
	public static function site_ids( int $network_id ): array {
		$ids  = array();
		$page = 0;
		do {
			$batch = get_sites(
				array(
					'fields'     => 'ids',
					'network_id' => $network_id,
					'number'     => 500,
					'offset'     => 500 * $page++,
					'orderby'    => 'id',
					'archived'   => null,
					'deleted'    => null,
					'spam'       => null,
				)
			);
			array_push( $ids, ...array_map( 'intval', $batch ) );
		} while ( 500 === count( $batch ) );
		return $ids;
	}
}
